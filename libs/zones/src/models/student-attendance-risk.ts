import { defineCuratedModel, inputByName } from './curated-model';

/** A student is at risk below 80% attendance or after three absences in a row. */
export const AT_RISK_RATE = 0.8;
export const AT_RISK_ABSENCE_RUN = 3;

const GROUP = ['student_id', 'course_code', 'section'];

export const StudentAttendanceRiskModel = defineCuratedModel({
  name: 'student_attendance_risk',
  description: 'Per pseudonymous student and course section: attendance rate, longest run of absences, last attended, at-risk flag.',
  grain: ['student_key', 'course_code', 'section'],
  refreshBy: ['student_key', 'course_code', 'section'],
  groupsOf: { 'trusted.attendance': () => ({ student_key: 'student_id', course_code: 'course_code', section: 'section' }) },
  columnLineage: {
    student_key: ['trusted.attendance.student_id'],
    course_code: ['trusted.attendance.course_code'],
    section: ['trusted.attendance.section'],
    attendance_rate: ['trusted.attendance.status'],
    longest_absence_run: ['trusted.attendance.status', 'trusted.attendance.session_date'],
    last_attended: ['trusted.attendance.session_date', 'trusted.attendance.status'],
    at_risk: ['trusted.attendance.status', 'trusted.attendance.session_date'],
  },
  // One pass: rates and the longest absence run per group (absences after the same attended or
  // excused session share a run), from each group's sessions in date order.
  render: (d, relation = inputByName) => `
WITH rates AS (
  SELECT student_id, course_code, section,
    round(${d.ratio(d.countWhere(`status IN ('present', 'late')`), `nullif(${d.countWhere(`status <> 'excused'`)}, 0)`)}, 4) AS attendance_rate,
    ${d.cast(d.longestRunByDate('session_date', `status = 'absent'`), 'bigint')} AS longest_absence_run,
    max(session_date) FILTER (WHERE status IN ('present', 'late')) AS last_attended
  FROM ${relation('trusted.attendance')} ${d.groupBy(GROUP)}
)
SELECT student_id AS student_key, course_code, section, attendance_rate, longest_absence_run, last_attended,
  coalesce(attendance_rate < ${AT_RISK_RATE}, false) OR longest_absence_run >= ${AT_RISK_ABSENCE_RUN} AS at_risk
FROM rates
ORDER BY student_key, course_code, section`,
});
