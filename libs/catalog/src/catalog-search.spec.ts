import { qualifiedName } from './catalog-entry';
import { sampleEntry } from './catalog-entry.test-support';
import { searchCatalog, searchEntries } from './catalog-search';

const entries = [
  sampleEntry({ zone: 'trusted', name: 'admissions', description: 'One row per application.', owner: 'admissions-office' }),
  sampleEntry({ zone: 'trusted', name: 'attendance', description: 'One row per student per session.' }),
  sampleEntry({ zone: 'curated', name: 'attendance_weekly', description: 'Weekly attendance rates per course.' }),
  sampleEntry({
    zone: 'raw',
    name: 'students',
    description: 'Student reference data.',
    columns: [{ name: 'email', type: 'string', description: 'Email address.', pii: 'direct', tags: ['pii:direct'] }],
  }),
];

const names = (text: string) => searchEntries(entries, text).map(qualifiedName);

describe('searchEntries', () => {
  it('ranks name matches before column and description matches', () => {
    // trusted.admissions matches only through its sample column described as "Attendance status."
    expect(names('attendance')).toEqual(['curated.attendance_weekly', 'trusted.attendance', 'trusted.admissions']);
    expect(names('session')).toEqual(['trusted.attendance']);
  });

  it('matches owners, columns and tags, case-insensitively, requiring every word', () => {
    expect(names('ADMISSIONS-office')).toEqual(['trusted.admissions']);
    expect(names('pii:direct')).toEqual(['raw.students']);
    expect(names('weekly course')).toEqual(['curated.attendance_weekly']);
    expect(names('weekly admissions')).toEqual([]);
  });

  it('lists everything for an empty search', () => {
    expect(names('  ')).toEqual(['curated.attendance_weekly', 'raw.students', 'trusted.admissions', 'trusted.attendance']);
  });

  it('says which field of a column matched: its name, its description or one of its tags', () => {
    const where = (text: string) => searchCatalog(entries, text).find((m) => m.entry.name === 'students')?.matched;
    expect(where('email')).toEqual(['column email']);
    expect(where('address')).toEqual(['column email (description)']);
    expect(where('pii:direct')).toEqual(['column email (tag pii:direct)']);
    expect(where('students address')).toEqual(['name', 'column email (description)']);
  });
});
