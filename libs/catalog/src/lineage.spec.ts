import { CatalogEntryNotFound } from './catalog-errors';
import { sampleEntry } from './catalog-entry.test-support';
import { buildColumnLineage, buildLineage, type LineageNode } from './lineage';

const col = (name: string) => ({ name, type: 'string', description: name, pii: 'none' as const, tags: [] });

const entries = [
  sampleEntry({ zone: 'raw', name: 'attendance', columns: [col('student_id'), col('status')] }),
  sampleEntry({ zone: 'raw', name: 'courses', columns: [col('course_code'), col('department')] }),
  sampleEntry({ zone: 'trusted', name: 'attendance', columns: [col('student_id'), col('status')], upstream: ['raw.attendance'] }),
  sampleEntry({ zone: 'trusted', name: 'courses', columns: [col('course_code'), col('department')], upstream: ['raw.courses'] }),
  sampleEntry({
    zone: 'curated',
    name: 'attendance_weekly',
    columns: [col('rate')],
    upstream: ['trusted.attendance'],
    columnLineage: { rate: ['trusted.attendance.status'] },
  }),
  sampleEntry({
    zone: 'curated',
    name: 'attendance_by_department',
    columns: [col('department'), col('rate')],
    upstream: ['curated.attendance_weekly', 'trusted.courses'],
    columnLineage: { department: ['trusted.courses.department'], rate: ['curated.attendance_weekly.rate'] },
  }),
];

/** Compact text form of a tree: `name(child,child)`; `?` marks unknown, `!` marks a cycle. */
function show(node: LineageNode): string {
  const mark = `${node.known ? '' : '?'}${node.cycle ? '!' : ''}`;
  return node.children.length ? `${node.name}${mark}(${node.children.map(show).join(',')})` : `${node.name}${mark}`;
}

describe('buildLineage', () => {
  it('walks upstream to the raw datasets and downstream to every consumer', () => {
    const lineage = buildLineage(entries, 'curated.attendance_by_department');
    expect(show(lineage.upstream)).toBe(
      'curated.attendance_by_department(curated.attendance_weekly(trusted.attendance(raw.attendance)),trusted.courses(raw.courses))',
    );
    expect(show(buildLineage(entries, 'raw.attendance').downstream)).toBe(
      'raw.attendance(trusted.attendance(curated.attendance_weekly(curated.attendance_by_department)))',
    );
  });

  it('marks references missing from the catalog and stops at cycles', () => {
    const odd = [
      sampleEntry({ zone: 'curated', name: 'a', upstream: ['curated.b', 'trusted.missing'] }),
      sampleEntry({ zone: 'curated', name: 'b', upstream: ['curated.a'] }),
    ];
    expect(show(buildLineage(odd, 'curated.a').upstream)).toBe('curated.a(curated.b(curated.a!),trusted.missing?)');
  });

  it('refuses a dataset the catalog does not hold', () => {
    expect(() => buildLineage(entries, 'trusted.nothing')).toThrow(CatalogEntryNotFound);
  });
});

describe('buildColumnLineage', () => {
  it('follows declared column lineage and passes columns through zone promotions by name', () => {
    const lineage = buildColumnLineage(entries, 'curated.attendance_by_department.rate');
    expect(show(lineage.upstream)).toBe(
      'curated.attendance_by_department.rate(curated.attendance_weekly.rate(trusted.attendance.status(raw.attendance.status)))',
    );
    expect(show(buildColumnLineage(entries, 'raw.courses.department').downstream)).toBe(
      'raw.courses.department(trusted.courses.department(curated.attendance_by_department.department))',
    );
  });

  it('has no downstream for a column nothing is computed from', () => {
    expect(show(buildColumnLineage(entries, 'raw.attendance.student_id').downstream)).toBe(
      'raw.attendance.student_id(trusted.attendance.student_id)',
    );
    expect(buildColumnLineage(entries, 'trusted.attendance.student_id').downstream.children).toEqual([]);
  });

  it('refuses an unknown column', () => {
    expect(() => buildColumnLineage(entries, 'trusted.attendance.nothing')).toThrow(CatalogEntryNotFound);
  });
});
