import type { Metric } from './metric';

/** What a run reports of one landing file (the batch summary of libs/zones, as far as metrics need it). */
export interface BatchOutcomeCounts {
  dataset: string;
  status: 'committed' | 'duplicate' | 'rejected' | 'failed';
  rows: { read: number; accepted: number; duplicates: number; quarantined: number };
  /** The score counts failed error rules against passed ones; warnings are reported beside it. */
  quality: { score: number; passed: number; warned: number; failed: number };
  durationMs: number;
}

/**
 * The pipeline metrics of one landing file, with dimension `Dataset` (counts only: never a value
 * from a row). Every app that runs landing files publishes these, so the monitor sees every run.
 */
export function batchMetrics(summary: BatchOutcomeCounts, timestamp: Date): Metric[] {
  const dimensions = { Dataset: summary.dataset };
  const metric = (name: string, value: number, unit: Metric['unit']): Metric => ({ name, value, unit, dimensions, timestamp });
  // A rejected file never became a batch: it is counted as a file, apart from failed batches.
  const count = summary.status === 'rejected' ? 'FilesRejected' : `Batches${summary.status[0].toUpperCase()}${summary.status.slice(1)}`;
  const metrics = [metric(count, 1, 'Count')];
  if (summary.status === 'committed') {
    metrics.push(
      metric('RowsRead', summary.rows.read, 'Count'),
      metric('RowsAccepted', summary.rows.accepted, 'Count'),
      metric('RowsDuplicate', summary.rows.duplicates, 'Count'),
      metric('RowsQuarantined', summary.rows.quarantined, 'Count'),
      metric('QualityScore', summary.quality.score * 100, 'Percent'),
      // The score's breakdown, so the monitor shows what it is made of.
      metric('QualityRulesPassed', summary.quality.passed, 'Count'),
      metric('QualityRulesFailed', summary.quality.failed, 'Count'),
      metric('QualityRulesWarned', summary.quality.warned, 'Count'),
      metric('BatchDurationMs', summary.durationMs, 'Milliseconds'),
    );
  }
  return metrics;
}
