import { mkdir } from 'node:fs/promises';
import { captureEnvironment, loadNote } from '../environment';
import { attendanceCsv } from '../fixtures';
import { runMeasured, type Measurement } from '../measure';
import { evaluateRow, formatNumber, ratio, type BenchRow, type SuiteResult } from '../report';
import { kibToMib, parametersOf, perSecond, type SuiteOptions } from './suite-options';

type QualityRun = Measurement & {
  rows: number;
  threads: number;
  scanMs: number;
  rulesMs: number;
  scanRulesMs: number;
  gateMs: number;
  dqdlMs: number;
  parseMs: number;
  dqdlLines: number;
  ruleCount: number;
  referenceRules: number;
  outcomes: Record<string, string>;
};

const REPEATS = 3;

/**
 * Issue 5: the full attendance ruleset (`datasetRules(AttendanceContract)`) evaluated on a
 * typed DuckDB table of `rows` rows, against one bare DuckDB scan of every column of the same
 * table, both timed in one child process (the table is loaded once, untimed).
 */
export async function runQualitySuite(options: SuiteOptions): Promise<SuiteResult> {
  const { progress } = options;
  const env = captureEnvironment();
  const startedAt = new Date().toISOString();
  await mkdir(options.cacheDir, { recursive: true });
  try {
    progress.start(`generate ${options.rows} rows`, options.rows);
    const csv = await attendanceCsv(options.cacheDir, options.rows, options.seed, (p) => progress.update(p.done, p.total));
    progress.start('load table, bare scan, ruleset', 3);
    const run = await runMeasured<QualityRun>(
      'quality-rules',
      { csv: csv.path, repeats: REPEATS },
      { onProgress: (p) => progress.update(p.done, p.total) },
    );
    progress.stop();

    const rows: BenchRow[] = [
      {
        suite: 'quality',
        measure: `bare DuckDB scan, min/max of all 8 columns (threads=${run.threads})`,
        value: run.scanMs / 1000,
        unit: 's',
      },
      {
        suite: 'quality',
        measure: `full attendance ruleset, ${run.ruleCount} rules (${run.referenceRules} referential)`,
        value: run.rulesMs / 1000,
        unit: 's',
        ratio: { value: ratio(run.rulesMs, run.scanMs), label: '÷ scan' },
        target: { op: '<=', threshold: 1.5 },
      },
      {
        suite: 'quality',
        measure: `ruleset without the ${run.referenceRules} referential rules (one aggregate scan)`,
        value: run.scanRulesMs / 1000,
        unit: 's',
        ratio: { value: ratio(run.scanRulesMs, run.scanMs), label: '÷ scan' },
      },
      {
        suite: 'quality',
        measure: 'full ruleset as a batch gate runs it (key uniqueness from the promotion, issue 21)',
        value: run.gateMs / 1000,
        unit: 's',
        ratio: { value: ratio(run.gateMs, run.scanMs), label: '÷ scan' },
        target: { op: '<=', threshold: 2 },
      },
      {
        suite: 'quality',
        measure: `same ruleset authored as DQDL (${run.dqdlLines} lines): parse + evaluate`,
        value: run.dqdlMs / 1000,
        unit: 's',
        ratio: { value: ratio(run.dqdlMs, run.rulesMs), label: '÷ rules built in code' },
        target: { op: '<=', threshold: 1.1 },
      },
      { suite: 'quality', measure: 'DQDL parse of that ruleset alone', value: run.parseMs, unit: 'ms' },
      { suite: 'quality', measure: 'ruleset throughput', value: perSecond(run.rows, run.rulesMs), unit: 'rows/s' },
      { suite: 'quality', measure: 'child peak RSS (table in memory)', value: kibToMib(run.maxRssKiB), unit: 'MiB' },
    ];
    const failed = Object.entries(run.outcomes).filter(([, outcome]) => outcome !== 'passed');
    const finished = env.finish();
    return {
      suite: 'quality',
      startedAt,
      finishedAt: new Date().toISOString(),
      environment: finished,
      parameters: { ...parametersOf(options), csv: csv.path, csvCached: csv.cached, repeats: REPEATS },
      rows: rows.map(evaluateRow),
      notes: [
        `Input: ${run.rows} attendance rows (seed "${options.seed}")${csv.cached ? ', reused from the cache' : ''}, loaded into a typed in-memory DuckDB table; references (students, courses) are the distinct keys of the same table. Load not timed.`,
        `Each part is the median of ${REPEATS} timed runs after one warm-up scan: bare scan ${formatNumber(run.scanMs / 1000)} s, ruleset ${formatNumber(run.rulesMs / 1000)} s, ruleset without references ${formatNumber(run.scanRulesMs / 1000)} s.`,
        `Rules not passed on the generated data (it carries invalid rows on purpose; the anomaly rule has no history here): ${failed.map(([id, o]) => `${id} ${o}`).join(', ') || 'none'}.`,
        ...loadNote(finished),
      ],
      parts: { quality: run },
    };
  } finally {
    progress.stop();
  }
}
