import { InMemoryObjectStore } from './in-memory-object-store.test-support';
import { T0 } from './metric-fixtures.test-support';
import { collectStorageMetrics, collectStorageUsage, datasetOfKey } from './storage-metrics';

async function stores() {
  const raw = new InMemoryObjectStore('raw');
  await raw.put('attendance/batch=1/part-0.parquet', 'x'.repeat(100));
  await raw.put('attendance/batch=2/part-0.parquet', 'x'.repeat(50));
  await raw.put('grades/batch=1/part-0.parquet', 'x'.repeat(7));
  await raw.put('_manifests/batch-1.json', '{}');
  await raw.put('.lock/a', 'l');
  await raw.put('README', 'abc');
  const curated = new InMemoryObjectStore('curated');
  return { raw, curated };
}

describe('datasetOfKey', () => {
  it('takes the first segment and files housekeeping under _platform', () => {
    expect(datasetOfKey('attendance/x.parquet')).toBe('attendance');
    expect(datasetOfKey('_manifests/x.json')).toBe('_platform');
    expect(datasetOfKey('.hidden/x')).toBe('_platform');
    expect(datasetOfKey('top-level-file')).toBe('_platform');
  });
});

describe('collectStorageUsage', () => {
  it('counts objects and bytes per zone and per dataset across list pages', async () => {
    expect(await collectStorageUsage(await stores())).toEqual([
      {
        zone: 'raw',
        location: 'memory://raw',
        objects: 6,
        bytes: 163,
        datasets: [
          { dataset: '_platform', objects: 3, bytes: 6 },
          { dataset: 'attendance', objects: 2, bytes: 150 },
          { dataset: 'grades', objects: 1, bytes: 7 },
        ],
      },
      { zone: 'curated', location: 'memory://curated', objects: 0, bytes: 0, datasets: [] },
    ]);
  });
});

describe('collectStorageMetrics', () => {
  it('emits StorageObjects and StorageBytes by zone and by zone and dataset', async () => {
    const metrics = await collectStorageMetrics(await stores(), T0);
    const rows = metrics.map((m) => [m.name, m.unit, m.value, m.dimensions]);
    expect(rows).toContainEqual(['StorageObjects', 'Count', 6, { Zone: 'raw' }]);
    expect(rows).toContainEqual(['StorageBytes', 'Bytes', 163, { Zone: 'raw' }]);
    expect(rows).toContainEqual(['StorageBytes', 'Bytes', 150, { Zone: 'raw', Dataset: 'attendance' }]);
    expect(rows).toContainEqual(['StorageObjects', 'Count', 0, { Zone: 'curated' }]);
    expect(metrics).toHaveLength(2 * (1 + 3) + 2);
    expect(metrics.every((m) => m.timestamp === T0)).toBe(true);
  });
});
