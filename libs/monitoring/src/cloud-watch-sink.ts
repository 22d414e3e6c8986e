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
  /** Attempts per call when CloudWatch throttles, including the first. Default 5. */
  maxAttempts?: number;
  /** Delay before the first retry; doubles each retry (capped by maxDelayMs). Default 200 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Waits between attempts; tests inject one to record delays. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Publishes metrics with PutMetricData, in batches within the request ceilings, retrying a
 * batch with exponential backoff when CloudWatch throttles. Other errors fail at once.
 */
export class CloudWatchSink implements MetricsSink {
  private readonly namespace: string;
  private readonly maxBatchSize: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: CloudWatchClient,
    options: CloudWatchSinkOptions = {},
  ) {
    this.namespace = options.namespace ?? DEFAULT_NAMESPACE;
    this.maxBatchSize = options.maxBatchSize ?? PUT_METRIC_DATA_MAX_DATUMS;
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1 || this.maxBatchSize > PUT_METRIC_DATA_MAX_DATUMS) {
      throw new RangeError(`maxBatchSize must be a whole number from 1 to ${PUT_METRIC_DATA_MAX_DATUMS}, got ${this.maxBatchSize}`);
    }
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 20_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
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
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new PutMetricDataCommand({ Namespace: this.namespace, MetricData: batch }));
        return;
      } catch (error) {
        if (!isThrottling(error) || attempt >= this.maxAttempts) {
          throw new MetricsPublishFailed(`CloudWatch namespace ${this.namespace}`, attempt, publishedBefore, error);
        }
        await this.sleep(Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1)));
      }
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

function isThrottling(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, Code, code } = error as { name?: string; Code?: string; code?: string };
  return [name, Code, code].some((value) => value === 'ThrottlingException' || value === 'Throttling');
}
