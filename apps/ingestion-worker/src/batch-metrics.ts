import type { Metric } from '@acad/monitoring';
import type { BatchSummary } from '@acad/zones';

/** The pipeline metrics of one batch (counts only: never a value from a row). */
export function batchMetrics(summary: BatchSummary, timestamp: Date): Metric[] {
  const dimensions = { Dataset: summary.dataset };
  const metric = (name: string, value: number, unit: Metric['unit']): Metric => ({ name, value, unit, dimensions, timestamp });
  const metrics = [metric(`Batches${summary.status[0].toUpperCase()}${summary.status.slice(1)}`, 1, 'Count')];
  if (summary.status === 'committed') {
    metrics.push(
      metric('RowsRead', summary.rows.read, 'Count'),
      metric('RowsAccepted', summary.rows.accepted, 'Count'),
      metric('RowsDuplicate', summary.rows.duplicates, 'Count'),
      metric('RowsQuarantined', summary.rows.quarantined, 'Count'),
      metric('QualityScore', summary.quality.score * 100, 'Percent'),
      metric('BatchDurationMs', summary.durationMs, 'Milliseconds'),
    );
  }
  return metrics;
}
