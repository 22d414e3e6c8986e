import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Settings } from '@acad/config';
import { CloudWatchSink } from './cloud-watch-sink';
import { LocalEmfSink, localMetricsDirectory } from './local-emf-sink';
import type { MetricsSink } from './metrics-sink';

/** The metrics sink as configured (ACAD_METRICS), with where it publishes, for summaries. */
export function createMetricsSink(settings: Settings): { sink: MetricsSink; description: string } {
  if (settings.metrics === 'cloudwatch') {
    return { sink: new CloudWatchSink(new CloudWatchClient({ region: settings.region })), description: `CloudWatch (${settings.region})` };
  }
  return { sink: new LocalEmfSink(settings.home), description: localMetricsDirectory(settings.home) };
}
