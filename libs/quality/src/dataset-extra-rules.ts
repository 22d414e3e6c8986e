import type { Rule } from './rule';

const nonEmpty = (dataset: string): Rule => ({
  type: 'RowCount',
  id: `${dataset}.row_count`,
  severity: 'error',
  threshold: { op: '>', value: 0 },
});

/** A batch far larger or smaller than usual is worth a look, not a stop. */
const usualSize = (dataset: string): Rule => ({
  type: 'DetectAnomalies',
  id: `${dataset}.row_count.anomaly`,
  severity: 'warn',
  metric: { type: 'RowCount' },
  k: 3,
  minHistory: 5,
});

/**
 * Rules a contract cannot imply, per dataset. References are warnings: late reference data must
 * not block attendance (PRODUCT.md §4).
 */
export const DATASET_EXTRA_RULES: Readonly<Record<string, readonly Rule[]>> = {
  attendance: [
    nonEmpty('attendance'),
    usualSize('attendance'),
    {
      type: 'ReferentialIntegrity',
      id: 'attendance.student_id.known_student',
      severity: 'warn',
      columns: ['student_id'],
      reference: { dataset: 'students', columns: ['student_id'] },
      threshold: { op: '=', value: 1 },
    },
    {
      type: 'ReferentialIntegrity',
      id: 'attendance.course_section.known_course',
      severity: 'warn',
      columns: ['course_code', 'section'],
      reference: { dataset: 'courses', columns: ['course_code', 'section'] },
      threshold: { op: '=', value: 1 },
    },
  ],
  admissions: [nonEmpty('admissions'), usualSize('admissions')],
  students: [nonEmpty('students')],
  courses: [nonEmpty('courses')],
  course_results: [
    nonEmpty('course_results'),
    usualSize('course_results'),
    {
      type: 'ReferentialIntegrity',
      id: 'course_results.student_id.known_student',
      severity: 'warn',
      columns: ['student_id'],
      reference: { dataset: 'students', columns: ['student_id'] },
      threshold: { op: '=', value: 1 },
    },
    {
      type: 'ReferentialIntegrity',
      id: 'course_results.course_section.known_course',
      severity: 'warn',
      columns: ['course_code', 'section'],
      reference: { dataset: 'courses', columns: ['course_code', 'section'] },
      threshold: { op: '=', value: 1 },
    },
  ],
};
