import { defineCuratedModel, inputByName } from './curated-model';

/** Applications that received an offer (whatever the applicant did with it), and those that accepted one. */
export const OFFERED = `status IN ('offered', 'accepted', 'declined', 'enrolled')`;
export const ACCEPTED = `status IN ('accepted', 'enrolled')`;

export const AdmissionsFunnelModel = defineCuratedModel({
  name: 'admissions_funnel',
  description:
    'Per intake term and programme: applications, offers, acceptances, enrolments, offer rate, yield, median GPA and test score.',
  grain: ['intake_term', 'program_code'],
  refreshBy: ['intake_term', 'program_code'],
  groupsOf: { 'trusted.admissions': () => ({ intake_term: 'intake_term', program_code: 'program_code' }) },
  columnLineage: {
    intake_term: ['trusted.admissions.intake_term'],
    program_code: ['trusted.admissions.program_code'],
    applications: ['trusted.admissions.application_id'],
    offers: ['trusted.admissions.status'],
    acceptances: ['trusted.admissions.status'],
    enrolments: ['trusted.admissions.status'],
    offer_rate: ['trusted.admissions.status'],
    yield: ['trusted.admissions.status'],
    median_gpa: ['trusted.admissions.prior_gpa'],
    median_test_score: ['trusted.admissions.test_score'],
  },
  render: (d, relation = inputByName) => `
SELECT intake_term, program_code,
  ${d.cast('count(*)', 'bigint')} AS applications,
  ${d.cast(d.countWhere(OFFERED), 'bigint')} AS offers,
  ${d.cast(d.countWhere(ACCEPTED), 'bigint')} AS acceptances,
  ${d.cast(d.countWhere(`status = 'enrolled'`), 'bigint')} AS enrolments,
  round(${d.ratio(d.countWhere(OFFERED), 'count(*)')}, 4) AS offer_rate,
  round(${d.ratio(d.countWhere(ACCEPTED), `nullif(${d.countWhere(OFFERED)}, 0)`)}, 4) AS yield,
  ${d.cast(d.median('prior_gpa'), 'double')} AS median_gpa,
  ${d.cast(d.median('test_score'), 'double')} AS median_test_score
FROM ${relation('trusted.admissions')}
${d.groupBy(['intake_term', 'program_code'])}
ORDER BY intake_term, program_code`,
});
