SELECT intake_term, program_code, coalesce(gender, 'not stated') AS gender, country,
  CAST(count(*) AS BIGINT) AS applications,
  CAST(count_if(status IN ('offered', 'accepted', 'declined', 'enrolled')) AS BIGINT) AS offers,
  CAST(count_if(status IN ('accepted', 'enrolled')) AS BIGINT) AS acceptances,
  CAST(count_if(status = 'enrolled') AS BIGINT) AS enrolments
FROM trusted_admissions
GROUP BY intake_term, program_code, coalesce(gender, 'not stated'), country
ORDER BY intake_term, program_code, gender, country
