import type { CuratedModel } from './curated-model';

/** Cells counting fewer people than this are suppressed (published as null). */
export const SMALL_CELL_THRESHOLD = 5;

export const AdmissionsDemographicsModel: CuratedModel = {
  name: 'admissions_demographics',
  description: `Applications per intake term, programme, gender and country; counts under ${SMALL_CELL_THRESHOLD} are suppressed.`,
  inputs: ['trusted.admissions'],
  requiredInputs: ['trusted.admissions'],
  columnLineage: {
    intake_term: ['trusted.admissions.intake_term'],
    program_code: ['trusted.admissions.program_code'],
    gender: ['trusted.admissions.gender'],
    country: ['trusted.admissions.country'],
    applications: ['trusted.admissions.application_id'],
    enrolments: ['trusted.admissions.status'],
    suppressed: ['trusted.admissions.application_id'],
  },
  sql: `
SELECT intake_term, program_code, coalesce(gender, 'u') AS gender, country,
  CASE WHEN count(*) < ${SMALL_CELL_THRESHOLD} THEN NULL ELSE count(*) END::BIGINT AS applications,
  CASE WHEN count(*) < ${SMALL_CELL_THRESHOLD} THEN NULL ELSE count(*) FILTER (WHERE status = 'enrolled') END::BIGINT AS enrolments,
  count(*) < ${SMALL_CELL_THRESHOLD} AS suppressed
FROM trusted.admissions
GROUP BY ALL
ORDER BY intake_term, program_code, gender, country`,
};
