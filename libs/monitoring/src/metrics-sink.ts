import type { Metric } from './metric';

/** The metrics port. Adapters: `LocalEmfSink` (EMF lines under ACAD_HOME) and `CloudWatchSink`. */
export interface MetricsSink {
  /** Publishes every metric or throws; an empty list publishes nothing. */
  publish(metrics: readonly Metric[]): Promise<void>;
}
