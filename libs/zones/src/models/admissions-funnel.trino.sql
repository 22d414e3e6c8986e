SELECT intake_term, program_code,
  CAST(count(*) AS BIGINT) AS applications,
  CAST(count_if(status IN ('offered', 'accepted', 'declined', 'enrolled')) AS BIGINT) AS offers,
  CAST(count_if(status IN ('accepted', 'enrolled')) AS BIGINT) AS acceptances,
  CAST(count_if(status = 'enrolled') AS BIGINT) AS enrolments,
  round(CAST(count_if(status IN ('offered', 'accepted', 'declined', 'enrolled')) AS DOUBLE) / count(*), 4) AS offer_rate,
  round(CAST(count_if(status IN ('accepted', 'enrolled')) AS DOUBLE) / nullif(count_if(status IN ('offered', 'accepted', 'declined', 'enrolled')), 0), 4) AS yield,
  CAST(approx_percentile(CAST(prior_gpa AS DOUBLE), 0.5) AS DOUBLE) AS median_gpa,
  CAST(approx_percentile(CAST(test_score AS DOUBLE), 0.5) AS DOUBLE) AS median_test_score
FROM trusted_admissions
GROUP BY intake_term, program_code
ORDER BY intake_term, program_code
