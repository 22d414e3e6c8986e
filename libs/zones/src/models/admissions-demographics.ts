import { ACCEPTED, OFFERED } from './admissions-funnel';
import { defineCuratedModel, inputByName } from './curated-model';

/** The gender of an application that left it empty: a category of its own, not "u" (undisclosed by choice). */
export const GENDER_NOT_STATED = 'not stated';
const GENDER = `coalesce(gender, '${GENDER_NOT_STATED}')`;

// True counts: the public and viewer read this product only through the release step, which
// suppresses small cells (and the cells that would give them back) at the grain of each release.
export const AdmissionsDemographicsModel = defineCuratedModel({
  name: 'admissions_demographics',
  description: 'Applications, offers, acceptances and enrolments per intake term, programme, gender (empty: "not stated") and country.',
  grain: ['intake_term', 'program_code', 'gender', 'country'],
  refreshBy: ['intake_term', 'program_code', 'gender', 'country'],
  groupsOf: {
    'trusted.admissions': () => ({ intake_term: 'intake_term', program_code: 'program_code', gender: GENDER, country: 'country' }),
  },
  columnLineage: {
    intake_term: ['trusted.admissions.intake_term'],
    program_code: ['trusted.admissions.program_code'],
    gender: ['trusted.admissions.gender'],
    country: ['trusted.admissions.country'],
    applications: ['trusted.admissions.application_id'],
    offers: ['trusted.admissions.status'],
    acceptances: ['trusted.admissions.status'],
    enrolments: ['trusted.admissions.status'],
  },
  render: (d, relation = inputByName) => `
SELECT intake_term, program_code, ${GENDER} AS gender, country,
  ${d.cast('count(*)', 'bigint')} AS applications,
  ${d.cast(d.countWhere(OFFERED), 'bigint')} AS offers,
  ${d.cast(d.countWhere(ACCEPTED), 'bigint')} AS acceptances,
  ${d.cast(d.countWhere(`status = 'enrolled'`), 'bigint')} AS enrolments
FROM ${relation('trusted.admissions')}
${d.groupBy(['intake_term', 'program_code', GENDER, 'country'])}
ORDER BY intake_term, program_code, gender, country`,
});
