import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchSink } from './cloud-watch-sink';
import { LocalEmfSink, localMetricsDirectory } from './local-emf-sink';
import type { MetricsSink } from './metrics-sink';

/** Where metrics go, as an app's composition root chose it (ACAD_METRICS). */
export interface MetricsDestination {
  /** ACAD_HOME: EMF files under `<home>/metrics` unless `cloudWatch` is given. */
  home: string;
  /** ACAD_METRICS=cloudwatch: through a client the root built for `region`. */
  cloudWatch?: { client: CloudWatchClient; region: string };
}

/** The metrics sink for a destination, with where it publishes, for summaries. */
export function createMetricsSink(destination: MetricsDestination): { sink: MetricsSink; description: string } {
  if (destination.cloudWatch) {
    return { sink: new CloudWatchSink(destination.cloudWatch.client), description: `CloudWatch (${destination.cloudWatch.region})` };
  }
  return { sink: new LocalEmfSink(destination.home), description: localMetricsDirectory(destination.home) };
}
