import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InvalidAcademicCalendar, parseAcademicCalendar, type AcademicCalendar } from '@acad/schemas';
import { ConfigError } from './config-error';
import type { Settings } from './settings';

/**
 * The calendar of the generated sample data, used when ACAD_CALENDAR is not set; a file of this
 * package, found through the package's own name (so a bundled or installed copy finds it too).
 */
export const DEFAULT_CALENDAR_FILE = join(dirname(require.resolve('@acad/config/package.json')), 'calendars', 'sample-university.json');

/**
 * The institution's academic calendar from the file ACAD_CALENDAR names (`loadSettings` resolves
 * it against the working directory), or the sample data's. Apps call it in their composition
 * root; a missing or invalid file is a `ConfigError` naming the setting, the file and the field.
 */
export function loadAcademicCalendar(settings: Pick<Settings, 'calendar'>): AcademicCalendar {
  const path = settings.calendar ?? DEFAULT_CALENDAR_FILE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      'ACAD_CALENDAR',
      path,
      `the academic calendar file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    return parseAcademicCalendar(text, path);
  } catch (error) {
    if (error instanceof InvalidAcademicCalendar) throw new ConfigError('ACAD_CALENDAR', path, error.message);
    throw error;
  }
}
