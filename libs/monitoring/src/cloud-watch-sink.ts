import { PutMetricDataCommand, type CloudWatchClient, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { DEFAULT_NAMESPACE } from './emf';
import { assertValidMetric, type Metric } from './metric';
import type { MetricsSink } from './metrics-sink';
import { MetricsPublishFailed } from './monitoring-errors';

/** PutMetricData accepts up to 1000 metrics per request (raised from 20 in 2023) and 1 MB of payload. */
export const PUT_METRIC_DATA_MAX_DATUMS = 1000;
export const PUT_METRIC_DATA_MAX_BYTES = 1_000_000;

export interface CloudWatchSinkOptions {
  namespace?: string;
  /** Datums per PutMetricData call, 1–1000. Default 1000. */
  maxBatchSize?: number;
}

/**
 * Publishes metrics with PutMetricData, in batches within the request ceilings. Throttling is
 * retried by the client itself (the composition root builds it with the SDK's adaptive retry
 * mode and its attempts); an error that still comes back names the attempts the SDK made.
 */
export class CloudWatchSink implements MetricsSink {
  private readonly namespace: string;
  private readonly maxBatchSize: number;

  constructor(
    private readonly client: CloudWatchClient,
    options: CloudWatchSinkOptions = {},
  ) {
    this.namespace = options.namespace ?? DEFAULT_NAMESPACE;
    this.maxBatchSize = options.maxBatchSize ?? PUT_METRIC_DATA_MAX_DATUMS;
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1 || this.maxBatchSize > PUT_METRIC_DATA_MAX_DATUMS) {
      throw new RangeError(`maxBatchSize must be a whole number from 1 to ${PUT_METRIC_DATA_MAX_DATUMS}, got ${this.maxBatchSize}`);
    }
  }

  async publish(metrics: readonly Metric[]): Promise<void> {
    metrics.forEach(assertValidMetric);
    let published = 0;
    for (const batch of batchDatums(metrics.map(toMetricDatum), this.maxBatchSize)) {
      await this.send(batch, published);
      published += batch.length;
    }
  }

  private async send(batch: MetricDatum[], publishedBefore: number): Promise<void> {
    try {
      await this.client.send(new PutMetricDataCommand({ Namespace: this.namespace, MetricData: batch }));
    } catch (error) {
      // The SDK records the attempts its retry strategy made in the error's metadata.
      const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
      throw new MetricsPublishFailed(`CloudWatch namespace ${this.namespace}`, attempts, publishedBefore, error);
    }
  }
}

export function toMetricDatum(metric: Metric): MetricDatum {
  return {
    MetricName: metric.name,
    Dimensions: Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
    Unit: metric.unit,
    Value: metric.value,
    Timestamp: metric.timestamp,
  };
}

/** Splits datums so each batch stays under both the count and the (estimated) byte ceiling. */
export function batchDatums(datums: readonly MetricDatum[], maxBatchSize = PUT_METRIC_DATA_MAX_DATUMS): MetricDatum[][] {
  const batches: MetricDatum[][] = [];
  let current: MetricDatum[] = [];
  let bytes = 0;
  // Leave room for the request envelope and the namespace.
  const budget = PUT_METRIC_DATA_MAX_BYTES - 16_384;
  for (const datum of datums) {
    const size = estimateDatumBytes(datum);
    if (current.length > 0 && (current.length >= maxBatchSize || bytes + size > budget)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(datum);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * An upper estimate of a datum's encoded size: every field as a query-style key such as
 * `MetricData.member.1000.Dimensions.member.30.Value=` with its value percent-encoded (≤ 3 bytes per
 * UTF-8 byte), which is larger than the CBOR or JSON encodings the SDK may use.
 */
function estimateDatumBytes(datum: MetricDatum): number {
  const fieldKey = 56;
  let bytes = 4 * fieldKey + 3 * Buffer.byteLength(datum.MetricName ?? '') + 64;
  for (const dimension of datum.Dimensions ?? []) {
    bytes += 2 * fieldKey + 3 * (Buffer.byteLength(dimension.Name ?? '') + Buffer.byteLength(dimension.Value ?? ''));
  }
  return bytes;
}
