import type { SqlDialect } from '@acad/schemas';
import { defineCuratedModel, inputByName } from './curated-model';

const src = (c: string) => `trusted.attendance.${c}`;
const STATUSES = ['present', 'late', 'absent', 'excused'] as const;
type Status = (typeof STATUSES)[number];
/** The rows each status column counts. */
const COUNTED = Object.fromEntries(STATUSES.map((status) => [status, `status = '${status}'`])) as Record<Status, string>;

/**
 * The rate from the status counts (SQL for each), for a build and a correction alike: late
 * arrivals attended; excused sessions left out of the base.
 */
const rate = (d: SqlDialect, count: (status: Status) => string) =>
  `round(${d.ratio(`(${count('present')} + ${count('late')})`, `nullif(${count('present')} + ${count('late')} + ${count('absent')}, 0)`)}, 4)`;

export const AttendanceWeeklyModel = defineCuratedModel({
  name: 'attendance_weekly',
  description: 'Per course section and ISO week: sessions held, students seen, status counts and attendance rate.',
  grain: ['course_code', 'section', 'week_start'],
  refreshBy: ['course_code', 'section', 'week_start'],
  groupsOf: {
    'trusted.attendance': (d) => ({ course_code: 'course_code', section: 'section', week_start: d.weekStart('session_date') }),
  },
  // A week's rows are its seven days' sessions.
  spans: { 'trusted.attendance': { column: 'session_date', group: 'week_start', days: 7 } },
  columnLineage: {
    course_code: [src('course_code')],
    section: [src('section')],
    week_start: [src('session_date')],
    sessions: [src('session_date')],
    students: [src('student_id')],
    present: [src('status')],
    late: [src('status')],
    absent: [src('status')],
    excused: [src('status')],
    attendance_rate: [src('status')],
  },
  // A correction moves a week's status counts; its sessions and students (distinct key values) stay.
  replace: {
    input: 'trusted.attendance',
    counts: COUNTED,
    render: (d, current, delta) => `
SELECT c.course_code, c.section, c.week_start, c.sessions, c.students,
  ${STATUSES.map((status) => `c.${status} + d.${status} AS ${status}`).join(', ')},
  ${rate(d, (status) => `(c.${status} + d.${status})`)} AS attendance_rate
FROM ${current} c JOIN ${delta} d ON d.course_code = c.course_code AND d.section = c.section AND d.week_start = c.week_start`,
  },
  render: (d, relation = inputByName) => {
    const week = d.weekStart('session_date');
    const count = (status: Status) => d.cast(d.countWhere(COUNTED[status]), 'bigint');
    return `
SELECT course_code, section, ${week} AS week_start,
  ${d.cast('count(DISTINCT session_date)', 'bigint')} AS sessions,
  ${d.cast('count(DISTINCT student_id)', 'bigint')} AS students,
  ${STATUSES.map((status) => `${count(status)} AS ${status}`).join(',\n  ')},
  ${rate(d, count)} AS attendance_rate
FROM ${relation('trusted.attendance')}
${d.groupBy(['course_code', 'section', week])}
ORDER BY course_code, section, week_start`;
  },
});
