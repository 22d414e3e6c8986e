import type { Metric } from './metric';

/** What to read back: metrics timestamped in [since, until). */
export interface MetricsReadRange {
  since: Date;
  until: Date;
  /** Called with each record the reader skipped because it could not read it (e.g. a bad EMF line). */
  onProblem?: (problem: string) => void;
}

/**
 * The port through which the monitoring reporter reads published metrics back. Adapters:
 * `LocalEmfReader` (the EMF files `LocalEmfSink` writes under ACAD_HOME) and
 * `CloudWatchMetricsReader` (GetMetricData), chosen by the reporter's composition root.
 */
export interface MetricsReader {
  /** Where the metrics are read from, for the report. */
  readonly description: string;
  read(range: MetricsReadRange): Promise<Metric[]>;
}
