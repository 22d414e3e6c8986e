import { column } from '../column-spec';
import type { DatasetContract } from '../dataset-contract';

export const CoursesContract: DatasetContract = {
  name: 'courses',
  version: 1,
  description: 'Reference list of course sections offered per term.',
  owner: 'registrar',
  kind: 'reference',
  columns: [
    column('course_code', 'text', 'Course code.', { required: true, pattern: '^[A-Z]{2,4}[0-9]{3,4}$' }),
    column('section', 'text', 'Section.', { required: true, minLength: 1, maxLength: 4 }),
    column('title', 'text', 'Course title.', { required: true }),
    column('department', 'text', 'Department that teaches the course.', { required: true }),
    column('term', 'text', 'Term, e.g. 2025-FALL.', { required: true, pattern: '^[0-9]{4}-(FALL|SPRING|SUMMER)$' }),
    column('capacity', 'integer', 'Seats in the section.', { min: 0, max: 10000 }),
  ],
  key: ['course_code', 'section'],
  rowRules: [],
  freshnessSlaHours: 720,
};
