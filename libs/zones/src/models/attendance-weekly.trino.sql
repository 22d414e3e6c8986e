SELECT course_code, section, CAST(date_trunc('week', session_date) AS DATE) AS week_start,
  CAST(count(DISTINCT session_date) AS BIGINT) AS sessions,
  CAST(count(DISTINCT student_id) AS BIGINT) AS students,
  CAST(count_if(status = 'present') AS BIGINT) AS present,
  CAST(count_if(status = 'late') AS BIGINT) AS late,
  CAST(count_if(status = 'absent') AS BIGINT) AS absent,
  CAST(count_if(status = 'excused') AS BIGINT) AS excused,
  round(CAST((CAST(count_if(status = 'present') AS BIGINT) + CAST(count_if(status = 'late') AS BIGINT)) AS DOUBLE) / nullif(CAST(count_if(status = 'present') AS BIGINT) + CAST(count_if(status = 'late') AS BIGINT) + CAST(count_if(status = 'absent') AS BIGINT), 0), 4) AS attendance_rate
FROM trusted_attendance
GROUP BY course_code, section, CAST(date_trunc('week', session_date) AS DATE)
ORDER BY course_code, section, week_start
