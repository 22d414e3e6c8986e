SELECT intake_term, program_code, coalesce(gender, 'u') AS gender, country,
  CAST(CASE WHEN count(*) < 5 THEN NULL ELSE count(*) END AS BIGINT) AS applications,
  CAST(CASE WHEN count(*) < 5 THEN NULL ELSE count_if(status = 'enrolled') END AS BIGINT) AS enrolments,
  count(*) < 5 AS suppressed
FROM trusted_admissions
GROUP BY intake_term, program_code, coalesce(gender, 'u'), country
ORDER BY intake_term, program_code, gender, country
