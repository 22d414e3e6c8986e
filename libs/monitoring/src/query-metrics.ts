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
 * A callback for Athena's per-query statistics that publishes each query's scanned bytes to
 * `sink`, for the app named `app`. The engine calls it synchronously; a publish that fails is
 * logged as a warning, never thrown into the query that ran.
 */
export function publishQueryBytes(
  sink: MetricsSink,
  app: string,
  logger: { warn(fields: object, message: string): void },
  now: () => Date = () => new Date(),
): (statistics: QueryStatistics) => void {
  return (statistics) => {
    sink
      .publish([queryBytesMetric(statistics, 'athena', app, now())])
      .catch((error: unknown) => logger.warn({ err: error }, 'could not publish an Athena query metric'));
  };
}
