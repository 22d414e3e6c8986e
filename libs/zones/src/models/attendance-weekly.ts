import type { CuratedModel } from './curated-model';

const src = (c: string) => `trusted.attendance.${c}`;

// Attendance rate counts late arrivals as attended and leaves excused sessions out of the base.
export const AttendanceWeeklyModel: CuratedModel = {
  name: 'attendance_weekly',
  description: 'Per course section and ISO week: sessions held, students seen, status counts and attendance rate.',
  inputs: ['trusted.attendance'],
  requiredInputs: ['trusted.attendance'],
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
  sql: `
SELECT course_code, section, CAST(date_trunc('week', session_date) AS DATE) AS week_start,
  count(DISTINCT session_date)::BIGINT AS sessions,
  count(DISTINCT student_id)::BIGINT AS students,
  count(*) FILTER (WHERE status = 'present')::BIGINT AS present,
  count(*) FILTER (WHERE status = 'late')::BIGINT AS late,
  count(*) FILTER (WHERE status = 'absent')::BIGINT AS absent,
  count(*) FILTER (WHERE status = 'excused')::BIGINT AS excused,
  round(count(*) FILTER (WHERE status IN ('present', 'late')) / nullif(count(*) FILTER (WHERE status <> 'excused'), 0), 4) AS attendance_rate
FROM trusted.attendance
GROUP BY ALL
ORDER BY course_code, section, week_start`,
};
