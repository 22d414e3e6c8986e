SELECT "_batch_id",
  "_source_file",
  "_row_number",
  "_ingested_at",
  "__v_application_id" AS "application_id",
  "__v_first_name" AS "first_name",
  "__v_last_name" AS "last_name",
  "__v_email" AS "email",
  "__v_phone" AS "phone",
  "__v_date_of_birth" AS "date_of_birth",
  "__v_gender" AS "gender",
  "__v_country" AS "country",
  "__v_postcode" AS "postcode",
  "__v_program_code" AS "program_code",
  "__v_intake_term" AS "intake_term",
  "__v_application_date" AS "application_date",
  "__v_prior_gpa" AS "prior_gpa",
  "__v_test_score" AS "test_score",
  "__v_status" AS "status",
  "__v_decision_date" AS "decision_date",
  "__v_scholarship_amount" AS "scholarship_amount",
  CASE WHEN coalesce("__t_application_id" IS NULL, false)
      OR coalesce("__t_application_id" IS NOT NULL AND NOT regexp_like("__t_application_id", '^(?:^A[0-9]{8}$)$'), false)
      OR coalesce("__t_first_name" IS NULL, false)
      OR coalesce("__t_last_name" IS NULL, false)
      OR coalesce("__t_email" IS NULL, false)
      OR coalesce("__t_email" IS NOT NULL AND NOT regexp_like("__t_email", '^(?:^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$)$'), false)
      OR coalesce("__t_date_of_birth" IS NULL, false)
      OR coalesce("__t_date_of_birth" IS NOT NULL AND "__v_date_of_birth" IS NULL, false)
      OR coalesce("__t_gender" IS NOT NULL AND lower("__t_gender") NOT IN ('f', 'm', 'x', 'u'), false)
      OR coalesce("__t_country" IS NULL, false)
      OR coalesce("__t_country" IS NOT NULL AND upper("__t_country") NOT IN ('AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AS', 'AT', 'AU', 'AW', 'AX', 'AZ', 'BA', 'BB', 'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN', 'BO', 'BQ', 'BR', 'BS', 'BT', 'BV', 'BW', 'BY', 'BZ', 'CA', 'CC', 'CD', 'CF', 'CG', 'CH', 'CI', 'CK', 'CL', 'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CW', 'CX', 'CY', 'CZ', 'DE', 'DJ', 'DK', 'DM', 'DO', 'DZ', 'EC', 'EE', 'EG', 'EH', 'ER', 'ES', 'ET', 'FI', 'FJ', 'FK', 'FM', 'FO', 'FR', 'GA', 'GB', 'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW', 'GY', 'HK', 'HM', 'HN', 'HR', 'HT', 'HU', 'ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IR', 'IS', 'IT', 'JE', 'JM', 'JO', 'JP', 'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ', 'LA', 'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY', 'MA', 'MC', 'MD', 'ME', 'MF', 'MG', 'MH', 'MK', 'ML', 'MM', 'MN', 'MO', 'MP', 'MQ', 'MR', 'MS', 'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ', 'NA', 'NC', 'NE', 'NF', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ', 'OM', 'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PM', 'PN', 'PR', 'PS', 'PT', 'PW', 'PY', 'QA', 'RE', 'RO', 'RS', 'RU', 'RW', 'SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS', 'ST', 'SV', 'SX', 'SY', 'SZ', 'TC', 'TD', 'TF', 'TG', 'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TV', 'TW', 'TZ', 'UA', 'UG', 'UM', 'US', 'UY', 'UZ', 'VA', 'VC', 'VE', 'VG', 'VI', 'VN', 'VU', 'WF', 'WS', 'YE', 'YT', 'ZA', 'ZM', 'ZW'), false)
      OR coalesce("__t_program_code" IS NULL, false)
      OR coalesce("__t_program_code" IS NOT NULL AND NOT regexp_like("__t_program_code", '^(?:^[A-Z]{2,5}-[A-Z]{2,6}$)$'), false)
      OR coalesce("__t_intake_term" IS NULL, false)
      OR coalesce("__t_intake_term" IS NOT NULL AND NOT regexp_like("__t_intake_term", '^(?:^[0-9]{4}-(FALL|SPRING|SUMMER)$)$'), false)
      OR coalesce("__t_application_date" IS NULL, false)
      OR coalesce("__t_application_date" IS NOT NULL AND "__v_application_date" IS NULL, false)
      OR coalesce("__t_prior_gpa" IS NOT NULL AND "__v_prior_gpa" IS NULL, false)
      OR coalesce("__v_prior_gpa" IS NOT NULL AND ("__v_prior_gpa" < 0 OR "__v_prior_gpa" > 4), false)
      OR coalesce("__t_test_score" IS NOT NULL AND "__v_test_score" IS NULL, false)
      OR coalesce("__v_test_score" IS NOT NULL AND ("__v_test_score" < 0 OR "__v_test_score" > 1600), false)
      OR coalesce("__t_status" IS NULL, false)
      OR coalesce("__t_status" IS NOT NULL AND lower("__t_status") NOT IN ('submitted', 'under_review', 'offered', 'accepted', 'declined', 'rejected', 'enrolled', 'withdrawn'), false)
      OR coalesce("__t_decision_date" IS NOT NULL AND "__v_decision_date" IS NULL, false)
      OR coalesce("__t_scholarship_amount" IS NOT NULL AND "__v_scholarship_amount" IS NULL, false)
      OR coalesce("__v_scholarship_amount" IS NOT NULL AND ("__v_scholarship_amount" < 0), false)
      OR coalesce("__v_date_of_birth" IS NOT NULL AND "__v_application_date" IS NOT NULL AND ((year("__v_application_date") - year("__v_date_of_birth") - CASE WHEN month("__v_application_date") * 100 + day("__v_application_date") < month("__v_date_of_birth") * 100 + day("__v_date_of_birth") THEN 1 ELSE 0 END) < 14 OR (year("__v_application_date") - year("__v_date_of_birth") - CASE WHEN month("__v_application_date") * 100 + day("__v_application_date") < month("__v_date_of_birth") * 100 + day("__v_date_of_birth") THEN 1 ELSE 0 END) > 100), false)
      OR coalesce("__v_decision_date" < "__v_application_date", false) THEN filter(ARRAY[CASE WHEN "__t_application_id" IS NULL THEN CAST(ROW('admissions.application_id.required', 'application_id is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_application_id" IS NOT NULL AND NOT regexp_like("__t_application_id", '^(?:^A[0-9]{8}$)$') THEN CAST(ROW('admissions.application_id.pattern', 'application_id does not match ^A[0-9]{8}$') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_first_name" IS NULL THEN CAST(ROW('admissions.first_name.required', 'first_name is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_last_name" IS NULL THEN CAST(ROW('admissions.last_name.required', 'last_name is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_email" IS NULL THEN CAST(ROW('admissions.email.required', 'email is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_email" IS NOT NULL AND NOT regexp_like("__t_email", '^(?:^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$)$') THEN CAST(ROW('admissions.email.format', 'email is not a valid e-mail address') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_date_of_birth" IS NULL THEN CAST(ROW('admissions.date_of_birth.required', 'date_of_birth is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_date_of_birth" IS NOT NULL AND "__v_date_of_birth" IS NULL THEN CAST(ROW('admissions.date_of_birth.type', 'date_of_birth is not a valid date (YYYY-MM-DD)') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_gender" IS NOT NULL AND lower("__t_gender") NOT IN ('f', 'm', 'x', 'u') THEN CAST(ROW('admissions.gender.enum', 'gender is not one of f, m, x, u') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_country" IS NULL THEN CAST(ROW('admissions.country.required', 'country is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_country" IS NOT NULL AND upper("__t_country") NOT IN ('AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AS', 'AT', 'AU', 'AW', 'AX', 'AZ', 'BA', 'BB', 'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN', 'BO', 'BQ', 'BR', 'BS', 'BT', 'BV', 'BW', 'BY', 'BZ', 'CA', 'CC', 'CD', 'CF', 'CG', 'CH', 'CI', 'CK', 'CL', 'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CW', 'CX', 'CY', 'CZ', 'DE', 'DJ', 'DK', 'DM', 'DO', 'DZ', 'EC', 'EE', 'EG', 'EH', 'ER', 'ES', 'ET', 'FI', 'FJ', 'FK', 'FM', 'FO', 'FR', 'GA', 'GB', 'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW', 'GY', 'HK', 'HM', 'HN', 'HR', 'HT', 'HU', 'ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IR', 'IS', 'IT', 'JE', 'JM', 'JO', 'JP', 'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ', 'LA', 'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY', 'MA', 'MC', 'MD', 'ME', 'MF', 'MG', 'MH', 'MK', 'ML', 'MM', 'MN', 'MO', 'MP', 'MQ', 'MR', 'MS', 'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ', 'NA', 'NC', 'NE', 'NF', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ', 'OM', 'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PM', 'PN', 'PR', 'PS', 'PT', 'PW', 'PY', 'QA', 'RE', 'RO', 'RS', 'RU', 'RW', 'SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS', 'ST', 'SV', 'SX', 'SY', 'SZ', 'TC', 'TD', 'TF', 'TG', 'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TV', 'TW', 'TZ', 'UA', 'UG', 'UM', 'US', 'UY', 'UZ', 'VA', 'VC', 'VE', 'VG', 'VI', 'VN', 'VU', 'WF', 'WS', 'YE', 'YT', 'ZA', 'ZM', 'ZW') THEN CAST(ROW('admissions.country.format', 'country is not a valid ISO 3166-1 alpha-2 country code') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_program_code" IS NULL THEN CAST(ROW('admissions.program_code.required', 'program_code is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_program_code" IS NOT NULL AND NOT regexp_like("__t_program_code", '^(?:^[A-Z]{2,5}-[A-Z]{2,6}$)$') THEN CAST(ROW('admissions.program_code.pattern', 'program_code does not match ^[A-Z]{2,5}-[A-Z]{2,6}$') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_intake_term" IS NULL THEN CAST(ROW('admissions.intake_term.required', 'intake_term is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_intake_term" IS NOT NULL AND NOT regexp_like("__t_intake_term", '^(?:^[0-9]{4}-(FALL|SPRING|SUMMER)$)$') THEN CAST(ROW('admissions.intake_term.pattern', 'intake_term does not match ^[0-9]{4}-(FALL|SPRING|SUMMER)$') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_application_date" IS NULL THEN CAST(ROW('admissions.application_date.required', 'application_date is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_application_date" IS NOT NULL AND "__v_application_date" IS NULL THEN CAST(ROW('admissions.application_date.type', 'application_date is not a valid date (YYYY-MM-DD)') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_prior_gpa" IS NOT NULL AND "__v_prior_gpa" IS NULL THEN CAST(ROW('admissions.prior_gpa.type', 'prior_gpa is not a valid decimal') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__v_prior_gpa" IS NOT NULL AND ("__v_prior_gpa" < 0 OR "__v_prior_gpa" > 4) THEN CAST(ROW('admissions.prior_gpa.range', 'prior_gpa is outside 0..4') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_test_score" IS NOT NULL AND "__v_test_score" IS NULL THEN CAST(ROW('admissions.test_score.type', 'test_score is not a valid integer') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__v_test_score" IS NOT NULL AND ("__v_test_score" < 0 OR "__v_test_score" > 1600) THEN CAST(ROW('admissions.test_score.range', 'test_score is outside 0..1600') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_status" IS NULL THEN CAST(ROW('admissions.status.required', 'status is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_status" IS NOT NULL AND lower("__t_status") NOT IN ('submitted', 'under_review', 'offered', 'accepted', 'declined', 'rejected', 'enrolled', 'withdrawn') THEN CAST(ROW('admissions.status.enum', 'status is not one of submitted, under_review, offered, accepted, declined, rejected, enrolled, withdrawn') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_decision_date" IS NOT NULL AND "__v_decision_date" IS NULL THEN CAST(ROW('admissions.decision_date.type', 'decision_date is not a valid date (YYYY-MM-DD)') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_scholarship_amount" IS NOT NULL AND "__v_scholarship_amount" IS NULL THEN CAST(ROW('admissions.scholarship_amount.type', 'scholarship_amount is not a valid decimal') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__v_scholarship_amount" IS NOT NULL AND ("__v_scholarship_amount" < 0) THEN CAST(ROW('admissions.scholarship_amount.range', 'scholarship_amount is outside 0..∞') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__v_date_of_birth" IS NOT NULL AND "__v_application_date" IS NOT NULL AND ((year("__v_application_date") - year("__v_date_of_birth") - CASE WHEN month("__v_application_date") * 100 + day("__v_application_date") < month("__v_date_of_birth") * 100 + day("__v_date_of_birth") THEN 1 ELSE 0 END) < 14 OR (year("__v_application_date") - year("__v_date_of_birth") - CASE WHEN month("__v_application_date") * 100 + day("__v_application_date") < month("__v_date_of_birth") * 100 + day("__v_date_of_birth") THEN 1 ELSE 0 END) > 100) THEN CAST(ROW('admissions.date_of_birth.age', 'age from date_of_birth to application_date must be between 14 and 100') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__v_decision_date" < "__v_application_date" THEN CAST(ROW('admissions.decision_date.not_before_application', 'decision_date must not be before application_date') AS ROW(rule VARCHAR, reason VARCHAR)) END], v -> v IS NOT NULL) END AS _violations
FROM (SELECT *, "__t_application_id" AS "__v_application_id", "__t_first_name" AS "__v_first_name", "__t_last_name" AS "__v_last_name", "__t_email" AS "__v_email", "__t_phone" AS "__v_phone", CASE WHEN regexp_like("__t_date_of_birth", '^(?:^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$)$') THEN TRY_CAST("__t_date_of_birth" AS DATE) END AS "__v_date_of_birth", lower("__t_gender") AS "__v_gender", upper("__t_country") AS "__v_country", "__t_postcode" AS "__v_postcode", "__t_program_code" AS "__v_program_code", "__t_intake_term" AS "__v_intake_term", CASE WHEN regexp_like("__t_application_date", '^(?:^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$)$') THEN TRY_CAST("__t_application_date" AS DATE) END AS "__v_application_date", CASE WHEN regexp_like("__t_prior_gpa", '^(?:^[+-]?([0-9]{1,15}(\.[0-9]*)?|\.[0-9]+)$)$') THEN TRY_CAST("__t_prior_gpa" AS DECIMAL(18, 2)) END AS "__v_prior_gpa", CASE WHEN regexp_like("__t_test_score", '^(?:^[+-]?[0-9]{1,15}$)$') THEN TRY_CAST("__t_test_score" AS BIGINT) END AS "__v_test_score", lower("__t_status") AS "__v_status", CASE WHEN regexp_like("__t_decision_date", '^(?:^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$)$') THEN TRY_CAST("__t_decision_date" AS DATE) END AS "__v_decision_date", CASE WHEN regexp_like("__t_scholarship_amount", '^(?:^[+-]?([0-9]{1,15}(\.[0-9]*)?|\.[0-9]+)$)$') THEN TRY_CAST("__t_scholarship_amount" AS DECIMAL(18, 2)) END AS "__v_scholarship_amount" FROM (SELECT "_batch_id", "_source_file", "_row_number", "_ingested_at", NULLIF(TRIM("application_id"), '') AS "__t_application_id", NULLIF(TRIM("first_name"), '') AS "__t_first_name", NULLIF(TRIM("last_name"), '') AS "__t_last_name", NULLIF(TRIM("email"), '') AS "__t_email", NULLIF(TRIM("phone"), '') AS "__t_phone", NULLIF(TRIM("date_of_birth"), '') AS "__t_date_of_birth", NULLIF(TRIM("gender"), '') AS "__t_gender", NULLIF(TRIM("country"), '') AS "__t_country", NULLIF(TRIM("postcode"), '') AS "__t_postcode", NULLIF(TRIM("program_code"), '') AS "__t_program_code", NULLIF(TRIM("intake_term"), '') AS "__t_intake_term", NULLIF(TRIM("application_date"), '') AS "__t_application_date", NULLIF(TRIM("prior_gpa"), '') AS "__t_prior_gpa", NULLIF(TRIM("test_score"), '') AS "__t_test_score", NULLIF(TRIM("status"), '') AS "__t_status", NULLIF(TRIM("decision_date"), '') AS "__t_decision_date", NULLIF(TRIM("scholarship_amount"), '') AS "__t_scholarship_amount" FROM "acad_staging"."landed_batch"))
