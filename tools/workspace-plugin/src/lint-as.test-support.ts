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
  return runEslintScript(LINT_TEXTS, REPO_ROOT, probes) as LintMessage[][];
}

/** Runs one of the scripts above in a Node process in `cwd`, `input` as JSON on its stdin; what it printed, parsed. */
function runEslintScript(script: string, cwd: string, input: unknown): unknown {
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd,
    input: JSON.stringify(input),
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (!result.stdout) throw new Error(`eslint printed nothing (exit ${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout);
}

// ESLint's Node API as each project's lint target (`eslint <targets>` in the project's folder) uses it, for
// several projects in one process: the shared config and its plugins load once instead of once per project.
const LINT_PROJECTS = `
const { resolve } = require('node:path');
const { ESLint } = require('eslint');
let input = '';
process.stdin.on('data', (chunk) => (input += chunk)).on('end', async () => {
  const reports = {};
  for (const [project, targets] of Object.entries(JSON.parse(input))) {
    const eslint = new ESLint({ cwd: resolve(project) });
    const results = await eslint.lintFiles(targets);
    const output = (await eslint.loadFormatter('stylish')).format(results);
    reports[project] = { problems: results.reduce((n, r) => n + r.errorCount + r.warningCount, 0), output };
  }
  process.stdout.write(JSON.stringify(reports));
});
`;

export interface LintReport {
  /** Errors and warnings: the lint targets allow neither (as `--max-warnings 0`). */
  problems: number;
  output: string;
}

/** Lints `targets` (relative to their project's folder) of each project (a folder relative to `root`) in one ESLint process. */
export function lintProjects(root: string, targets: Record<string, string[]>): Record<string, LintReport> {
  return runEslintScript(LINT_PROJECTS, root, targets) as Record<string, LintReport>;
}
