import type { Metric } from './metric';
import { QUERY_BYTES_METRIC, publishQueryBytes } from './query-metrics';

describe('publishQueryBytes', () => {
  const at = new Date('2026-12-02T10:00:00Z');
  const stats = { queryExecutionId: 'q-1', state: 'SUCCEEDED', dataScannedBytes: 987_654 };

  it('publishes each query’s scanned bytes, by engine and app', async () => {
    const published: Metric[] = [];
    const warn = jest.fn();
    const callback = publishQueryBytes(
      { publish: async (metrics) => void published.push(...metrics) },
      'ingestion-worker',
      { warn },
      () => at,
    );
    callback(stats);
    await new Promise((resolve) => setImmediate(resolve));
    expect(published).toEqual([
      {
        name: QUERY_BYTES_METRIC,
        unit: 'Bytes',
        value: 987_654,
        dimensions: { Engine: 'athena', App: 'ingestion-worker', State: 'SUCCEEDED' },
        timestamp: at,
      },
    ]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('logs a failed publish as a warning instead of failing the query', async () => {
    const failure = new Error('throttled');
    const warn = jest.fn();
    const callback = publishQueryBytes({ publish: () => Promise.reject(failure) }, 'acad-cli', { warn });
    expect(() => callback(stats)).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(warn).toHaveBeenCalledWith({ err: failure }, 'could not publish an Athena query metric');
  });
});
