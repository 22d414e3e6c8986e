import { column } from '../column-spec';
import type { DatasetContract } from '../dataset-contract';

export const StudentsContract: DatasetContract = {
  name: 'students',
  version: 1,
  description: 'Reference list of students from the SIS.',
  owner: 'registrar',
  kind: 'reference',
  columns: [
    column('student_id', 'text', 'Student number.', { required: true, pii: 'identifier', pattern: '^S[0-9]{7}$' }),
    column('first_name', 'text', 'Given name.', { required: true, pii: 'direct' }),
    column('last_name', 'text', 'Family name.', { required: true, pii: 'direct' }),
    column('email', 'text', 'University e-mail address.', { required: true, pii: 'direct', format: 'email' }),
    column('program_code', 'text', 'Programme of study.', { required: true, pattern: '^[A-Z]{2,5}-[A-Z]{2,6}$' }),
    column('cohort_year', 'integer', 'Year the student started.', { required: true, min: 1950, max: 2100 }),
    column('status', 'enum', 'Enrolment status.', { required: true, values: ['active', 'graduated', 'withdrawn', 'leave'] }),
  ],
  key: ['student_id'],
  rowRules: [],
  freshnessSlaHours: 720,
};
