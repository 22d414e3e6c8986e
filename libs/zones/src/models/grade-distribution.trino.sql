WITH cells AS (
  SELECT course_code, section, term, grade, count(*) AS n
  FROM trusted_course_results
  GROUP BY course_code, section, term, grade
),
shared AS (
  SELECT course_code, section, term, grade, n, sum(n) OVER (PARTITION BY course_code, section, term) AS total FROM cells
)
SELECT course_code, section, term, grade,
  CAST(CASE WHEN n < 5 THEN NULL ELSE n END AS BIGINT) AS students,
  CASE WHEN n < 5 THEN NULL ELSE round(CAST(n AS DOUBLE) / total, 4) END AS share,
  n < 5 AS suppressed
FROM shared
ORDER BY course_code, section, term, grade
