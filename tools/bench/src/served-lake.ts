import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalKeyring } from '@acad/crypto';
import { BenchPartFailed } from './bench-errors';
import { attendanceCsv } from './fixtures';
import { runNodeScript } from './run-node';

export interface ServedLake {
  /** The ACAD_HOME to serve. */
  home: string;
  /** True when an earlier run had already built it. */
  cached: boolean;
  /** Seconds the build took (0 when cached). */
  buildSeconds: number;
  /** Rows each ingested file read and accepted, by dataset. */
  batches: Record<string, { read: number; accepted: number }>;
}

interface BatchSummary {
  dataset: string;
  status: string;
  rows: { read: number; accepted: number };
}

// Reference data first, so the attendance batches' referential rules and models see it. The
// sample attendance is there for its sections, which are in the sample course list (the generated
// rows' mostly are not), so the department charts and filter have real departments.
const SAMPLE_DATASETS = ['students', 'courses', 'admissions', 'attendance'] as const;
const BATCHES_FILE = 'batches.json';

async function ingest(home: string, file: string, dataset: string): Promise<BatchSummary> {
  const out = await runNodeScript(['apps/ingestion-worker/src/main.ts', file, '--dataset', dataset, '--json'], {
    part: `ingest ${dataset}`,
    env: { ...process.env, ACAD_HOME: home },
  });
  const parsed = JSON.parse(out) as BatchSummary | BatchSummary[];
  const summary = Array.isArray(parsed) ? parsed[0] : parsed;
  if (summary?.status !== 'committed') throw new BenchPartFailed(`ingest ${dataset}`, `batch ended "${summary?.status}", not committed`);
  return summary;
}

/**
 * A lake (ACAD_HOME) with curated products from `rows` generated attendance rows plus the
 * sample students, courses and admissions, built with the platform's own CLIs in their own
 * processes (sample-data, then the ingestion worker per file) and cached under `cacheDir` by
 * rows and seed: the 10-million-row build takes minutes.
 */
export async function servedLake(
  cacheDir: string,
  rows: number,
  seed: string,
  onStep?: (done: number, total: number, label: string) => void,
): Promise<ServedLake> {
  const dir = join(cacheDir, `lake-${rows}-${encodeURIComponent(seed)}`);
  const home = join(dir, 'home');
  const complete = join(dir, '.complete');
  if (existsSync(complete)) {
    const batches = JSON.parse(await readFile(join(dir, BATCHES_FILE), 'utf8')) as ServedLake['batches'];
    return { home, cached: true, buildSeconds: 0, batches };
  }
  // A folder without the marker is a build that stopped half way: start again.
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  const total = SAMPLE_DATASETS.length + 2;
  onStep?.(0, total, 'attendance CSV');
  const csv = await attendanceCsv(cacheDir, rows, seed);
  const sample = join(dir, 'sample');
  onStep?.(1, total, 'sample data');
  await runNodeScript(['tools/sample-data/src/main.ts', '--out', sample, '--seed', seed, '--json'], { part: 'sample-data' });
  // The first-run step (`acad keys init` on this empty lake): keys are made explicitly, never by an ingest.
  LocalKeyring.create(home);
  const batches: ServedLake['batches'] = {};
  for (const [i, dataset] of SAMPLE_DATASETS.entries()) {
    onStep?.(2 + i, total, `ingest ${dataset}`);
    const summary = await ingest(home, join(sample, `${dataset}.csv`), dataset);
    batches[`sample ${dataset}`] = { read: summary.rows.read, accepted: summary.rows.accepted };
  }
  onStep?.(total - 1, total, `ingest ${rows} attendance rows`);
  const attendance = await ingest(home, csv.path, 'attendance');
  batches['attendance'] = { read: attendance.rows.read, accepted: attendance.rows.accepted };
  onStep?.(total, total, 'done');
  await rm(sample, { recursive: true, force: true });
  await writeFile(join(dir, BATCHES_FILE), `${JSON.stringify(batches)}\n`);
  await writeFile(complete, '');
  return { home, cached: false, buildSeconds: (performance.now() - started) / 1000, batches };
}
