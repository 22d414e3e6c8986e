WITH ordered AS (
  -- Absences after the same attended or excused session share a run: one window, no self-join.
  SELECT student_id, course_code, section, session_date, status,
    count_if(status <> 'absent') OVER (PARTITION BY student_id, course_code, section ORDER BY session_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run_group
  FROM trusted_attendance
),
runs AS (
  SELECT student_id, course_code, section, max(n) AS longest
  FROM (SELECT student_id, course_code, section, run_group, count(*) AS n FROM ordered WHERE status = 'absent' GROUP BY student_id, course_code, section, run_group)
  GROUP BY student_id, course_code, section
),
rates AS (
  SELECT student_id, course_code, section,
    round(CAST(count_if(status IN ('present', 'late')) AS DOUBLE) / nullif(count_if(status <> 'excused'), 0), 4) AS attendance_rate,
    max(session_date) FILTER (WHERE status IN ('present', 'late')) AS last_attended
  FROM ordered GROUP BY student_id, course_code, section
)
SELECT r.student_id AS student_key, r.course_code, r.section, r.attendance_rate,
  CAST(coalesce(u.longest, 0) AS BIGINT) AS longest_absence_run, r.last_attended,
  coalesce(r.attendance_rate < 0.8, false) OR coalesce(u.longest, 0) >= 3 AS at_risk
FROM rates r LEFT JOIN runs u ON u.student_id = r.student_id AND u.course_code = r.course_code AND u.section = r.section
ORDER BY student_key, course_code, section
