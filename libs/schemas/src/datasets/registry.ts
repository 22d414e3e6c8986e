import type { DatasetContract } from '../dataset-contract';
import { AdmissionsContract } from './admissions';
import { AttendanceContract } from './attendance';
import { CoursesContract } from './courses';
import { StudentsContract } from './students';
import { CourseResultsContract } from './course-results';

/** Every dataset the platform ingests, by name. */
export const DATASET_CONTRACTS: readonly DatasetContract[] = [
  StudentsContract,
  CoursesContract,
  AttendanceContract,
  AdmissionsContract,
  CourseResultsContract,
];

export class UnknownDataset extends Error {
  readonly code = 'UNKNOWN_DATASET';
  constructor(readonly dataset: string) {
    super(`Unknown dataset "${dataset}"; known datasets are ${DATASET_CONTRACTS.map((c) => c.name).join(', ')}`);
    this.name = 'UnknownDataset';
  }
}

export function getContract(name: string): DatasetContract {
  const contract = DATASET_CONTRACTS.find((c) => c.name === name);
  if (!contract) throw new UnknownDataset(name);
  return contract;
}
