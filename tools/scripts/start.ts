// `npm start`: fill an empty ACAD_HOME with the sample data
// through every zone, run one monitoring report, then serve. Apps run as separate processes,
// so no app imports another.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const home = resolve(root, process.env['ACAD_HOME'] ?? '.acad');
const env = { ...process.env, ACAD_HOME: home };
const tsx = ['--conditions=@acad/source', '--import', 'tsx'];

class StepFailed extends Error {
  constructor(
    readonly title: string,
    readonly exitCode: number,
  ) {
    super(`${title} failed (exit ${exitCode})`);
  }
}

function step(title: string, command: string, args: string[]): void {
  process.stdout.write(`\n▸ ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) throw new StepFailed(title, result.status ?? 1);
}

const app = (title: string, script: string, ...args: string[]) => step(title, process.execPath, [...tsx, script, ...args]);

function loadSampleData(): void {
  // The sample files hold plaintext PII like real exports: keep them outside ACAD_HOME and
  // remove them once ingested (their bytes live on, encrypted, in raw).
  const sample = mkdtempSync(join(tmpdir(), 'acad-sample-'));
  try {
    app('sample data', 'tools/sample-data/src/main.ts', '--out', sample, '--students', process.env['ACAD_SAMPLE_STUDENTS'] ?? '500');
    // Every dataset the generator wrote, in its order (reference data first).
    const manifest = JSON.parse(readFileSync(join(sample, 'manifest.json'), 'utf8')) as {
      files: Record<string, { dataset: string; file: string }>;
    };
    for (const { dataset, file } of Object.values(manifest.files)) {
      app(`ingest ${dataset}`, 'apps/ingestion-worker/src/main.ts', join(sample, file), '--dataset', dataset);
    }
  } finally {
    rmSync(sample, { recursive: true, force: true });
  }
}

function main(): void {
  // No build and no type-check here: tsx runs the sources as they are, and type-checking
  // belongs to `npm test` (it took almost three minutes of a first start).
  const logDir = join(home, 'platform', '_log');
  if (!existsSync(logDir) || readdirSync(logDir).length === 0) {
    // The explicit first-run step: keys are made only on an empty lake (an existing keyring is kept).
    app('keys', 'apps/acad-cli/src/main.ts', 'keys', 'init');
    loadSampleData();
  } else process.stdout.write(`\n▸ ${home} already holds data: skipping the sample data\n`);
  app('monitoring report', 'apps/monitoring-reporter/src/main.ts', 'report');

  process.stdout.write('\n▸ publishing server\n');
  const server = spawn(process.execPath, [...tsx, 'apps/publishing-server/src/main.ts'], { cwd: root, env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => server.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  server.on('exit', (code) => process.exit(code ?? 0));
}

try {
  main();
} catch (error) {
  process.stderr.write(`✗ npm start: ${(error as Error).message}\n`);
  process.exit(error instanceof StepFailed ? error.exitCode : 1);
}
