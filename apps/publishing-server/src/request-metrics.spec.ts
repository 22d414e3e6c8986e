import type { Metric, MetricsSink } from '@acad/monitoring';
import { RequestMetrics } from './request-metrics';

describe('RequestMetrics', () => {
  it('buffers request counts and latency by route pattern and publishes them together', async () => {
    const published: Metric[][] = [];
    const sink: MetricsSink = { publish: async (metrics) => void published.push([...metrics]) };
    const metrics = new RequestMetrics(sink, 60_000);
    metrics.record('/api/datasets/:name/rows', 200, 12.345);
    metrics.record('/api/datasets/:name/rows', 403, 3);
    expect(published).toEqual([]);
    await metrics.close();
    expect(published).toHaveLength(1);
    expect(published[0].map((m) => [m.name, m.value, m.dimensions['Route'], m.dimensions['Status']])).toEqual([
      ['HttpRequests', 1, '/api/datasets/:name/rows', '200'],
      ['HttpLatencyMs', 12.35, '/api/datasets/:name/rows', '200'],
      ['HttpRequests', 1, '/api/datasets/:name/rows', '403'],
      ['HttpLatencyMs', 3, '/api/datasets/:name/rows', '403'],
    ]);
  });
});
