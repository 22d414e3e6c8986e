import { parse } from 'csv-parse/sync';

// An independent reading of the dataset contracts in PRODUCT.md §4, written without the
// generator's code, so tests can count invalid and duplicate rows and compare with the manifest.

export function parseSampleCsv(content: string, delimiter: string): string[][] {
  return parse(content, { bom: true, delimiter, relax_column_count: true }) as string[][];
}

const STUDENT_ID = /^S\d{7}$/;
const COURSE_CODE = /^[A-Z]{2,4}\d{3,4}$/;
const TERM = /^\d{4}-(FALL|SPRING|SUMMER)$/;
const PROGRAM_CODE = /^[A-Z]{2,4}-[A-Z]{2,5}$/;
const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

function ageAt(dateOfBirth: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return onDate.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

type Check = (cells: readonly string[]) => string | null;

function firstFailure(raw: readonly string[], columnCount: number, required: readonly number[], check: Check): string | null {
  if (raw.length !== columnCount) return 'column count';
  const cells = raw.map((cell) => cell.trim());
  if (required.some((index) => cells[index] === '')) return 'missing required';
  return check(cells);
}

export const validateStudent = (raw: readonly string[]): string | null =>
  firstFailure(raw, 7, [0, 1, 2, 3, 4, 6], (c) => {
    if (!STUDENT_ID.test(c[0])) return 'bad id';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c[3])) return 'bad email';
    if (!PROGRAM_CODE.test(c[4])) return 'bad program';
    if (c[5] !== '' && !/^\d{4}$/.test(c[5])) return 'bad cohort';
    if (!['active', 'graduated', 'withdrawn', 'leave'].includes(c[6].toLowerCase())) return 'unknown status';
    return null;
  });

export const validateCourse = (raw: readonly string[]): string | null =>
  firstFailure(raw, 6, [0, 1, 2, 4], (c) => {
    if (!COURSE_CODE.test(c[0])) return 'bad code';
    if (c[1].length > 4) return 'bad section';
    if (!TERM.test(c[4])) return 'bad term';
    if (c[5] !== '' && !INTEGER.test(c[5])) return 'bad capacity';
    return null;
  });

export const validateAttendance = (raw: readonly string[]): string | null =>
  firstFailure(raw, 8, [0, 1, 2, 3, 4], (c) => {
    if (!STUDENT_ID.test(c[0])) return 'bad id';
    if (!COURSE_CODE.test(c[1])) return 'bad course';
    if (c[2].length > 4) return 'bad section';
    if (!isIsoDate(c[3])) return 'bad date';
    const status = c[4].toLowerCase();
    if (!['present', 'absent', 'late', 'excused'].includes(status)) return 'unknown status';
    if (status === 'late' && !(INTEGER.test(c[5]) && Number(c[5]) >= 0 && Number(c[5]) <= 300)) return 'bad minutes';
    if (status !== 'late' && c[5] !== '' && !(INTEGER.test(c[5]) && Number(c[5]) === 0)) return 'bad minutes';
    if (c[6] !== '' && Number.isNaN(Date.parse(c[6]))) return 'bad timestamp';
    return null;
  });

const ADMISSION_STATUSES = ['submitted', 'under_review', 'offered', 'accepted', 'declined', 'rejected', 'enrolled', 'withdrawn'];

export const validateAdmission = (raw: readonly string[]): string | null =>
  firstFailure(raw, 17, [0, 1, 2, 3, 5, 7, 9, 10, 11, 14], (c) => {
    if (!/^A\d{8}$/.test(c[0])) return 'bad id';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c[3])) return 'bad email';
    if (!isIsoDate(c[5]) || !isIsoDate(c[11])) return 'bad date';
    const age = ageAt(c[5], c[11]);
    if (age < 14 || age > 100) return 'implausible age';
    if (c[6] !== '' && !['f', 'm', 'x', 'u'].includes(c[6].toLowerCase())) return 'bad gender';
    if (!/^[A-Z]{2}$/.test(c[7])) return 'bad country';
    if (!PROGRAM_CODE.test(c[9])) return 'bad program';
    if (!TERM.test(c[10])) return 'bad intake term';
    if (c[12] !== '' && !(DECIMAL.test(c[12]) && Number(c[12]) >= 0 && Number(c[12]) <= 4)) return 'bad gpa';
    if (c[13] !== '' && !(INTEGER.test(c[13]) && Number(c[13]) >= 0 && Number(c[13]) <= 1600)) return 'bad test score';
    if (!ADMISSION_STATUSES.includes(c[14].toLowerCase())) return 'unknown status';
    if (c[15] !== '' && (!isIsoDate(c[15]) || c[15] < c[11])) return 'bad decision date';
    if (c[16] !== '' && !(DECIMAL.test(c[16]) && Number(c[16]) >= 0)) return 'bad scholarship';
    return null;
  });

export interface RowCensus {
  rows: number;
  invalid: number;
  exactDuplicates: number;
  /** Same key as an earlier valid row, different content. */
  resubmissions: number;
  /** For each re-submission: [earlier row, later row]. */
  resubmissionPairs: [readonly string[], readonly string[]][];
}

/** Counts invalid rows, exact copies and same-key re-submissions among the valid rows, in file order. */
export function takeCensus(
  records: readonly (readonly string[])[],
  validate: (raw: readonly string[]) => string | null,
  keyColumns: readonly number[],
): RowCensus {
  const census: RowCensus = { rows: records.length, invalid: 0, exactDuplicates: 0, resubmissions: 0, resubmissionPairs: [] };
  const seenExact = new Set<string>();
  const firstByKey = new Map<string, readonly string[]>();
  for (const record of records) {
    if (validate(record) !== null) {
      census.invalid++;
      continue;
    }
    const exact = JSON.stringify(record);
    const key = keyColumns.map((index) => record[index].trim()).join('|');
    if (seenExact.has(exact)) census.exactDuplicates++;
    else if (firstByKey.has(key)) {
      census.resubmissions++;
      census.resubmissionPairs.push([firstByKey.get(key) ?? [], record]);
    } else firstByKey.set(key, record);
    seenExact.add(exact);
  }
  return census;
}
