SELECT coalesce(c.department, 'unknown') AS department, CAST(date_trunc('week', a.session_date) AS DATE) AS week_start,
  CAST(count(*) AS BIGINT) AS records,
  round(CAST(count_if(a.status IN ('present', 'late')) AS DOUBLE) / nullif(count_if(a.status <> 'excused'), 0), 4) AS attendance_rate
FROM trusted_attendance a
LEFT JOIN trusted_courses c ON c.course_code = a.course_code AND c.section = a.section
GROUP BY coalesce(c.department, 'unknown'), CAST(date_trunc('week', a.session_date) AS DATE)
ORDER BY department, week_start
