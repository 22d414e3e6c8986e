SELECT "_batch_id",
  "_source_file",
  "_row_number",
  "_ingested_at",
  "__v_student_id" AS "student_id",
  "__v_course_code" AS "course_code",
  "__v_section" AS "section",
  "__v_session_date" AS "session_date",
  "__v_status" AS "status",
  "__v_minutes_late" AS "minutes_late",
  "__v_recorded_at" AS "recorded_at",
  "__v_source_system" AS "source_system",
  CASE WHEN coalesce("__t_student_id" IS NULL, false)
      OR coalesce("__t_student_id" IS NOT NULL AND NOT regexp_like("__t_student_id", '^(?:^S[0-9]{7}$)$'), false)
      OR coalesce("__t_course_code" IS NULL, false)
      OR coalesce("__t_course_code" IS NOT NULL AND NOT regexp_like("__t_course_code", '^(?:^[A-Z]{2,4}[0-9]{3,4}$)$'), false)
      OR coalesce("__t_section" IS NULL, false)
      OR coalesce("__t_section" IS NOT NULL AND (length("__t_section") < 1 OR length("__t_section") > 4), false)
      OR coalesce("__t_session_date" IS NULL, false)
      OR coalesce("__t_session_date" IS NOT NULL AND "__v_session_date" IS NULL, false)
      OR coalesce("__t_status" IS NULL, false)
      OR coalesce("__t_status" IS NOT NULL AND lower("__t_status") NOT IN ('present', 'absent', 'late', 'excused'), false)
      OR coalesce("__t_minutes_late" IS NOT NULL AND "__v_minutes_late" IS NULL, false)
      OR coalesce("__v_minutes_late" IS NOT NULL AND ("__v_minutes_late" < 0 OR "__v_minutes_late" > 300), false)
      OR coalesce("__t_recorded_at" IS NOT NULL AND "__v_recorded_at" IS NULL, false)
      OR coalesce((coalesce("__v_status" = 'late', false) AND "__t_minutes_late" IS NULL) OR (NOT coalesce("__v_status" = 'late', false) AND "__v_minutes_late" IS NOT NULL AND "__v_minutes_late" <> 0), false) THEN filter(ARRAY[CASE WHEN "__t_student_id" IS NULL THEN CAST(ROW('attendance.student_id.required', 'student_id is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_student_id" IS NOT NULL AND NOT regexp_like("__t_student_id", '^(?:^S[0-9]{7}$)$') THEN CAST(ROW('attendance.student_id.pattern', 'student_id does not match ^S[0-9]{7}$') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_course_code" IS NULL THEN CAST(ROW('attendance.course_code.required', 'course_code is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_course_code" IS NOT NULL AND NOT regexp_like("__t_course_code", '^(?:^[A-Z]{2,4}[0-9]{3,4}$)$') THEN CAST(ROW('attendance.course_code.pattern', 'course_code does not match ^[A-Z]{2,4}[0-9]{3,4}$') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_section" IS NULL THEN CAST(ROW('attendance.section.required', 'section is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_section" IS NOT NULL AND (length("__t_section") < 1 OR length("__t_section") > 4) THEN CAST(ROW('attendance.section.length', 'section length is outside 1..4') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_session_date" IS NULL THEN CAST(ROW('attendance.session_date.required', 'session_date is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_session_date" IS NOT NULL AND "__v_session_date" IS NULL THEN CAST(ROW('attendance.session_date.type', 'session_date is not a valid date (YYYY-MM-DD)') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_status" IS NULL THEN CAST(ROW('attendance.status.required', 'status is required') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_status" IS NOT NULL AND lower("__t_status") NOT IN ('present', 'absent', 'late', 'excused') THEN CAST(ROW('attendance.status.enum', 'status is not one of present, absent, late, excused') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_minutes_late" IS NOT NULL AND "__v_minutes_late" IS NULL THEN CAST(ROW('attendance.minutes_late.type', 'minutes_late is not a valid integer') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__v_minutes_late" IS NOT NULL AND ("__v_minutes_late" < 0 OR "__v_minutes_late" > 300) THEN CAST(ROW('attendance.minutes_late.range', 'minutes_late is outside 0..300') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN "__t_recorded_at" IS NOT NULL AND "__v_recorded_at" IS NULL THEN CAST(ROW('attendance.recorded_at.type', 'recorded_at is not a valid ISO 8601 timestamp') AS ROW(rule VARCHAR, reason VARCHAR)) END,
    CASE WHEN (coalesce("__v_status" = 'late', false) AND "__t_minutes_late" IS NULL) OR (NOT coalesce("__v_status" = 'late', false) AND "__v_minutes_late" IS NOT NULL AND "__v_minutes_late" <> 0) THEN CAST(ROW('attendance.minutes_late.when_late', 'minutes_late is required when status is late, and empty or 0 otherwise') AS ROW(rule VARCHAR, reason VARCHAR)) END], v -> v IS NOT NULL) END AS _violations
FROM (SELECT *, "__t_student_id" AS "__v_student_id", "__t_course_code" AS "__v_course_code", "__t_section" AS "__v_section", CASE WHEN regexp_like("__t_session_date", '^(?:^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$)$') THEN TRY_CAST("__t_session_date" AS DATE) END AS "__v_session_date", lower("__t_status") AS "__v_status", CASE WHEN regexp_like("__t_minutes_late", '^(?:^[+-]?[0-9]{1,15}$)$') THEN TRY_CAST("__t_minutes_late" AS BIGINT) END AS "__v_minutes_late", CASE WHEN regexp_like("__t_recorded_at", '^(?:^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?$)$') THEN CAST(try(from_iso8601_timestamp(replace("__t_recorded_at", ' ', 'T'))) AT TIME ZONE 'UTC' AS TIMESTAMP(3)) END AS "__v_recorded_at", "__t_source_system" AS "__v_source_system" FROM (SELECT "_batch_id", "_source_file", "_row_number", "_ingested_at", NULLIF(TRIM("student_id"), '') AS "__t_student_id", NULLIF(TRIM("course_code"), '') AS "__t_course_code", NULLIF(TRIM("section"), '') AS "__t_section", NULLIF(TRIM("session_date"), '') AS "__t_session_date", NULLIF(TRIM("status"), '') AS "__t_status", NULLIF(TRIM("minutes_late"), '') AS "__t_minutes_late", NULLIF(TRIM("recorded_at"), '') AS "__t_recorded_at", NULLIF(TRIM("source_system"), '') AS "__t_source_system" FROM "acad_staging"."landed_batch"))
