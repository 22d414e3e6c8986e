import { defineCuratedModel, inputByName } from './curated-model';

/** A student is at risk below 80% attendance or after three absences in a row. */
export const AT_RISK_RATE = 0.8;
export const AT_RISK_ABSENCE_RUN = 3;

const GROUP = ['student_id', 'course_code', 'section'];

export const StudentAttendanceRiskModel = defineCuratedModel({
  name: 'student_attendance_risk',
  description: 'Per pseudonymous student and course section: attendance rate, longest run of absences, last attended, at-risk flag.',
  inputs: ['trusted.attendance'],
  requiredInputs: ['trusted.attendance'],
  columnLineage: {
    student_key: ['trusted.attendance.student_id'],
    course_code: ['trusted.attendance.course_code'],
    section: ['trusted.attendance.section'],
    attendance_rate: ['trusted.attendance.status'],
    longest_absence_run: ['trusted.attendance.status', 'trusted.attendance.session_date'],
    last_attended: ['trusted.attendance.session_date', 'trusted.attendance.status'],
    at_risk: ['trusted.attendance.status', 'trusted.attendance.session_date'],
  },
  render: (d, relation = inputByName) => `
WITH ${d.materializedCte('ordered')} (
  -- Absences after the same attended or excused session share a run: one window, no self-join.
  SELECT student_id, course_code, section, session_date, status,
    ${d.countWhere(`status <> 'absent'`)} OVER (PARTITION BY ${GROUP.join(', ')} ORDER BY session_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run_group
  FROM ${relation('trusted.attendance')}
),
runs AS (
  SELECT student_id, course_code, section, max(n) AS longest
  FROM (SELECT student_id, course_code, section, run_group, count(*) AS n FROM ordered WHERE status = 'absent' ${d.groupBy([...GROUP, 'run_group'])})
  ${d.groupBy(GROUP)}
),
rates AS (
  SELECT student_id, course_code, section,
    round(${d.ratio(d.countWhere(`status IN ('present', 'late')`), `nullif(${d.countWhere(`status <> 'excused'`)}, 0)`)}, 4) AS attendance_rate,
    max(session_date) FILTER (WHERE status IN ('present', 'late')) AS last_attended
  FROM ordered ${d.groupBy(GROUP)}
)
SELECT r.student_id AS student_key, r.course_code, r.section, r.attendance_rate,
  ${d.cast('coalesce(u.longest, 0)', 'bigint')} AS longest_absence_run, r.last_attended,
  coalesce(r.attendance_rate < ${AT_RISK_RATE}, false) OR coalesce(u.longest, 0) >= ${AT_RISK_ABSENCE_RUN} AS at_risk
FROM rates r LEFT JOIN runs u ON u.student_id = r.student_id AND u.course_code = r.course_code AND u.section = r.section
ORDER BY student_key, course_code, section`,
});
