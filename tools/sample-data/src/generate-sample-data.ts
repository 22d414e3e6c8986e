import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAdmissionsFile } from './admissions';
import { buildAttendanceFile } from './attendance';
import { buildCoursesFile, generateSections, setCapacities } from './courses';
import { renderCsv } from './csv-writer';
import { SAMPLE_DATASET_HOOKS } from './dataset-hooks';
import { countEnrolled, enrolStudents } from './enrolment';
import { Rng } from './prng';
import { describeSampleFile, type SampleDataManifest, type SampleFileManifest } from './sample-manifest';
import { buildStudentsFile, generateStudents } from './students';

export const DEFAULT_STUDENTS = 500;
export const DEFAULT_SEED = 'acad';
/** Applications per student: an intake receives about twice as many applications as a year's students. */
const APPLICATIONS_PER_STUDENT = 2;

export interface SampleDataOptions {
  students?: number;
  seed?: string;
}

export interface RenderedSampleFile {
  fileName: string;
  content: string;
}

export interface SampleData {
  files: RenderedSampleFile[];
  manifest: SampleDataManifest;
}

/** Builds every file in memory. Each dataset draws from its own forked stream of the seed. */
export function buildSampleData(options: SampleDataOptions = {}): SampleData {
  const studentCount = options.students ?? DEFAULT_STUDENTS;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(studentCount) || studentCount < 1) throw new RangeError(`students must be a positive integer, got ${studentCount}`);
  const rng = new Rng(seed);

  const students = generateStudents(studentCount, rng.fork('students'));
  const sections = generateSections(studentCount * 4.9, rng.fork('sections'));
  const enrolments = enrolStudents(students, sections, rng.fork('enrolment'));
  setCapacities(sections, countEnrolled(enrolments), rng.fork('capacity'));

  const sampleFiles = [
    buildStudentsFile(students, rng.fork('students.csv')),
    buildCoursesFile(sections, rng.fork('courses.csv')),
    buildAttendanceFile(enrolments, rng.fork('attendance.csv')),
    buildAdmissionsFile(studentCount * APPLICATIONS_PER_STUDENT, rng.fork('admissions.csv')),
    ...SAMPLE_DATASET_HOOKS.map((hook) => hook.build({ students, sections, enrolments }, rng.fork(hook.fileName))),
  ];
  const files: RenderedSampleFile[] = [];
  const described: Partial<Record<string, SampleFileManifest>> = {};
  for (const file of sampleFiles) {
    const content = renderCsv(file.table.header, file.table.rows, file.dialect);
    files.push({ fileName: file.fileName, content });
    described[file.dataset] = describeSampleFile(file, Buffer.byteLength(content, 'utf8'));
  }
  const manifest: SampleDataManifest = {
    generator: '@acad/sample-data',
    seed,
    students: studentCount,
    files: described as SampleDataManifest['files'],
  };
  return { files, manifest };
}

export const MANIFEST_FILE_NAME = 'manifest.json';

/** Writes students.csv, courses.csv, attendance.csv, admissions.csv, one file per dataset hook and manifest.json into `outDir`. */
export async function generateSampleData(outDir: string, options: SampleDataOptions = {}): Promise<SampleDataManifest> {
  const { files, manifest } = buildSampleData(options);
  await mkdir(outDir, { recursive: true });
  for (const file of files) await writeFile(join(outDir, file.fileName), file.content, 'utf8');
  await writeFile(join(outDir, MANIFEST_FILE_NAME), `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  return manifest;
}
