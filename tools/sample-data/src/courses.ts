import { addDays, weekdayIndex } from './calendar';
import { DEPARTMENTS, type Department } from './names';
import { makeMessy, type Corruption, type SampleFile } from './messy-table';
import type { Rng } from './prng';

export interface Term {
  code: string;
  firstMonday: string;
  weeks: number;
  /** Days without classes (a Thanksgiving break in the fall). */
  holidays: readonly string[];
}

export const FALL_2025: Term = { code: '2025-FALL', firstMonday: '2025-09-08', weeks: 14, holidays: ['2025-11-27', '2025-11-28'] };

/** Weekday pairs a section can meet on (0 = Monday): twice a week. */
export const MEETING_PATTERNS: readonly (readonly number[])[] = [
  [0, 2],
  [1, 3],
  [2, 4],
  [0, 3],
];

const START_TIMES = [8 * 60, 9 * 60 + 30, 11 * 60, 13 * 60, 14 * 60 + 30, 16 * 60, 18 * 60];

export interface CourseSection {
  courseCode: string;
  section: string;
  title: string;
  department: Department;
  term: Term;
  meetingDays: readonly number[];
  /** Minutes after midnight. */
  startMinute: number;
  durationMinutes: number;
  capacity: number;
  /** The system that records this section's attendance: a real term mixes several. */
  sourceSystem: string;
}

export const COURSE_COLUMNS = ['course_code', 'section', 'title', 'department', 'term', 'capacity'] as const;
const COURSE_HEADER = ['Course_Code', 'Section', 'Title', 'Department', 'Term', 'Capacity'];

const SOURCE_SYSTEMS = ['banner-sis', 'canvas-lms', 'door-scanner'];

/** Every class day of the term for a meeting pattern, in date order. */
export function sessionDates(term: Term, meetingDays: readonly number[]): string[] {
  const dates: string[] = [];
  for (let week = 0; week < term.weeks; week++) {
    for (const day of meetingDays) {
      const date = addDays(term.firstMonday, week * 7 + day);
      if (!term.holidays.includes(date) && weekdayIndex(date) === day) dates.push(date);
    }
  }
  return dates;
}

/**
 * Course sections, enough for `seatsNeeded` enrolments at about 32 seats each. Capacity is set
 * later by `setCapacities`, once enrolment is known.
 */
export function generateSections(seatsNeeded: number, rng: Rng): CourseSection[] {
  const target = Math.max(12, Math.ceil(seatsNeeded / 32));
  const usedCodes = new Set<string>();
  const sections: CourseSection[] = [];
  while (sections.length < target) {
    const department = DEPARTMENTS[sections.length % DEPARTMENTS.length];
    let courseCode: string;
    do courseCode = `${department.coursePrefix}${rng.chance(0.15) ? rng.int(1000, 4999) : rng.int(100, 499)}`;
    while (usedCodes.has(courseCode));
    usedCodes.add(courseCode);
    const title = rng.pick(department.courseTitles);
    const sectionCount = rng.weighted([
      [1, 50],
      [2, 35],
      [3, 15],
    ]);
    const labelStyle = rng.pick(['numeric', 'letter']);
    for (let s = 1; s <= sectionCount; s++) {
      sections.push({
        courseCode,
        section: labelStyle === 'numeric' ? String(s).padStart(2, '0') : String.fromCharCode(64 + s),
        title,
        department,
        term: FALL_2025,
        meetingDays: rng.pick(MEETING_PATTERNS),
        startMinute: rng.pick(START_TIMES),
        durationMinutes: rng.pick([50, 75, 90]),
        capacity: 0,
        sourceSystem: rng.pick(SOURCE_SYSTEMS),
      });
    }
  }
  return sections;
}

/** Room capacity: the enrolment rounded up to a multiple of 5, plus some empty seats. */
export function setCapacities(sections: CourseSection[], enrolled: ReadonlyMap<CourseSection, number>, rng: Rng): void {
  for (const section of sections) {
    const count = enrolled.get(section) ?? 0;
    section.capacity = Math.max(10, Math.ceil(count / 5) * 5 + rng.pick([0, 5, 10, 20]));
  }
}

function courseRow(section: CourseSection): string[] {
  return [section.courseCode, section.section, section.title, section.department.name, section.term.code, String(section.capacity)];
}

const COURSE_CORRUPTIONS: Record<string, Corruption> = {
  bad_code: (row, rng) => {
    const [, prefix, digits] = /^([A-Z]+)(\d+)$/.exec(row[0]) ?? ['', 'CS', '101'];
    const bad = rng.pick([`${prefix}-${digits}`, `${prefix} ${digits}`, `${prefix}${digits.slice(0, 2)}`, `${prefix}SCI${digits}`]);
    return [bad, ...row.slice(1)];
  },
  bad_section: (row, rng) => [row[0], rng.pick(['LAB-01', 'SEC001', 'LECTURE']), ...row.slice(2)],
  missing_required: (row, rng) => {
    const copy = [...row];
    copy[rng.pick([0, 1, 4])] = '';
    return copy;
  },
  wrong_column_count: (row, rng) => (rng.chance(0.5) ? row.slice(0, 5) : [...row, 'extra']),
};

/** courses.csv: semicolon-separated with CRLF, as European spreadsheet exports are. */
export function buildCoursesFile(sections: readonly CourseSection[], rng: Rng): SampleFile {
  return {
    dataset: 'courses',
    fileName: 'courses.csv',
    columns: COURSE_COLUMNS,
    dialect: { delimiter: ';', lineEnding: '\r\n', bom: false, quoteAll: false },
    table: makeMessy(
      COURSE_HEADER,
      sections.map(courseRow),
      COURSE_CORRUPTIONS,
      0.02,
      { exactRate: 0.01, resubmissionRate: 0, maxDistance: 5 },
      rng,
    ),
  };
}
