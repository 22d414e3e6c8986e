import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidAcademicCalendar, academicDayKind, parseAcademicCalendar, teachingHoursBetween } from './academic-calendar';

const SAMPLE = join(__dirname, '../../config/calendars/sample-university.json');
const calendar = parseAcademicCalendar(readFileSync(SAMPLE, 'utf8'), SAMPLE);
const at = (iso: string) => new Date(iso);

describe('the sample academic calendar', () => {
  it('knows teaching days, weekends, holidays, reading weeks and breaks', () => {
    expect(academicDayKind(calendar, at('2025-09-08T09:00:00Z'))).toBe('teaching'); // first Monday of fall 2025
    expect(academicDayKind(calendar, at('2025-09-13T09:00:00Z'))).toBe('weekend');
    expect(academicDayKind(calendar, at('2025-11-27T09:00:00Z'))).toBe('holiday'); // Thanksgiving, a Thursday
    expect(academicDayKind(calendar, at('2026-03-10T09:00:00Z'))).toBe('reading-week');
    expect(academicDayKind(calendar, at('2025-12-24T09:00:00Z'))).toBe('break');
    expect(academicDayKind(calendar, at('2026-01-19T09:00:00Z'))).toBe('holiday'); // MLK day, a Monday in term
  });

  it('says nothing beyond its terms: there only the weekday decides, so an old calendar silences nothing', () => {
    expect(academicDayKind(calendar, at('2027-03-02T09:00:00Z'))).toBe('teaching'); // a Tuesday after the last term
    expect(academicDayKind(calendar, at('2027-03-06T09:00:00Z'))).toBe('weekend');
    expect(academicDayKind(calendar, at('2025-03-04T09:00:00Z'))).toBe('teaching'); // before the first term
    expect(teachingHoursBetween(calendar, at('2027-03-05T12:00:00Z'), at('2027-03-08T12:00:00Z'))).toBe(24);
  });

  it('ages data by teaching hours only', () => {
    // Wednesday 26 Nov 2025 noon → Monday 1 Dec noon: Wed afternoon 12 h + Mon morning 12 h; Thanksgiving and the weekend add nothing.
    expect(teachingHoursBetween(calendar, at('2025-11-26T12:00:00Z'), at('2025-12-01T12:00:00Z'))).toBe(24);
    // Tuesday → Thursday of a teaching week: every hour counts.
    expect(teachingHoursBetween(calendar, at('2025-10-07T08:00:00Z'), at('2025-10-09T08:00:00Z'))).toBe(48);
    // The whole spring reading week adds nothing: Friday 6 March 2026 18:00 → Monday 16 March 06:00 is 6 h + 6 h.
    expect(teachingHoursBetween(calendar, at('2026-03-06T18:00:00Z'), at('2026-03-16T06:00:00Z'))).toBe(12);
    expect(teachingHoursBetween(calendar, at('2025-10-09T08:00:00Z'), at('2025-10-07T08:00:00Z'))).toBe(0);
  });
});

describe('parseAcademicCalendar', () => {
  it('names the file and the field at fault', () => {
    const bad = JSON.stringify({ institution: 'U', terms: [{ start: '2025-09-08', end: '2025-02-30' }] });
    expect(() => parseAcademicCalendar(bad, 'cal.json')).toThrow(InvalidAcademicCalendar);
    expect(() => parseAcademicCalendar(bad, 'cal.json')).toThrow('Academic calendar cal.json: terms.0.end: a real date');
    const reversed = JSON.stringify({ institution: 'U', terms: [{ start: '2025-09-08', end: '2025-09-01' }] });
    expect(() => parseAcademicCalendar(reversed, 'cal.json')).toThrow('terms.0.end: end is before start');
    expect(() => parseAcademicCalendar('{', 'cal.json')).toThrow(/Academic calendar cal\.json: is not JSON/);
    expect(() => parseAcademicCalendar(JSON.stringify({ institution: 'U', terms: [], extra: 1 }), 'cal.json')).toThrow(/cal\.json: /);
  });
});
