export { AdmissionsContract } from './admissions';
export { AttendanceContract } from './attendance';
export { CoursesContract } from './courses';
export { StudentsContract } from './students';
export { DATASET_CONTRACTS, UnknownDataset, getContract } from './registry';
