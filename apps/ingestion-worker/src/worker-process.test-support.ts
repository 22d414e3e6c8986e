import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');

const ENTRY_POINTS = {
  ingest: 'apps/ingestion-worker/src/main.ts',
  acad: 'apps/acad-cli/src/main.ts',
  sampleData: 'tools/sample-data/src/main.ts',
  monitor: 'apps/monitoring-reporter/src/main.ts',
} as const;

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment of a command run against one ACAD_HOME, free of the caller's ACAD_* settings. */
export function acadEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('ACAD_')) env[name] = value;
  return { ...env, ACAD_HOME: home, ACAD_LOG_LEVEL: 'warn', NO_COLOR: '1' };
}

type Command = keyof typeof ENTRY_POINTS;

export interface CommandOptions {
  /** Settings over the command's {@link acadEnv}. */
  env?: NodeJS.ProcessEnv;
  /** Through tsx from its sources, as `npm run <name>` does, even when the command is bundled. */
  throughTsx?: boolean;
}

/**
 * How to start `command`: from the JavaScript bundle of its sources that jest.command-bundles.cjs
 * built for the run (through tsx, most of a short run's CPU goes to compiling TypeScript at every
 * start; the code that runs is the same), or, with {@link CommandOptions.throughTsx}, from its
 * sources through tsx as `npm run <name>` does.
 */
function invocation(command: Command, home: string, options: CommandOptions): { args: string[]; env: NodeJS.ProcessEnv } {
  const env = { ...acadEnv(home), ...options.env };
  if (options.throughTsx) return { args: ['--conditions=@acad/source', '--import', 'tsx', ENTRY_POINTS[command]], env };
  // Read from the real environment: acadEnv hands the commands only non-ACAD_ settings of the caller.
  const bundles = process.env['ACAD_TEST_BUNDLES'];
  const nodePath = process.env['ACAD_TEST_BUNDLE_NODE_PATH'];
  if (!bundles || !nodePath) throw new Error('ACAD_TEST_BUNDLES is not set: the Jest configs build the bundles in their globalSetup.');
  return { args: [join(bundles, command, 'src', 'main.cjs')], env: { ...env, NODE_PATH: nodePath } };
}

/** Starts a command the way `npm run <name>` does (TypeScript runtime, source condition), or from its bundle. */
export function startCommand(command: Command, args: string[], home: string, options: CommandOptions = {}): ChildProcess {
  const how = invocation(command, home, options);
  return spawn(process.execPath, [...how.args, ...args], {
    cwd: REPO_ROOT,
    env: how.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs a command to its end. */
export function runCommand(command: Command, args: string[], home: string, options: CommandOptions = {}): Promise<ProcessResult> {
  const how = invocation(command, home, options);
  return new Promise((done, fail) => {
    execFile(process.execPath, [...how.args, ...args], { cwd: REPO_ROOT, env: how.env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number' && !error.signal) fail(error);
      else
        done({
          code: error ? ((error.code as number | null) ?? null) : 0,
          signal: (error?.signal as NodeJS.Signals | undefined) ?? null,
          stdout,
          stderr,
        });
    });
  });
}

/** The manifest fields these tests read (tools cannot be imported from an app). */
export interface SampleManifest {
  files: Record<'students' | 'courses' | 'attendance' | 'admissions', { file: string; rows: number }>;
}

export async function generateSampleFiles(outDir: string, students: number, seed: string): Promise<SampleManifest> {
  const result = await runCommand('sampleData', ['--out', outDir, '--students', String(students), '--seed', seed], outDir);
  if (result.code !== 0) throw new Error(`sample-data failed: ${result.stderr}`);
  return JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as SampleManifest;
}

/** Every file under `dir`, relative to it (empty when the folder does not exist). */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {
    recursive: true,
    withFileTypes: true,
  }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
