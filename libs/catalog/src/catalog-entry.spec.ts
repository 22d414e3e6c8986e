import { BatchRecordSchema, CatalogEntrySchema, parseQualifiedName, qualifiedName } from './catalog-entry';
import { sampleBatch, sampleEntry } from './catalog-entry.test-support';

describe('CatalogEntrySchema', () => {
  it('accepts a complete entry with partitions and column lineage', () => {
    const entry = sampleEntry({
      zone: 'curated',
      name: 'attendance_weekly',
      partitionKeys: ['term', 'week'],
      partitions: ['term=2025-FALL/week=2025-W36'],
      columns: [{ name: 'rate', type: 'decimal(18,4)', description: 'Attendance rate.', pii: 'none', tags: [] }],
      upstream: ['trusted.attendance'],
      columnLineage: { rate: ['trusted.attendance.status'] },
      freshnessSlaHours: 48,
      lastSuccessAt: '2025-09-02T10:00:05Z',
      qualityScore: 0.97,
    });
    expect(CatalogEntrySchema.parse(entry)).toEqual(entry);
  });

  it.each([
    ['an unknown zone', { zone: 'landing' }, 'zone'],
    ['a non-portable type', { columns: [{ name: 'x', type: 'VARCHAR', description: '', pii: 'none', tags: [] }] }, 'columns.0.type'],
    ['an unqualified upstream', { upstream: ['attendance'] }, 'upstream.0'],
    ['a malformed partition', { partitions: ['2025-09'] }, 'partitions.0'],
    ['a bad column lineage reference', { columnLineage: { status: ['trusted.attendance'] } }, 'columnLineage.status.0'],
    ['a local time without offset', { createdAt: '2025-09-01 10:00' }, 'createdAt'],
  ])('rejects %s', (_what, override, path) => {
    const result = CatalogEntrySchema.safeParse(sampleEntry(override as never));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('BatchRecordSchema', () => {
  it('accepts the batch summary shape and rejects an unknown status', () => {
    expect(BatchRecordSchema.parse(sampleBatch())).toEqual(sampleBatch());
    expect(BatchRecordSchema.safeParse({ ...sampleBatch(), status: 'running' }).success).toBe(false);
  });
});

describe('qualified names', () => {
  it('joins zone and name, and parses them back', () => {
    expect(qualifiedName({ zone: 'trusted', name: 'attendance' })).toBe('trusted.attendance');
    expect(parseQualifiedName('curated.admissions_funnel')).toEqual({ zone: 'curated', name: 'admissions_funnel' });
    expect(parseQualifiedName('landing.attendance')).toBeUndefined();
    expect(parseQualifiedName('attendance')).toBeUndefined();
  });
});
