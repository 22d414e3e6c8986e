import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_DATASET_HOOKS } from './dataset-hooks';
import { buildSampleData, generateSampleData, type SampleData } from './generate-sample-data';
import type { SampleDatasetName } from './sample-manifest';
import {
  parseSampleCsv,
  takeCensus,
  validateAdmission,
  validateAttendance,
  validateCourse,
  validateStudent,
} from './sample-contracts.test-support';

// Contract columns and keys from PRODUCT.md §4, restated here rather than imported from the generator.
const CONTRACTS: Record<SampleDatasetName, { columns: string[]; key: number[]; validate: (raw: readonly string[]) => string | null }> = {
  students: {
    columns: ['student_id', 'first_name', 'last_name', 'email', 'program_code', 'cohort_year', 'status'],
    key: [0],
    validate: validateStudent,
  },
  courses: { columns: ['course_code', 'section', 'title', 'department', 'term', 'capacity'], key: [0, 1, 4], validate: validateCourse },
  attendance: {
    columns: ['student_id', 'course_code', 'section', 'session_date', 'status', 'minutes_late', 'recorded_at', 'source_system'],
    key: [0, 1, 2, 3],
    validate: validateAttendance,
  },
  admissions: {
    columns: [
      'application_id',
      'first_name',
      'last_name',
      'email',
      'phone',
      'date_of_birth',
      'gender',
      'country',
      'postcode',
      'program_code',
      'intake_term',
      'application_date',
      'prior_gpa',
      'test_score',
      'status',
      'decision_date',
      'scholarship_amount',
    ],
    key: [0],
    validate: validateAdmission,
  },
};
const DATASETS = Object.keys(CONTRACTS) as SampleDatasetName[];

function contentOf(data: SampleData, dataset: SampleDatasetName): string {
  const file = data.files.find((f) => f.fileName === data.manifest.files[dataset].file);
  if (!file) throw new Error(`no file for ${dataset}`);
  return file.content;
}

// csv-parse takes about a second for the attendance file, so each file is parsed once.
const parsed = new Map<string, string[][]>();
function recordsOf(data: SampleData, dataset: SampleDatasetName): string[][] {
  const cacheKey = `${data.manifest.seed}/${data.manifest.students}/${dataset}`;
  const records = parsed.get(cacheKey) ?? parseSampleCsv(contentOf(data, dataset), data.manifest.files[dataset].dialect.delimiter);
  parsed.set(cacheKey, records);
  return records;
}

describe('buildSampleData with the defaults (500 students)', () => {
  let data: SampleData;
  let cpuMs: number;

  beforeAll(() => {
    // CPU time rather than wall time: other processes on a shared machine must not fail this.
    const started = process.cpuUsage();
    data = buildSampleData();
    const used = process.cpuUsage(started);
    cpuMs = (used.user + used.system) / 1000;
  });

  it('builds in under 3 seconds of CPU with 50k–100k attendance rows', () => {
    expect(cpuMs).toBeLessThan(3000);
    expect(data.manifest.students).toBe(500);
    expect(data.manifest.files.attendance.rows).toBeGreaterThanOrEqual(50_000);
    expect(data.manifest.files.attendance.rows).toBeLessThanOrEqual(100_000);
  });

  it.each(DATASETS)(
    '%s parses with csv-parse, its header names the contract columns, and its row count matches the manifest',
    (dataset) => {
      const [header, ...rows] = recordsOf(data, dataset);
      expect(header.map((name) => name.trim().toLowerCase())).toEqual(CONTRACTS[dataset].columns);
      expect(data.manifest.files[dataset].columns).toEqual(CONTRACTS[dataset].columns);
      expect(rows.length).toBe(data.manifest.files[dataset].rows);
    },
  );

  it.each(DATASETS)(
    '%s: an independent contract check finds exactly the invalid, duplicate and re-submitted rows the manifest declares',
    (dataset) => {
      const [, ...rows] = recordsOf(data, dataset);
      const census = takeCensus(rows, CONTRACTS[dataset].validate, CONTRACTS[dataset].key);
      const manifest = data.manifest.files[dataset];
      expect(census.invalid).toBe(manifest.invalid.total);
      expect(census.exactDuplicates).toBe(manifest.exactDuplicates);
      expect(census.resubmissions).toBe(manifest.resubmissions);
      expect(manifest.expected).toEqual({
        accepted: census.rows - census.invalid - census.exactDuplicates - census.resubmissions,
        duplicates: census.exactDuplicates + census.resubmissions,
        quarantined: census.invalid,
      });
    },
  );

  it.each(['students', 'attendance', 'admissions'] as const)(
    '%s has about 2%% invalid rows of several kinds and about 1%% duplicates',
    (dataset) => {
      const manifest = data.manifest.files[dataset];
      expect(manifest.invalid.total / manifest.rows).toBeGreaterThanOrEqual(0.01);
      expect(manifest.invalid.total / manifest.rows).toBeLessThanOrEqual(0.03);
      expect(Object.values(manifest.invalid.byKind).filter((n) => n > 0).length).toBeGreaterThanOrEqual(4);
      const duplicates = manifest.exactDuplicates + manifest.resubmissions;
      expect(duplicates / manifest.rows).toBeGreaterThanOrEqual(0.005);
      expect(duplicates / manifest.rows).toBeLessThanOrEqual(0.015);
    },
  );

  it('re-submits attendance with the same key and a newer recorded_at', () => {
    const [, ...rows] = recordsOf(data, 'attendance');
    const { resubmissionPairs } = takeCensus(rows, validateAttendance, CONTRACTS.attendance.key);
    expect(resubmissionPairs.length).toBeGreaterThan(0);
    for (const [earlier, later] of resubmissionPairs) expect(Date.parse(later[6])).toBeGreaterThan(Date.parse(earlier[6]));
    expect(data.manifest.files.attendance.invalid.byKind).toEqual(
      expect.objectContaining({
        bad_id: expect.any(Number),
        impossible_date: expect.any(Number),
        unknown_status: expect.any(Number),
        missing_required: expect.any(Number),
        wrong_column_count: expect.any(Number),
      }),
    );
  });

  it('spells each file in its own dialect: BOM + CRLF, semicolons, quote-everything with line breaks and commas inside quotes', () => {
    const attendance = contentOf(data, 'attendance');
    expect(attendance.startsWith('\uFEFFstudent_id,')).toBe(true);
    expect(attendance.split('\r\n').length - 1).toBe(data.manifest.files.attendance.rows + 1);
    expect(contentOf(data, 'courses')).toMatch(/^Course_Code;Section;Title;/);
    expect(contentOf(data, 'courses')).toContain('\r\n');
    expect(contentOf(data, 'students')).toMatch(/^ Student_ID ,First_Name,/);
    const admissions = contentOf(data, 'admissions');
    expect(admissions).toMatch(/^"Application_ID","First_Name"/);
    const [, ...applications] = recordsOf(data, 'admissions');
    expect(applications.some((row) => row[2].includes('\n'))).toBe(true);
    expect(applications.some((row) => /, (Jr\.|Sr\.|II|III)$/.test(row[2].trim()))).toBe(true);
    expect(data.manifest.files.admissions.dialect).toEqual({ delimiter: ',', lineEnding: 'lf', bom: false, quoteAll: true });
  });

  it('has the harmless mess real exports have: accents, apostrophes, stray spaces, mixed-case enums', () => {
    const [, ...students] = recordsOf(data, 'students');
    const names = students.map((row) => `${row[1]} ${row[2]}`).join('\n');
    for (const name of ['José', 'Zoë', "O'Brien", 'Nguyễn']) expect(names).toContain(name);
    expect(students.some((row) => row.some((cell) => cell !== cell.trim()))).toBe(true);
    const [, ...attendance] = recordsOf(data, 'attendance');
    const statuses = new Set(attendance.map((row) => row[4]));
    expect(statuses).toContain('PRESENT');
    expect(statuses).toContain('Present');
  });
});

describe('generateSampleData', () => {
  const folders: string[] = [];
  const freshFolder = async (): Promise<string> => {
    const folder = await mkdtemp(join(tmpdir(), 'sample-data-'));
    folders.push(folder);
    return folder;
  };
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  });

  it('writes the four CSV files, one per dataset hook, and manifest.json; the same seed gives identical bytes, another seed different ones', async () => {
    const [first, second, other] = [await freshFolder(), await freshFolder(), await freshFolder()];
    const manifest = await generateSampleData(first, { students: 120, seed: 'same' });
    await generateSampleData(second, { students: 120, seed: 'same' });
    await generateSampleData(other, { students: 120, seed: 'other' });

    const hookFiles = SAMPLE_DATASET_HOOKS.map((hook) => hook.fileName);
    expect((await readdir(first)).sort()).toEqual(
      ['admissions.csv', 'attendance.csv', 'courses.csv', 'manifest.json', 'students.csv', ...hookFiles].sort(),
    );
    expect(JSON.parse(await readFile(join(first, 'manifest.json'), 'utf8'))).toEqual(manifest);
    for (const name of await readdir(first)) {
      const bytes = await readFile(join(first, name));
      expect(bytes.equals(await readFile(join(second, name)))).toBe(true);
      expect(bytes.equals(await readFile(join(other, name)))).toBe(false);
    }
    for (const file of Object.values(manifest.files)) expect((await readFile(join(first, file.file))).length).toBe(file.bytes);
  });
});

describe.each(['seed-1', 'seed-2', 'Zoë'])('buildSampleData with seed %s (60 students)', (seed) => {
  const data = buildSampleData({ students: 60, seed });

  it.each(DATASETS)('%s: the independent check agrees with the manifest', (dataset) => {
    const [, ...rows] = recordsOf(data, dataset);
    const census = takeCensus(rows, CONTRACTS[dataset].validate, CONTRACTS[dataset].key);
    const manifest = data.manifest.files[dataset];
    expect({
      rows: census.rows,
      invalid: census.invalid,
      exactDuplicates: census.exactDuplicates,
      resubmissions: census.resubmissions,
    }).toEqual({
      rows: manifest.rows,
      invalid: manifest.invalid.total,
      exactDuplicates: manifest.exactDuplicates,
      resubmissions: manifest.resubmissions,
    });
  });
});
