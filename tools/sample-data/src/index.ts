export { runSampleDataCli, MAX_CLI_STUDENTS, type CliOutput } from './cli';
export { renderCsv, DEFAULT_CSV_DIALECT, type CsvDialect } from './csv-writer';
export {
  buildSampleData,
  generateSampleData,
  DEFAULT_SEED,
  DEFAULT_STUDENTS,
  MANIFEST_FILE_NAME,
  type RenderedSampleFile,
  type SampleData,
  type SampleDataOptions,
} from './generate-sample-data';
export { writeAttendanceCsv, type LargeAttendanceOptions, type LargeAttendanceResult } from './large-attendance';
export { Rng, hashSeed } from './prng';
export type { SampleDataManifest, SampleDatasetName, SampleFileManifest } from './sample-manifest';
export { ADMISSIONS_COLUMNS } from './admissions';
export { ATTENDANCE_COLUMNS } from './attendance';
export { COURSE_COLUMNS } from './courses';
export { STUDENT_COLUMNS } from './students';
export { SAMPLE_DATASET_HOOKS } from './dataset-hooks';
export type { SampleDatasetHook, SampleWorld } from './sample-world';
export type { CoreSampleDatasetName, SampleFile } from './messy-table';
