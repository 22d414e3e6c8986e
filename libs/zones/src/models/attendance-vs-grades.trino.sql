WITH rates AS (
  SELECT student_id, course_code, section,
    CAST(count_if(status IN ('present', 'late')) AS DOUBLE) / nullif(count_if(status <> 'excused'), 0) AS attendance_rate
  FROM trusted_attendance
  GROUP BY student_id, course_code, section
),
pairs AS (
  -- P/NP results carry no grade points and drop out here.
  SELECT g.course_code, r.attendance_rate, CAST(g.grade_points AS DOUBLE) AS grade_points
  FROM trusted_course_results g
  JOIN rates r ON r.student_id = g.student_id AND r.course_code = g.course_code AND r.section = g.section
  WHERE g.grade_points IS NOT NULL AND r.attendance_rate IS NOT NULL
)
SELECT course_code,
  CAST(count(*) AS BIGINT) AS students,
  round(avg(attendance_rate), 4) AS mean_attendance_rate,
  round(avg(grade_points), 4) AS mean_grade_points,
  round(corr(attendance_rate, grade_points), 4) AS correlation
FROM pairs
GROUP BY course_code
ORDER BY course_code
