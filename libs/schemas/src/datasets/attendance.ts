import { column } from '../column-spec';
import type { DatasetContract } from '../dataset-contract';

export const AttendanceContract: DatasetContract = {
  name: 'attendance',
  version: 1,
  description: 'One row per student per class session, from the LMS and SIS attendance exports.',
  owner: 'academics-data-engineering',
  kind: 'fact',
  columns: [
    column('student_id', 'text', 'Student number from the SIS.', { required: true, pii: 'identifier', pattern: '^S[0-9]{7}$' }),
    column('course_code', 'text', 'Course code, e.g. CS101.', { required: true, pattern: '^[A-Z]{2,4}[0-9]{3,4}$' }),
    column('section', 'text', 'Section of the course.', { required: true, minLength: 1, maxLength: 4 }),
    column('session_date', 'date', 'Date of the class session.', { required: true }),
    column('status', 'enum', 'Attendance status of the student at the session.', {
      required: true,
      values: ['present', 'absent', 'late', 'excused'],
    }),
    column('minutes_late', 'integer', 'Minutes late; required when status is late.', { min: 0, max: 300 }),
    column('recorded_at', 'timestamp', 'When the record was written; the latest wins among duplicates.'),
    column('source_system', 'text', 'System that produced the record.'),
  ],
  key: ['student_id', 'course_code', 'section', 'session_date'],
  latestBy: 'recorded_at',
  rowRules: [
    {
      kind: 'required-when',
      id: 'attendance.minutes_late.when_late',
      column: 'minutes_late',
      when: 'status',
      equals: 'late',
      otherwiseNullOr: 0,
    },
  ],
  partition: { name: 'session_month', column: 'session_date', transform: 'month' },
  freshnessSlaHours: 48,
};
