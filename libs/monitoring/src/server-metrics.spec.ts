import { toEmfDocuments } from './emf';
import { validateEmfDocument } from './emf-validation';
import { httpRequestMetrics, summarizeHttpMetrics } from './server-metrics';

const T = new Date('2025-03-04T10:00:00Z');

describe('httpRequestMetrics', () => {
  it('gives HttpRequests and HttpLatencyMs with Route and Status, as valid EMF', () => {
    const metrics = httpRequestMetrics('/api/products/:name', 200, 12.5, T);
    expect(metrics).toEqual([
      { name: 'HttpRequests', unit: 'Count', value: 1, dimensions: { Route: '/api/products/:name', Status: '200' }, timestamp: T },
      {
        name: 'HttpLatencyMs',
        unit: 'Milliseconds',
        value: 12.5,
        dimensions: { Route: '/api/products/:name', Status: '200' },
        timestamp: T,
      },
    ]);
    const documents = toEmfDocuments(metrics);
    expect(documents).toHaveLength(1);
    expect(validateEmfDocument(documents[0])).toEqual([]);
  });
});

describe('summarizeHttpMetrics', () => {
  it('counts requests and takes latency percentiles per route and status', () => {
    const latencies = [5, 1, 4, 2, 3, 100, 6, 7, 8, 9];
    const metrics = [
      ...latencies.flatMap((ms) => httpRequestMetrics('/api/query', 200, ms, T)),
      ...httpRequestMetrics('/api/query', 403, 2, T),
      ...httpRequestMetrics('/old', 200, 2, new Date('2025-03-01T00:00:00Z')),
    ];
    expect(summarizeHttpMetrics(metrics, new Date('2025-03-02T00:00:00Z'))).toEqual([
      { route: '/api/query', status: '200', requests: 10, p50Ms: 5, p95Ms: 100, maxMs: 100 },
      { route: '/api/query', status: '403', requests: 1, p50Ms: 2, p95Ms: 2, maxMs: 2 },
    ]);
  });
});
