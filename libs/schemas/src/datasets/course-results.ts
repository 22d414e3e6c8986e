import { column } from '../column-spec';
import type { DatasetContract } from '../dataset-contract';

export const CourseResultsContract: DatasetContract = {
  name: 'course_results',
  version: 1,
  description: 'One final grade per student per course section and term, from the SIS grade roster.',
  owner: 'academics-data-engineering',
  kind: 'fact',
  columns: [
    column('student_id', 'text', 'Student number from the SIS.', { required: true, pii: 'identifier', pattern: '^S[0-9]{7}$' }),
    column('course_code', 'text', 'Course code, e.g. CS101.', { required: true, pattern: '^[A-Z]{2,4}[0-9]{3,4}$' }),
    column('section', 'text', 'Section of the course.', { required: true, minLength: 1, maxLength: 4 }),
    column('term', 'text', 'Term, e.g. 2025-FALL.', { required: true, pattern: '^[0-9]{4}-(FALL|SPRING|SUMMER)$' }),
    column('grade', 'enum', 'Final grade: A–F, or P/NP for pass/no-pass courses.', {
      required: true,
      values: ['a', 'b', 'c', 'd', 'f', 'p', 'np'],
    }),
    column('credits', 'integer', 'Credits of the course.', { required: true, min: 0, max: 10 }),
    column('grade_points', 'decimal', 'Grade points 0.0–4.0; empty for P/NP.', { min: 0, max: 4, scale: 1 }),
  ],
  key: ['student_id', 'course_code', 'section', 'term'],
  rowRules: [],
  freshnessSlaHours: 24 * 120,
};
