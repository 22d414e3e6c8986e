import { metricIdentity, type Metric } from '@acad/monitoring';

/**
 * Metric names the ingestion worker writes once per landing file, with dimension `Dataset`.
 * `BatchesRejected` is what older workers wrote for a rejected file (now `FilesRejected`).
 */
export const PIPELINE_METRICS = [
  'BatchesCommitted',
  'BatchesFailed',
  'FilesRejected',
  'BatchesRejected',
  'BatchesDuplicate',
  'RowsRead',
  'RowsAccepted',
  'RowsDuplicate',
  'RowsQuarantined',
  'QualityScore',
  'QualityRulesPassed',
  'QualityRulesFailed',
  'QualityRulesWarned',
  'BatchDurationMs',
] as const;
/** Derived here, per batch: 100 × RowsQuarantined / RowsRead. */
export const QUARANTINED_PERCENT_METRIC = 'QuarantinedPercent';

export interface DatasetRuns {
  dataset: string;
  batches: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsDuplicate: number;
  rowsQuarantined: number;
  /** Batches that failed their quality gate (nothing committed; the file waits in landing). */
  batchesFailed: number;
  /** Files rejected whole: never batches, moved to the rejected area. */
  filesRejected: number;
  /** Re-deliveries skipped as duplicates. */
  batchesDuplicate: number;
  /** Quality score (%) of the newest batch, and the average over the window. */
  latestQualityScore: number | null;
  averageQualityScore: number | null;
  /** The newest batch's rules behind its score (null for batches of workers that did not publish them). */
  latestQualityRules: { passed: number; failed: number; warned: number } | null;
  /** Null when no rows were read. */
  quarantinedPercent: number | null;
  averageBatchDurationMs: number | null;
  maxBatchDurationMs: number | null;
  lastRunAt: string;
}

export interface RunsSummary {
  since: string;
  /** Batches that read rows (committed). */
  batches: number;
  /** Batches that failed their quality gate. */
  failures: number;
  /** Files rejected whole, apart from failed batches (see `acad rejected list`). */
  rejectedFiles: number;
  datasets: DatasetRuns[];
  /** Lines under ACAD_HOME/metrics that were not valid EMF and were skipped. */
  unreadableMetricLines: number;
}

function isPipelineMetric(metric: Metric): boolean {
  const dims = Object.keys(metric.dimensions);
  return (PIPELINE_METRICS as readonly string[]).includes(metric.name) && dims.length === 1 && dims[0] === 'Dataset';
}

/** Per-dataset totals of the batches recorded since `since`. */
export function summarizeRuns(metrics: readonly Metric[], since: Date, unreadableMetricLines = 0): RunsSummary {
  const byDataset = new Map<string, Metric[]>();
  for (const metric of metrics) {
    if (!isPipelineMetric(metric) || metric.timestamp < since) continue;
    const dataset = metric.dimensions['Dataset'];
    byDataset.set(dataset, [...(byDataset.get(dataset) ?? []), metric]);
  }
  const datasets = [...byDataset.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([dataset, list]) => {
      const values = (name: string) => list.filter((m) => m.name === name).map((m) => m.value);
      const sum = (name: string) => values(name).reduce((a, b) => a + b, 0);
      const durations = values('BatchDurationMs');
      const byTime = [...list].sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
      const scores = byTime.filter((m) => m.name === 'QualityScore').map((m) => m.value);
      const rowsRead = sum('RowsRead');
      const rowsQuarantined = sum('RowsQuarantined');
      return {
        dataset,
        batches: values('RowsRead').length,
        rowsRead,
        rowsAccepted: sum('RowsAccepted'),
        rowsDuplicate: sum('RowsDuplicate'),
        rowsQuarantined,
        batchesFailed: sum('BatchesFailed'),
        filesRejected: sum('FilesRejected') + sum('BatchesRejected'),
        batchesDuplicate: sum('BatchesDuplicate'),
        latestQualityScore: scores.length > 0 ? round2(scores[scores.length - 1]) : null,
        averageQualityScore: scores.length > 0 ? round2(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
        latestQualityRules: latestRules(byTime),
        quarantinedPercent: rowsRead > 0 ? round2((100 * rowsQuarantined) / rowsRead) : null,
        averageBatchDurationMs: durations.length > 0 ? round2(durations.reduce((a, b) => a + b, 0) / durations.length) : null,
        maxBatchDurationMs: durations.length > 0 ? Math.max(...durations) : null,
        lastRunAt: new Date(Math.max(...list.map((m) => m.timestamp.getTime()))).toISOString(),
      };
    });
  return {
    since: since.toISOString(),
    batches: datasets.reduce((n, d) => n + d.batches, 0),
    failures: datasets.reduce((n, d) => n + d.batchesFailed, 0),
    rejectedFiles: datasets.reduce((n, d) => n + d.filesRejected, 0),
    datasets,
    unreadableMetricLines,
  };
}

/**
 * One `QuarantinedPercent` datapoint per batch (RowsRead and RowsQuarantined written together,
 * same dataset and timestamp), so a threshold alarm can watch the ratio.
 */
export function quarantinedPercentMetrics(metrics: readonly Metric[]): Metric[] {
  const batches = new Map<string, { dimensions: Record<string, string>; timestamp: Date; read: number; quarantined?: number }>();
  for (const metric of metrics) {
    if (!isPipelineMetric(metric) || (metric.name !== 'RowsRead' && metric.name !== 'RowsQuarantined')) continue;
    const key = `${metric.timestamp.getTime()}|${metricIdentity('', metric.dimensions)}`;
    const batch = batches.get(key) ?? { dimensions: metric.dimensions, timestamp: metric.timestamp, read: 0 };
    if (metric.name === 'RowsRead') batch.read += metric.value;
    else batch.quarantined = (batch.quarantined ?? 0) + metric.value;
    batches.set(key, batch);
  }
  return [...batches.values()]
    .filter((b) => b.read > 0 && b.quarantined !== undefined)
    .map((b) => ({
      name: QUARANTINED_PERCENT_METRIC,
      unit: 'Percent' as const,
      value: (100 * (b.quarantined ?? 0)) / b.read,
      dimensions: { ...b.dimensions },
      timestamp: b.timestamp,
    }));
}

/** `9/0/15`: the newest batch's rules passed / failed / warned, behind its score; `-` when unknown. */
export function qualityRules(d: Pick<DatasetRuns, 'latestQualityRules'>): string {
  const r = d.latestQualityRules;
  return r === null ? '-' : `${r.passed}/${r.failed}/${r.warned}`;
}

/** What the quality columns of the run table mean, printed under it. */
export const QUALITY_COLUMNS_NOTE =
  'quality %: rules passed against rules passed plus failed (only error rules fail); rules p/f/w: passed/failed/warned, warnings not counted';

/** The rule counts published with the newest QualityScore, when that batch published them. */
function latestRules(byTime: readonly Metric[]): DatasetRuns['latestQualityRules'] {
  const score = byTime.filter((m) => m.name === 'QualityScore').at(-1);
  if (!score) return null;
  const at = (name: string) => byTime.find((m) => m.name === name && m.timestamp.getTime() === score.timestamp.getTime())?.value;
  const passed = at('QualityRulesPassed');
  const failed = at('QualityRulesFailed');
  const warned = at('QualityRulesWarned');
  return passed === undefined || failed === undefined || warned === undefined ? null : { passed, failed, warned };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export interface BatchPoint {
  dataset: string;
  at: string;
  value: number;
}

/** One point per batch of a pipeline metric (e.g. BatchDurationMs, QualityScore), oldest first, for charts. */
export function batchSeries(metrics: readonly Metric[], name: string, since: Date): BatchPoint[] {
  return metrics
    .filter((m) => m.name === name && isPipelineMetric(m) && m.timestamp >= since)
    .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime())
    .map((m) => ({ dataset: m.dimensions['Dataset'], at: m.timestamp.toISOString(), value: m.value }));
}
