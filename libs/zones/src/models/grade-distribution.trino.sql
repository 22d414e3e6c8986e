WITH cells AS (
  SELECT course_code, section, term, grade, count(*) AS n
  FROM trusted_course_results
  GROUP BY course_code, section, term, grade
),
shared AS (
  SELECT course_code, section, term, grade, n, sum(n) OVER (PARTITION BY course_code, section, term) AS total FROM cells
)
SELECT course_code, section, term, grade,
  CAST(n AS BIGINT) AS students,
  round(CAST(n AS DOUBLE) / total, 4) AS share
FROM shared
ORDER BY course_code, section, term, grade
