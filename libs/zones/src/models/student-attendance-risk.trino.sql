WITH rates AS (
  SELECT student_id, course_code, section,
    round(CAST(count_if(status IN ('present', 'late')) AS DOUBLE) / nullif(count_if(status <> 'excused'), 0), 4) AS attendance_rate,
    CAST(coalesce(array_max(transform(regexp_extract_all(array_join(transform(array_sort(array_agg(date_diff('day', DATE '1970-01-01', session_date) * 2 + IF(status = 'absent', 1, 0))), x -> IF(x % 2 = 1, 'A', '.')), ''), 'A+'), x -> length(x))), 0) AS BIGINT) AS longest_absence_run,
    max(session_date) FILTER (WHERE status IN ('present', 'late')) AS last_attended
  FROM trusted_attendance GROUP BY student_id, course_code, section
)
SELECT student_id AS student_key, course_code, section, attendance_rate, longest_absence_run, last_attended,
  coalesce(attendance_rate < 0.8, false) OR longest_absence_run >= 3 AS at_risk
FROM rates
ORDER BY student_key, course_code, section
