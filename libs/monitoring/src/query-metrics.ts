import type { Metric } from './metric';
import type { MetricsSink } from './metrics-sink';

/** Bytes scanned by one query, as an engine reports it (Athena, per query); the cost report adds them up. */
export const QUERY_BYTES_METRIC = 'QueryBytesScanned';

/** What an engine reports of one query it ran (Athena's `Statistics`). */
export interface QueryStatistics {
  queryExecutionId: string;
  state: string;
  dataScannedBytes: number;
}

/** The metric of one query's scanned bytes, by engine and by the app that ran it. */
export function queryBytesMetric(statistics: QueryStatistics, engine: string, app: string, timestamp: Date): Metric {
  return {
    name: QUERY_BYTES_METRIC,
    unit: 'Bytes',
    value: statistics.dataScannedBytes,
    dimensions: { Engine: engine, App: app, State: statistics.state },
    timestamp,
  };
}

/**
 * A callback for an engine's per-query statistics that publishes each query's scanned bytes to
 * `sink`. The engine calls it synchronously; a publish that fails is logged, never thrown into
 * the query that ran.
 */
export function publishQueryBytes(
  sink: MetricsSink,
  options: { engine: string; app: string; onError: (error: unknown) => void; now?: () => Date },
): (statistics: QueryStatistics) => void {
  const now = options.now ?? (() => new Date());
  return (statistics) => {
    sink.publish([queryBytesMetric(statistics, options.engine, options.app, now())]).catch(options.onError);
  };
}
