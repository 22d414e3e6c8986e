import { AdmissionsContract, AttendanceContract, CoursesContract, StudentsContract, type DatasetContract } from '@acad/schemas';
import type { CuratedModelLike, CuratedProductBuilt, Promotion } from './promotion';

// Shapes of the zones library's curated models (inputs and declared column lineage); the
// catalog only sees this structural view of them.
export const WEEKLY: CuratedModelLike = {
  name: 'attendance_weekly',
  description: 'Per course section and ISO week: sessions, students, status counts and attendance rate.',
  inputs: ['trusted.attendance'],
  columnLineage: {
    course_code: ['trusted.attendance.course_code'],
    section: ['trusted.attendance.section'],
    week_start: ['trusted.attendance.session_date'],
    students: ['trusted.attendance.student_id'],
    attendance_rate: ['trusted.attendance.status'],
  },
};
export const RISK: CuratedModelLike = {
  name: 'student_attendance_risk',
  description: 'Per pseudonymous student and course section: attendance rate and at-risk flag.',
  inputs: ['trusted.attendance'],
  columnLineage: {
    student_key: ['trusted.attendance.student_id'],
    course_code: ['trusted.attendance.course_code'],
    at_risk: ['trusted.attendance.status'],
  },
};
export const BY_DEPARTMENT: CuratedModelLike = {
  name: 'attendance_by_department',
  description: 'Attendance rate per department and ISO week.',
  inputs: ['trusted.attendance', 'trusted.courses'],
  columnLineage: {
    department: ['trusted.courses.department'],
    week_start: ['trusted.attendance.session_date'],
    attendance_rate: ['trusted.attendance.status'],
  },
};
export const FUNNEL: CuratedModelLike = {
  name: 'admissions_funnel',
  description: 'Applications, offers, acceptances and enrolments per intake term and programme.',
  inputs: ['trusted.admissions'],
  columnLineage: {
    intake_term: ['trusted.admissions.intake_term'],
    program_code: ['trusted.admissions.program_code'],
    applications: ['trusted.admissions.application_id'],
  },
};

export const LOCATIONS = {
  raw: 'file:///lake/raw',
  quarantine: 'file:///lake/quarantine',
  trusted: 'file:///lake/trusted',
  curated: 'file:///lake/curated',
};

/** Products as the engine would describe them after a rebuild. */
export const BUILT: Record<string, (rows: number) => CuratedProductBuilt> = {
  attendance_weekly: (rows) => ({
    model: WEEKLY,
    rows,
    columns: [
      { name: 'course_code', type: 'VARCHAR' },
      { name: 'section', type: 'VARCHAR' },
      { name: 'week_start', type: 'DATE' },
      { name: 'students', type: 'BIGINT' },
      { name: 'attendance_rate', type: 'DECIMAL(5,4)' },
    ],
  }),
  student_attendance_risk: (rows) => ({
    model: RISK,
    rows,
    columns: [
      { name: 'student_key', type: 'VARCHAR' },
      { name: 'course_code', type: 'VARCHAR' },
      { name: 'at_risk', type: 'BOOLEAN' },
    ],
  }),
  attendance_by_department: (rows) => ({
    model: BY_DEPARTMENT,
    rows,
    columns: [
      { name: 'department', type: 'VARCHAR' },
      { name: 'week_start', type: 'DATE' },
      { name: 'attendance_rate', type: 'DOUBLE' },
    ],
  }),
  admissions_funnel: (rows) => ({
    model: FUNNEL,
    rows,
    columns: [
      { name: 'intake_term', type: 'VARCHAR' },
      { name: 'program_code', type: 'VARCHAR' },
      { name: 'applications', type: 'BIGINT' },
    ],
  }),
};

/** A committed promotion of `contract`; override what a test is about. */
export function samplePromotion(contract: DatasetContract, overrides: Partial<Promotion> = {}): Promotion {
  return {
    contract,
    batchId: `${contract.name}-0001`,
    file: `${contract.name}.csv`,
    status: 'committed',
    rows: { read: 10, accepted: 8, duplicates: 1, quarantined: 1 },
    quality: { passed: 9, warned: 1, failed: 0, score: 0.9 },
    startedAt: '2025-09-02T10:00:00.000Z',
    finishedAt: '2025-09-02T10:00:05.000Z',
    locations: LOCATIONS,
    ...overrides,
  };
}

/** The sample data's order of delivery: reference data first, then facts. */
export const SAMPLE_SEQUENCE: readonly Promotion[] = [
  samplePromotion(StudentsContract, {
    rows: { read: 200, accepted: 200, duplicates: 0, quarantined: 0 },
    trustedPartitions: { all: 'students/all/part-1.parquet' },
  }),
  samplePromotion(CoursesContract, {
    rows: { read: 40, accepted: 40, duplicates: 0, quarantined: 0 },
    trustedPartitions: { all: 'courses/all/part-1.parquet' },
  }),
  samplePromotion(AttendanceContract, {
    rows: { read: 1000, accepted: 990, duplicates: 4, quarantined: 6 },
    trustedPartitions: {
      'session_month=2025-09': 'attendance/session_month=2025-09/part-1.parquet',
      'session_month=2025-10': 'attendance/session_month=2025-10/part-1.parquet',
    },
    curated: [BUILT.attendance_weekly(120), BUILT.student_attendance_risk(600), BUILT.attendance_by_department(16)],
    bytes: { raw: 4096, trusted: 2048 },
  }),
  samplePromotion(AdmissionsContract, {
    rows: { read: 300, accepted: 297, duplicates: 0, quarantined: 3 },
    trustedPartitions: { 'intake_term=2026-FALL': 'admissions/intake_term=2026-FALL/part-1.parquet' },
    curated: [BUILT.admissions_funnel(12)],
  }),
];
