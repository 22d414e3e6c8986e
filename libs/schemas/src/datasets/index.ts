export { AdmissionsContract } from './admissions';
export { AttendanceContract } from './attendance';
export { CoursesContract } from './courses';
export { StudentsContract } from './students';
export { CourseResultsContract } from './course-results';
export { DATASET_CONTRACTS, UnknownDataset, getContract } from './registry';
export { datasetRulesFile } from './rules-file';
