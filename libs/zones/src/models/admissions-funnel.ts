import type { CuratedModel } from './curated-model';

const OFFERED = `('offered', 'accepted', 'declined', 'enrolled')`;
const ACCEPTED = `('accepted', 'enrolled')`;

export const AdmissionsFunnelModel: CuratedModel = {
  name: 'admissions_funnel',
  description: 'Per intake term and programme: applications, offers, acceptances, enrolments, offer rate, yield, median GPA and test score.',
  inputs: ['trusted.admissions'],
  requiredInputs: ['trusted.admissions'],
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
  sql: `
SELECT intake_term, program_code,
  count(*)::BIGINT AS applications,
  count(*) FILTER (WHERE status IN ${OFFERED})::BIGINT AS offers,
  count(*) FILTER (WHERE status IN ${ACCEPTED})::BIGINT AS acceptances,
  count(*) FILTER (WHERE status = 'enrolled')::BIGINT AS enrolments,
  round(count(*) FILTER (WHERE status IN ${OFFERED}) / count(*), 4) AS offer_rate,
  round(count(*) FILTER (WHERE status IN ${ACCEPTED}) / nullif(count(*) FILTER (WHERE status IN ${OFFERED}), 0), 4) AS yield,
  CAST(median(prior_gpa) AS DOUBLE) AS median_gpa,
  CAST(median(test_score) AS DOUBLE) AS median_test_score
FROM trusted.admissions
GROUP BY ALL
ORDER BY intake_term, program_code`,
};
