import type { BatchRecord, CatalogEntry } from './catalog-entry';

/** A small valid entry for tests; override what the test is about. */
export function sampleEntry(overrides: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    name: 'attendance',
    zone: 'trusted',
    description: 'Attendance per student per session.',
    owner: 'academics-data-engineering',
    contractVersion: 1,
    columns: [
      { name: 'student_id', type: 'string', description: 'Student token.', pii: 'identifier', tags: ['key', 'pii:identifier'] },
      { name: 'status', type: 'string', description: 'Attendance status.', pii: 'none', tags: [] },
    ],
    location: '/lake/trusted/attendance',
    format: 'parquet',
    partitionKeys: [],
    partitions: [],
    rowCount: 0,
    bytes: 0,
    createdAt: '2025-09-01T00:00:00.000Z',
    updatedAt: '2025-09-01T00:00:00.000Z',
    upstream: [],
    ...overrides,
  };
}

export function sampleBatch(overrides: Partial<BatchRecord> = {}): BatchRecord {
  return {
    dataset: 'attendance',
    batchId: 'b-0001',
    file: 'attendance-2025-09.csv',
    status: 'committed',
    rows: { read: 10, accepted: 8, duplicates: 1, quarantined: 1 },
    quality: { passed: 9, warned: 1, failed: 0, score: 0.95 },
    startedAt: '2025-09-02T10:00:00.000Z',
    finishedAt: '2025-09-02T10:00:05.000Z',
    outputs: ['raw.attendance', 'trusted.attendance'],
    ...overrides,
  };
}
