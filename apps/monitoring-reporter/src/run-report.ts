import { collectStorageUsage, readLocalMetrics, storageUsageToMetrics } from '@acad/monitoring';
import type { ReporterParts } from './compose';
import { buildReport, type MonitoringReport } from './report';

export interface RunReportOptions {
  now: Date;
  /** Days of pipeline runs to summarise. */
  days: number;
}

export interface PublishedMetrics {
  destination: string;
  metrics: number;
}

/** Collects storage usage and recorded pipeline metrics, builds the report and publishes the storage metrics. */
export async function runReport(parts: ReporterParts, options: RunReportOptions): Promise<{ report: MonitoringReport; published: PublishedMetrics }> {
  const since = new Date(options.now.getTime() - options.days * 86_400_000);
  const storage = await collectStorageUsage(parts.stores);
  let unreadable = 0;
  // Read from a few days before the window, so alarms can look back past its start.
  const recordedMetrics = await readLocalMetrics(parts.home, {
    since: new Date(since.getTime() - 3 * 86_400_000),
    onProblem: () => unreadable++,
  });
  const report = buildReport({ generatedAt: options.now, storage, recordedMetrics, since, unreadableMetricLines: unreadable });
  const metrics = storageUsageToMetrics(storage, options.now);
  await parts.sink.publish(metrics);
  return { report, published: { destination: parts.sinkDescription, metrics: metrics.length } };
}
