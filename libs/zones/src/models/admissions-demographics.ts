import { defineCuratedModel, inputByName } from './curated-model';

/** Cells counting fewer people than this are suppressed (published as null). */
export const SMALL_CELL_THRESHOLD = 5;

export const AdmissionsDemographicsModel = defineCuratedModel({
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
  render: (d, relation = inputByName) => {
    const gender = `coalesce(gender, 'u')`;
    const small = `count(*) < ${SMALL_CELL_THRESHOLD}`;
    return `
SELECT intake_term, program_code, ${gender} AS gender, country,
  ${d.cast(`CASE WHEN ${small} THEN NULL ELSE count(*) END`, 'bigint')} AS applications,
  ${d.cast(`CASE WHEN ${small} THEN NULL ELSE ${d.countWhere(`status = 'enrolled'`)} END`, 'bigint')} AS enrolments,
  ${small} AS suppressed
FROM ${relation('trusted.admissions')}
${d.groupBy(['intake_term', 'program_code', gender, 'country'])}
ORDER BY intake_term, program_code, gender, country`;
  },
});
