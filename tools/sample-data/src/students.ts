import { emailLocalPart, FIRST_NAMES, LAST_NAMES, NAME_SUFFIXES, PROGRAMS, type Program } from './names';
import { makeMessy, type Corruption, type SampleFile } from './messy-table';
import type { Rng } from './prng';
import { withMixedCase, withStrayWhitespace } from './text-mess';

export type StudentStatus = 'active' | 'graduated' | 'withdrawn' | 'leave';

export interface Student {
  studentId: string;
  firstName: string;
  lastName: string;
  email: string;
  program: Program;
  cohortYear: number;
  status: StudentStatus;
}

export const STUDENT_COLUMNS = ['student_id', 'first_name', 'last_name', 'email', 'program_code', 'cohort_year', 'status'] as const;
/** The header as the SIS export spells it: stray spaces and mixed case. */
const STUDENT_HEADER = [' Student_ID ', 'First_Name', 'last_name ', 'EMAIL', 'Program_Code', 'cohort_year', ' Status'];

/** The oldest cohort is small and mostly graduated; recent intakes are larger. */
const COHORT_WEIGHTS: readonly (readonly [number, number])[] = [
  [2021, 10],
  [2022, 22],
  [2023, 22],
  [2024, 23],
  [2025, 23],
];
/** Five cohorts of at most 100 000 ids each (`S` + two-digit cohort + five digits). */
export const MAX_STUDENTS = 100_000;

function statusFor(cohortYear: number, rng: Rng): StudentStatus {
  if (cohortYear === 2021)
    return rng.weighted<StudentStatus>([
      ['graduated', 70],
      ['active', 18],
      ['withdrawn', 9],
      ['leave', 3],
    ]);
  return rng.weighted<StudentStatus>([
    ['active', 90],
    ['withdrawn', 6],
    ['leave', 4],
  ]);
}

/** Clean student records; ids start with the cohort's two-digit year, as many SIS ids do. */
export function generateStudents(count: number, rng: Rng): Student[] {
  if (count > MAX_STUDENTS) throw new RangeError(`At most ${MAX_STUDENTS} students can be generated`);
  const usedIds = new Set<string>();
  const emailCounts = new Map<string, number>();
  const students: Student[] = [];
  for (let i = 0; i < count; i++) {
    const cohortYear = rng.weighted(COHORT_WEIGHTS);
    let studentId: string;
    do studentId = `S${cohortYear % 100}${String(rng.int(0, 99_999)).padStart(5, '0')}`;
    while (usedIds.has(studentId));
    usedIds.add(studentId);
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.chance(0.02) ? `${rng.pick(LAST_NAMES)}, ${rng.pick(NAME_SUFFIXES)}` : rng.pick(LAST_NAMES);
    const local = emailLocalPart(firstName, lastName.split(',')[0]);
    const seen = emailCounts.get(local) ?? 0;
    emailCounts.set(local, seen + 1);
    const email = `${seen === 0 ? local : `${local}${seen + 1}`}@student.example.edu`;
    students.push({ studentId, firstName, lastName, email, program: rng.pick(PROGRAMS), cohortYear, status: statusFor(cohortYear, rng) });
  }
  return students;
}

function studentRow(student: Student, rng: Rng): string[] {
  return [
    withStrayWhitespace(student.studentId, rng, 0.01),
    withStrayWhitespace(student.firstName, rng, 0.03),
    withStrayWhitespace(student.lastName, rng, 0.03),
    rng.chance(0.05) ? student.email.toUpperCase() : student.email,
    student.program.code,
    String(student.cohortYear),
    withMixedCase(student.status, rng, 0.08),
  ];
}

const BAD_STUDENT_IDS = [
  (id: string) => id.slice(0, 6),
  (id: string) => `${id}9`,
  (id: string) => `X${id.slice(1)}`,
  (id: string) => `${id.slice(0, 3)}O${id.slice(4)}`,
];

const STUDENT_CORRUPTIONS: Record<string, Corruption> = {
  bad_id: (row, rng) => [rng.pick(BAD_STUDENT_IDS)(row[0].trim()), ...row.slice(1)],
  unknown_status: (row, rng) => [...row.slice(0, 6), rng.pick(['suspended', 'deferred', 'alumni', '?'])],
  missing_required: (row, rng) => {
    const copy = [...row];
    copy[rng.pick([1, 2, 3, 4, 6])] = '';
    return copy;
  },
  // An unquoted comma in "O'Brien, Jr." or a dropped trailing cell: one field too many or too few.
  wrong_column_count: (row, rng) => (rng.chance(0.5) ? [...row.slice(0, 2), row[2].trim(), 'Jr.', ...row.slice(3)] : row.slice(0, 6)),
};

export function buildStudentsFile(students: readonly Student[], rng: Rng): SampleFile {
  const rows = students.map((student) => studentRow(student, rng));
  return {
    dataset: 'students',
    fileName: 'students.csv',
    columns: STUDENT_COLUMNS,
    dialect: { delimiter: ',', lineEnding: '\n', bom: false, quoteAll: false },
    table: makeMessy(STUDENT_HEADER, rows, STUDENT_CORRUPTIONS, 0.02, { exactRate: 0.01, resubmissionRate: 0, maxDistance: 50 }, rng),
  };
}
