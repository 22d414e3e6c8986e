import { column } from '../column-spec';
import type { DatasetContract } from '../dataset-contract';

export const AdmissionsContract: DatasetContract = {
  name: 'admissions',
  version: 1,
  description: 'One row per application, from the admissions system export.',
  owner: 'admissions-office',
  kind: 'fact',
  columns: [
    column('application_id', 'text', 'Application number.', { required: true, pattern: '^A[0-9]{8}$' }),
    column('first_name', 'text', 'Given name of the applicant.', { required: true, pii: 'direct' }),
    column('last_name', 'text', 'Family name of the applicant.', { required: true, pii: 'direct' }),
    column('email', 'text', 'Contact e-mail address.', { required: true, pii: 'direct', format: 'email' }),
    column('phone', 'text', 'Contact phone number.', { pii: 'direct' }),
    column('date_of_birth', 'date', 'Date of birth.', { required: true, pii: 'direct' }),
    column('gender', 'enum', 'Self-described gender: f, m, x or u (undisclosed).', { pii: 'sensitive', values: ['f', 'm', 'x', 'u'] }),
    column('country', 'text', 'Country of residence, ISO 3166-1 alpha-2.', { required: true, pii: 'quasi', format: 'country-alpha2' }),
    column('postcode', 'text', 'Postcode of residence.', { pii: 'quasi' }),
    column('program_code', 'text', 'Programme applied for, e.g. BSC-CS.', { required: true, pattern: '^[A-Z]{2,5}-[A-Z]{2,6}$' }),
    column('intake_term', 'text', 'Intended intake term, e.g. 2026-FALL.', { required: true, pattern: '^[0-9]{4}-(FALL|SPRING|SUMMER)$' }),
    column('application_date', 'date', 'Date the application was submitted.', { required: true }),
    column('prior_gpa', 'decimal', 'Prior grade point average, 0.0–4.0.', { min: 0, max: 4, scale: 2 }),
    column('test_score', 'integer', 'Admission test score, 0–1600.', { min: 0, max: 1600 }),
    column('status', 'enum', 'Where the application stands.', {
      required: true,
      values: ['submitted', 'under_review', 'offered', 'accepted', 'declined', 'rejected', 'enrolled', 'withdrawn'],
    }),
    column('decision_date', 'date', 'Date of the decision; not before the application date.'),
    column('scholarship_amount', 'decimal', 'Scholarship offered, in the local currency.', { min: 0, scale: 2 }),
  ],
  key: ['application_id'],
  rowRules: [
    { kind: 'age-between', id: 'admissions.date_of_birth.age', column: 'date_of_birth', at: 'application_date', min: 14, max: 100 },
    { kind: 'not-before', id: 'admissions.decision_date.not_before_application', column: 'decision_date', other: 'application_date' },
  ],
  partition: { name: 'intake_term', column: 'intake_term', transform: 'value' },
  freshnessSlaHours: 168,
};
