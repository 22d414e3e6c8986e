import { AdmissionsDemographicsModel } from './admissions-demographics';
import { AdmissionsFunnelModel } from './admissions-funnel';
import { AttendanceByDepartmentModel } from './attendance-by-department';
import { AttendanceWeeklyModel } from './attendance-weekly';
import type { CuratedModel } from './curated-model';
import { StudentAttendanceRiskModel } from './student-attendance-risk';

export const CURATED_MODELS: readonly CuratedModel[] = [
  AttendanceWeeklyModel,
  StudentAttendanceRiskModel,
  AttendanceByDepartmentModel,
  AdmissionsFunnelModel,
  AdmissionsDemographicsModel,
];

/** Models to rebuild after a batch of `dataset`: those that read it. */
export function modelsReading(dataset: string): CuratedModel[] {
  return CURATED_MODELS.filter((m) => m.inputs.includes(`trusted.${dataset}`));
}
