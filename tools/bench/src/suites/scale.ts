import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { captureEnvironment, loadNote } from '../environment';
import { attendanceCsv } from '../fixtures';
import { runMeasured, type Measurement } from '../measure';
import { evaluateRow, formatNumber, ratio, type BenchRow, type SuiteResult } from '../report';
import { deriveScaleFiles } from '../scale-fixtures';
import { parametersOf, type SuiteOptions } from './suite-options';

type Rows = { read: number; accepted: number; duplicates: number; quarantined: number };
type Timed = { ms: number; rows: Rows; stepMs: Record<string, number> };
type ScaleRun = Measurement & {
  setupMs: number;
  daily: Timed;
  correction?: Timed;
  partitions: number;
  filesPerPartition: { max: number; mean: number };
};

export const DAILY_ROWS = 20_000;
/** Runs of the baseline (the daily file into an empty lake, each a fresh lake): both ratios divide by their median. */
export const BASELINE_RUNS = 3;

/** Where a batch's time went, step by step. */
function steps(run: Timed): string {
  return Object.entries(run.stepMs)
    .map(([step, ms]) => `${step} ${formatNumber(ms / 1000)}`)
    .join(', ');
}
export const CORRECTION_ROWS = 2_000;

/**
 * Issue 21: a batch must cost what it brings, not what the lake holds. One daily file (20k rows
 * of a new day) into an empty lake — the baseline — and into a lake of `--rows` rows, then a
 * correction of 2,000 re-delivered rows into that lake; each lake in its own child process.
 */
export async function runScaleSuite(options: SuiteOptions): Promise<SuiteResult> {
  const { progress } = options;
  const env = captureEnvironment();
  const startedAt = new Date().toISOString();
  await mkdir(options.cacheDir, { recursive: true });
  const work = await mkdtemp(join(options.cacheDir, 'run-scale-'));
  try {
    progress.start(`generate ${options.rows} rows`, options.rows);
    const csv = await attendanceCsv(options.cacheDir, options.rows, options.seed, (p) => progress.update(p.done, p.total));
    progress.start('derive the daily file and the correction', 1);
    const files = await deriveScaleFiles(csv.path, { daily: DAILY_ROWS, correction: CORRECTION_ROWS });

    // The baseline is one short batch, so one slow run would flatter both ratios: the median of several.
    const empties: ScaleRun[] = [];
    for (let run = 1; run <= BASELINE_RUNS; run++) {
      progress.start(`daily file into an empty lake (${run} of ${BASELINE_RUNS})`, 3);
      const home = join(work, `empty-${run}`);
      empties.push(
        await runMeasured<ScaleRun>('scale-batches', { home, daily: files.daily }, { onProgress: (p) => progress.update(p.done, p.total) }),
      );
      await rm(home, { recursive: true, force: true });
    }
    const empty = [...empties].sort((a, b) => a.daily.ms - b.daily.ms)[Math.floor(BASELINE_RUNS / 2)];
    progress.start(`a lake of ${options.rows} rows, then the daily file and the correction`, 3);
    const big = await runMeasured<ScaleRun>(
      'scale-batches',
      { home: join(work, 'big'), lakeCsv: csv.path, daily: files.daily, correction: files.correction },
      { onProgress: (p) => progress.update(p.done, p.total) },
    );
    progress.stop();

    const seconds = (ms: number) => ms / 1000;
    const correction = big.correction as NonNullable<ScaleRun['correction']>;
    const rows: BenchRow[] = [
      {
        suite: 'scale',
        measure: `daily file (${DAILY_ROWS} rows) into an empty lake (median of ${BASELINE_RUNS})`,
        value: seconds(empty.daily.ms),
        unit: 's',
      },
      {
        suite: 'scale',
        measure: `daily file into a lake of ${options.rows} rows`,
        value: seconds(big.daily.ms),
        unit: 's',
        ratio: { value: ratio(big.daily.ms, empty.daily.ms), label: '÷ empty lake' },
        target: { op: '<=', threshold: 1.5 },
      },
      {
        suite: 'scale',
        measure: `correction of ${CORRECTION_ROWS} re-delivered rows into that lake`,
        value: seconds(correction.ms),
        unit: 's',
        ratio: { value: ratio(correction.ms, empty.daily.ms), label: '÷ daily into empty' },
        target: { op: '<=', threshold: 2 },
      },
      { suite: 'scale', measure: 'trusted files per partition after both (max)', value: big.filesPerPartition.max, unit: 'files' },
      { suite: 'scale', measure: 'trusted files per partition after both (mean)', value: big.filesPerPartition.mean, unit: 'files' },
    ];
    const finished = env.finish();
    return {
      suite: 'scale',
      startedAt,
      finishedAt: new Date().toISOString(),
      environment: finished,
      parameters: { ...parametersOf(options), dailyRows: DAILY_ROWS, correctionRows: CORRECTION_ROWS, csvCached: csv.cached },
      rows: rows.map(evaluateRow),
      notes: [
        `The lake: ${options.rows} attendance rows (seed "${options.seed}") in one batch, untimed (${formatNumber(seconds(big.setupMs))} s), ${big.partitions} monthly partitions. The daily file: ${DAILY_ROWS} rows of the teaching week after the lake's last day (Monday first), for students' course sections the lake holds; the correction: ${CORRECTION_ROWS} rows of the lake re-delivered with their status changed and recorded 30 days later. Each batch is timed alone (runLandingFile, landing → commit, curated products included).`,
        `The daily file into an empty lake, each run: ${empties.map((r) => `${formatNumber(seconds(r.daily.ms))} s`).join(', ')}.`,
        `Steps (s): daily into empty (the median run) ${steps(empty.daily)}; into the lake ${steps(big.daily)}; correction ${steps(correction)}.`,
        `Rows: daily into empty ${JSON.stringify(empty.daily.rows)}; into the lake ${JSON.stringify(big.daily.rows)}; correction ${JSON.stringify(correction.rows)}.`,
        ...loadNote(finished),
      ],
      parts: { empty, empties, big },
    };
  } finally {
    progress.stop();
    await rm(work, { recursive: true, force: true });
  }
}
