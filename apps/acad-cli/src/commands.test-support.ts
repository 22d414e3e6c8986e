import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(__dirname, '../../..');
const run = promisify(execFile);

/** The programs the end-to-end suites run, by the name jest.command-bundles.cjs bundles them under. */
export const COMMANDS = {
  acad: 'apps/acad-cli/src/main.ts',
  ingest: 'apps/ingestion-worker/src/main.ts',
  'sample-data': 'tools/sample-data/src/main.ts',
} as const;

export type CommandName = keyof typeof COMMANDS;

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to its end against one ACAD_HOME, from the repository's root. `via: 'tsx'` starts
 * it as `npm run <name>` does (the TypeScript sources through tsx); the default starts the bundle of
 * the same sources that jest.command-bundles.cjs built for the run, which spends about 0.35 CPU-s a
 * start instead of 0.9 (most of a short command's CPU through tsx goes to loading TypeScript).
 */
export async function runCommand(
  command: CommandName,
  args: string[],
  env: NodeJS.ProcessEnv,
  via: 'bundle' | 'tsx' = 'bundle',
): Promise<CommandResult> {
  const bundles = process.env['ACAD_TEST_BUNDLES'];
  const nodePath = process.env['ACAD_TEST_BUNDLE_NODE_PATH'];
  if (via === 'bundle' && (!bundles || !nodePath))
    throw new Error('ACAD_TEST_BUNDLES is not set: jest.config.cjs builds the bundles in its globalSetup.');
  const start =
    via === 'tsx'
      ? { args: ['--conditions=@acad/source', '--import', 'tsx', COMMANDS[command]], env }
      : { args: [join(bundles as string, command, 'src', 'main.cjs')], env: { ...env, NODE_PATH: nodePath } };
  try {
    const { stdout, stderr } = await run(process.execPath, [...start.args, ...args], { cwd: root, env: start.env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
