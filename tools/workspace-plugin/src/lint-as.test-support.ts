import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');

export interface LintProbe {
  /** The file the text is linted as, relative to the repository root (it need not exist). */
  path: string;
  text: string;
}

export interface LintMessage {
  ruleId: string | null;
  message: string;
}

// ESLint's Node API, as `eslint --stdin --stdin-filename <path>` uses it; its config is ESM, so it runs
// outside Jest's module sandbox. The report alone is printed: anything else on stdout (such as the Nx rules'
// warning that no project graph is cached, when they skip) fails the JSON parse.
const LINT_TEXTS = `
const { ESLint } = require('eslint');
let input = '';
process.stdin.on('data', (chunk) => (input += chunk)).on('end', async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const reports = [];
  for (const { path, text } of JSON.parse(input)) reports.push((await eslint.lintText(text, { filePath: path }))[0].messages);
  process.stdout.write(JSON.stringify(reports));
});
`;

/**
 * Lints each probe's text as the file at its path with the workspace's config: all in one ESLint process,
 * which loads the config and the project graph once for every probe; the messages of each, in order.
 */
export function lintAs(probes: LintProbe[]): LintMessage[][] {
  const result = spawnSync(process.execPath, ['-e', LINT_TEXTS], {
    cwd: REPO_ROOT,
    input: JSON.stringify(probes),
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (!result.stdout) throw new Error(`eslint printed nothing (exit ${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as LintMessage[][];
}
