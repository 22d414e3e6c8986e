import { httpRequestMetrics, type Metric, type MetricsSink } from '@acad/monitoring';

/**
 * Request counts and latency per route pattern (never the raw URL, which can hold filter
 * values) for the monitoring reporter, buffered and published every `intervalMs` rather than
 * once per request.
 */
export class RequestMetrics {
  private buffer: Metric[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sink: MetricsSink,
    intervalMs = 10_000,
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  record(route: string, status: number, ms: number): void {
    this.buffer.push(...httpRequestMetrics(route, status, Math.round(ms * 100) / 100));
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    await this.sink.publish(batch);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
