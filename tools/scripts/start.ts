// `npm start`: build (type-check, cached by Nx), fill an empty ACAD_HOME with the sample data
// through every zone, run one monitoring report, then serve. Apps run as separate processes,
// so no app imports another.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const home = resolve(root, process.env['ACAD_HOME'] ?? '.acad');
const env = { ...process.env, ACAD_HOME: home, NX_DAEMON: process.env['NX_DAEMON'] ?? 'false', NX_NO_CLOUD: 'true' };
const tsx = ['--conditions=@acad/source', '--import', 'tsx'];

function step(title: string, command: string, args: string[]): void {
  process.stdout.write(`\n▸ ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`✗ ${title} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

const node = (script: string, ...args: string[]) => step(args[0] === '--out' ? 'sample data' : script, process.execPath, [...tsx, script, ...args]);

step('build: type-check every project (cached by Nx)', join(root, 'node_modules/.bin/nx'), ['run-many', '-t', 'typecheck', '--output-style=static']);

const logDir = join(home, 'platform', '_log');
if (!existsSync(logDir) || readdirSync(logDir).length === 0) {
  const sample = join(home, 'sample');
  node('tools/sample-data/src/main.ts', '--out', sample, '--students', process.env['ACAD_SAMPLE_STUDENTS'] ?? '500');
  for (const dataset of ['students', 'courses', 'attendance', 'admissions']) {
    step(`ingest ${dataset}`, process.execPath, [...tsx, 'apps/ingestion-worker/src/main.ts', join(sample, `${dataset}.csv`), '--dataset', dataset]);
  }
} else {
  process.stdout.write(`\n▸ ${home} already holds data: skipping the sample data\n`);
}
if (existsSync(join(root, 'apps/monitoring-reporter/src/cli.ts'))) {
  step('monitoring report', process.execPath, [...tsx, 'apps/monitoring-reporter/src/main.ts', 'report']);
}
process.stdout.write('\n▸ publishing server\n');
const server = spawn(process.execPath, [...tsx, 'apps/publishing-server/src/main.ts'], { cwd: root, env, stdio: 'inherit' });
const forward = (signal: NodeJS.Signals) => server.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
server.on('exit', (code) => process.exit(code ?? 0));
