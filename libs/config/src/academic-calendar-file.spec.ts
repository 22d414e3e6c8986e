import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CALENDAR_FILE, loadAcademicCalendar } from './academic-calendar-file';
import { ConfigError } from './config-error';
import { loadSettings } from './load-settings';

describe('loadAcademicCalendar', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acad-calendar-setting-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the sample data calendar when ACAD_CALENDAR is not set', () => {
    const settings = loadSettings({ env: {}, cwd: dir });
    expect(settings.calendar).toBeUndefined();
    const calendar = loadAcademicCalendar(settings);
    expect(calendar.terms.map((t) => t.name)).toEqual(['2025-FALL', '2026-SPRING', '2026-FALL']);
    expect(DEFAULT_CALENDAR_FILE).toMatch(/calendars\/sample-university\.json$/);
  });

  it('reads the file ACAD_CALENDAR names, relative to the working directory', () => {
    writeFileSync(join(dir, 'uni.json'), JSON.stringify({ institution: 'U', terms: [{ start: '2026-01-05', end: '2026-03-27' }] }));
    const settings = loadSettings({ env: { ACAD_CALENDAR: 'uni.json' }, cwd: dir });
    expect(loadAcademicCalendar(settings)).toEqual({
      institution: 'U',
      teachingWeekdays: [1, 2, 3, 4, 5],
      terms: [{ start: '2026-01-05', end: '2026-03-27', readingWeeks: [] }],
      holidays: [],
      datasets: ['attendance'],
    });
  });

  it('refuses a missing or invalid file naming the setting, the file and the field', () => {
    const missing = loadSettings({ env: { ACAD_CALENDAR: 'nowhere.json' }, cwd: dir });
    expect(missing.calendar).toBe(join(dir, 'nowhere.json'));
    expect(() => loadAcademicCalendar(missing)).toThrow(ConfigError);
    expect(() => loadAcademicCalendar(missing)).toThrow(
      `Invalid setting ACAD_CALENDAR (from ${join(dir, 'nowhere.json')}): the academic calendar file cannot be read (ENOENT)`,
    );
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ institution: 'U', terms: [{ start: '2026-01-05', end: '2026-13-01' }] }));
    expect(() => loadAcademicCalendar(loadSettings({ env: { ACAD_CALENDAR: 'bad.json' }, cwd: dir }))).toThrow(
      /ACAD_CALENDAR .*: Academic calendar .*bad\.json: terms\.0\.end: a real date/,
    );
  });
});
