import { AttendanceContract, CoursesContract } from '@acad/schemas';
import { catalogEntryFromContract } from './entry-from-contract';
import { LakeReadModel, type CommittedBatch, type ProductDefinition } from './lake-read-model';

const quality = { passed: 3, warned: 0, failed: 1, score: 0.75 };
const batch = (seq: number, dataset: string, file: string, curated: Record<string, string> = {}): CommittedBatch => ({
  seq,
  dataset,
  batchId: `${dataset}-${seq}`,
  file,
  committedAt: `2025-09-0${seq}T10:00:00.000Z`,
  rows: { read: 10 * seq, accepted: 10 * seq - 1, duplicates: 0, quarantined: 1 },
  quality,
  curated,
});
const weekly: ProductDefinition = {
  name: 'attendance_weekly',
  description: 'weekly',
  inputs: ['trusted.attendance'],
  columnLineage: { course_code: ['trusted.attendance.course_code'] },
};

describe('LakeReadModel', () => {
  const lake = {
    seq: 3,
    entries: [
      batch(1, 'attendance', 'a1.csv', { attendance_weekly: 'attendance_weekly/part-1.parquet' }),
      batch(2, 'courses', 'c.csv'),
      batch(3, 'attendance', 'a2.csv', { attendance_weekly: 'attendance_weekly/part-3.parquet' }),
    ],
    trusted: new Map([['attendance', new Map([['session_month=2025-09', ['x']]])]]),
  };

  it('derives raw and trusted entries from the contracts and the commit log where the catalog has none', () => {
    const model = new LakeReadModel({
      catalogued: [],
      contracts: [AttendanceContract, CoursesContract],
      products: [weekly],
      lake,
      locations: { raw: 'file:///lake/raw/', trusted: 'file:///lake/trusted' },
      qualityScore: (q) => q.passed / (q.passed + q.failed),
    });
    const trusted = model.entries.find((e) => e.zone === 'trusted' && e.name === 'attendance');
    expect(trusted).toMatchObject({
      rowCount: 9 + 29,
      lastSuccessAt: '2025-09-03T10:00:00.000Z',
      location: 'file:///lake/trusted/attendance/',
      partitions: ['session_month=2025-09'],
      qualityScore: 0.75,
    });
    expect(model.entries.find((e) => e.zone === 'raw' && e.name === 'attendance')).toMatchObject({
      rowCount: 40,
      upstream: ['landing:attendance/a2.csv', 'landing:attendance/a1.csv'],
    });
    expect(model.entries.map((e) => `${e.zone}.${e.name}`)).toEqual([
      'raw.attendance',
      'raw.courses',
      'trusted.attendance',
      'trusted.courses',
    ]);
    expect(model.catalogued.size).toBe(0);
    expect(model.uncataloguedProducts).toEqual([weekly]);
  });

  it('prefers what the catalog recorded, and reads commits per zone from the log', () => {
    const recorded = catalogEntryFromContract(AttendanceContract, 'trusted', { location: 'catalogued', rowCount: 5 });
    const model = new LakeReadModel({ catalogued: [recorded], contracts: [AttendanceContract], products: [weekly], lake });
    expect(model.entries.find((e) => e.zone === 'trusted' && e.name === 'attendance')?.location).toBe('catalogued');
    expect(model.entries.find((e) => e.zone === 'raw')?.location).toBe('raw/attendance/');
    expect(model.catalogued.has('trusted.attendance')).toBe(true);
    expect(model.commitsOf('trusted', 'attendance').map((c) => c.seq)).toEqual([1, 3]);
    expect(model.commitsOf('curated', 'attendance_weekly').map((c) => c.seq)).toEqual([1, 3]);
    expect(model.latestCommit('trusted', 'courses')?.file).toBe('c.csv');
    expect(model.latestCommit('curated', 'grade_distribution')).toBeUndefined();
  });

  it('joins products not catalogued yet to lineage with their declared inputs and column lineage', () => {
    const model = new LakeReadModel({ catalogued: [], contracts: [AttendanceContract], products: [weekly], lake });
    const product = model.lineageEntries().find((e) => e.zone === 'curated');
    expect(product).toMatchObject({ name: 'attendance_weekly', upstream: ['trusted.attendance'], columnLineage: weekly.columnLineage });
  });

  it('searches entries and products not catalogued yet alike, saying where each matched', () => {
    const model = new LakeReadModel({ catalogued: [], contracts: [AttendanceContract, CoursesContract], products: [weekly], lake });
    const found = (text: string) => model.search(text).map((h) => [`${h.zone}.${h.name}`, h.matched, h.entry ? 'entry' : 'product']);
    // A product is found by a column name its definition declares; name matches rank first.
    expect(found('course_code')).toEqual([
      ['curated.attendance_weekly', ['column course_code'], 'product'],
      ['raw.attendance', ['column course_code'], 'entry'],
      ['raw.courses', ['column course_code'], 'entry'],
      ['trusted.attendance', ['column course_code'], 'entry'],
      ['trusted.courses', ['column course_code'], 'entry'],
    ]);
    expect(found('weekly')).toEqual([['curated.attendance_weekly', ['name', 'description'], 'product']]);
    // Tags and descriptions are named as such; every word must be found somewhere.
    expect(found('trusted tokenized')).toEqual([['trusted.attendance', ['name', 'column student_id (tag tokenized)'], 'entry']]);
    expect(found('trusted lms')).toEqual([['trusted.attendance', ['name', 'description'], 'entry']]);
    expect(found('weekly tokenized')).toEqual([]);
  });
});
