import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { captureEnvironment, loadNote } from '../environment';
import { attendanceCsv, smallAttendanceFiles } from '../fixtures';
import { runMeasured, type Measurement } from '../measure';
import { evaluateRow, formatNumber, ratio, type BenchRow, type SuiteResult } from '../report';
import { kibToMib, parametersOf, perSecond, type SuiteOptions } from './suite-options';

type Baseline = Measurement & { rows: number; threads: number };
type Pipeline = Measurement & {
  landMs: number;
  stepMs: Record<string, number>;
  rows: { read: number; accepted: number; duplicates: number; quarantined: number };
};
type Naive = Measurement & { rows: number; valid: number };
type SmallFiles = Measurement & { files: number; rowsRead: number };

const GIB_IN_MIB = 1024;

/**
 * Issue 3: the attendance pipeline (landing → curated) against DuckDB's bare CSV → Parquet
 * COPY and against a naive row-by-row Node peer, all measured in this run, each part in its
 * own child process so peak RSS is that part's own.
 */
export async function runIngestSuite(options: SuiteOptions): Promise<SuiteResult> {
  const { progress } = options;
  const env = captureEnvironment();
  const startedAt = new Date().toISOString();
  await mkdir(options.cacheDir, { recursive: true });
  const work = await mkdtemp(join(options.cacheDir, 'run-ingest-'));
  try {
    progress.start(`generate ${options.rows} rows`, options.rows);
    const csv = await attendanceCsv(options.cacheDir, options.rows, options.seed, (p) => progress.update(p.done, p.total));

    progress.start('baseline: DuckDB COPY', 1);
    const baseline = await runMeasured<Baseline>('ingest-baseline', { csv: csv.path, output: join(work, 'baseline.parquet') });
    await rm(join(work, 'baseline.parquet'), { force: true });

    progress.start('pipeline: landing → curated', 7);
    const pipeline = await runMeasured<Pipeline>(
      'ingest-pipeline',
      { csv: csv.path, home: join(work, 'home') },
      { onProgress: (p) => progress.update(p.done, p.total) },
    );
    await rm(join(work, 'home'), { recursive: true, force: true });

    const naiveRows = Math.min(options.naiveRows, options.rows);
    progress.start('naive Node peer', naiveRows);
    const naive = await runMeasured<Naive>(
      'ingest-naive',
      { csv: csv.path, rows: naiveRows, accepted: join(work, 'naive-accepted.ndjson'), rejected: join(work, 'naive-rejected.ndjson') },
      { onProgress: (p) => progress.update(p.done, p.total) },
    );
    await rm(join(work, 'naive-accepted.ndjson'), { force: true });

    progress.start(`generate ${options.smallFiles} small files`, options.smallFiles);
    const small = await smallAttendanceFiles(options.cacheDir, options.smallFiles, options.smallFileRows, options.seed, (p) =>
      progress.update(p.done, p.total),
    );
    progress.start('small files: a batch each, committed by group', options.smallFiles);
    const smallRun = await runMeasured<SmallFiles>(
      'ingest-small-files',
      { dir: small.dir, home: join(work, 'home-small') },
      { onProgress: (p) => progress.update(p.done, p.total) },
    );
    progress.stop();

    const baselineRate = perSecond(baseline.rows, baseline.ms);
    const pipelineRate = perSecond(pipeline.rows.read, pipeline.ms);
    const naiveRate = perSecond(naive.rows, naive.ms);
    const rows: BenchRow[] = [
      { suite: 'ingest', measure: `baseline: DuckDB COPY CSV→Parquet (threads=${baseline.threads})`, value: baselineRate, unit: 'rows/s' },
      {
        suite: 'ingest',
        measure: 'pipeline: runLandingFile landing→curated',
        value: pipelineRate,
        unit: 'rows/s',
        ratio: { value: ratio(pipelineRate, baselineRate), label: '÷ baseline' },
        target: { op: '>=', threshold: 0.4, aim: 0.6 },
      },
      {
        suite: 'ingest',
        measure: `naive Node peer (csv-parse→zod→NDJSON, ${naive.rows} rows)`,
        value: naiveRate,
        unit: 'rows/s',
        ratio: { value: ratio(pipelineRate, naiveRate), label: 'pipeline ÷ naive' },
        target: { op: '>=', threshold: 3 },
      },
      {
        suite: 'ingest',
        measure: 'pipeline peak RSS',
        value: kibToMib(pipeline.maxRssKiB),
        unit: 'MiB',
        target: { op: '<=', threshold: 2 * GIB_IN_MIB },
      },
      { suite: 'ingest', measure: 'baseline peak RSS', value: kibToMib(baseline.maxRssKiB), unit: 'MiB' },
      { suite: 'ingest', measure: 'naive peer peak RSS', value: kibToMib(naive.maxRssKiB), unit: 'MiB' },
      {
        suite: 'ingest',
        measure: `small files: ${smallRun.files} × ${options.smallFileRows} rows, land + run each`,
        value: perSecond(smallRun.files, smallRun.ms),
        unit: 'files/s',
        target: { op: '>=', threshold: 50 },
      },
      { suite: 'ingest', measure: 'small files peak RSS', value: kibToMib(smallRun.maxRssKiB), unit: 'MiB' },
    ];
    const steps = Object.entries(pipeline.stepMs)
      .map(([step, ms]) => `${step} ${formatNumber(ms / 1000)} s`)
      .join(', ');
    const finished = env.finish();
    return {
      suite: 'ingest',
      startedAt,
      finishedAt: new Date().toISOString(),
      environment: finished,
      parameters: { ...parametersOf(options), naiveRows, csv: csv.path, csvCached: csv.cached, smallFilesCached: small.cached },
      rows: rows.map(evaluateRow),
      notes: [
        `Input: ${options.rows} attendance rows (seed "${options.seed}")${csv.cached ? ', reused from the cache' : ''}; every part runs in its own Node child process; peak RSS is that child's maxRSS.`,
        `Baseline: one DuckDB pipeline engine with default settings (threads=${baseline.threads}), COPY (SELECT * FROM read_csv(f)) TO Parquet with ZSTD, the compression every pipeline file uses. ${formatNumber(baseline.ms / 1000)} s.`,
        `Pipeline: runLandingFile on one landed file, timed alone (landFile's copy into landing took ${formatNumber(pipeline.landMs / 1000)} s and is not counted). ${formatNumber(pipeline.ms / 1000)} s: ${steps}. Rows read ${pipeline.rows.read} = accepted ${pipeline.rows.accepted} + duplicates ${pipeline.rows.duplicates} + quarantined ${pipeline.rows.quarantined}.`,
        `Naive peer: the first ${naive.rows} rows, csv-parse streaming → zod schema (compiled once) → NDJSON through an fs write stream, ${formatNumber(naive.ms / 1000)} s; rows/s scaled from that subset. No JS Parquet writer is installed, so it writes NDJSON, which is cheaper than Parquet; it also neither de-duplicates nor builds curated models. All of that favours the peer.`,
        `Small files: ${smallRun.files} files of ${options.smallFileRows} rows (one seed each), landed, then run in one worker run (as ingest run does) into one lake: each file is its own batch, and consecutive small files are promoted together and committed by group (up to 250 a commit); the catalog, its lineage file and the quality history are written as on every run. ${formatNumber(smallRun.ms / 1000)} s including each landFile.`,
        ...loadNote(finished),
      ],
      parts: { baseline, pipeline, naive, smallFiles: smallRun },
    };
  } finally {
    progress.stop();
    await rm(work, { recursive: true, force: true });
  }
}
