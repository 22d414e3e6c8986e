import type { CuratedModel } from './curated-model';

/** A student is at risk below 80% attendance or after three absences in a row. */
export const AT_RISK_RATE = 0.8;
export const AT_RISK_ABSENCE_RUN = 3;

export const StudentAttendanceRiskModel: CuratedModel = {
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
  sql: `
WITH ordered AS MATERIALIZED (
  -- Absences after the same attended or excused session share a run: one window, no self-join.
  SELECT student_id, course_code, section, session_date, status,
    count(*) FILTER (WHERE status <> 'absent') OVER (PARTITION BY student_id, course_code, section ORDER BY session_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run_group
  FROM trusted.attendance
),
runs AS (
  SELECT student_id, course_code, section, max(n) AS longest
  FROM (SELECT student_id, course_code, section, run_group, count(*) AS n FROM ordered WHERE status = 'absent' GROUP BY ALL)
  GROUP BY ALL
),
rates AS (
  SELECT student_id, course_code, section,
    round(count(*) FILTER (WHERE status IN ('present', 'late')) / nullif(count(*) FILTER (WHERE status <> 'excused'), 0), 4) AS attendance_rate,
    max(session_date) FILTER (WHERE status IN ('present', 'late')) AS last_attended
  FROM ordered GROUP BY ALL
)
SELECT r.student_id AS student_key, r.course_code, r.section, r.attendance_rate,
  coalesce(u.longest, 0)::BIGINT AS longest_absence_run, r.last_attended,
  coalesce(r.attendance_rate < ${AT_RISK_RATE}, false) OR coalesce(u.longest, 0) >= ${AT_RISK_ABSENCE_RUN} AS at_risk
FROM rates r LEFT JOIN runs u USING (student_id, course_code, section)
ORDER BY student_key, course_code, section`,
};
