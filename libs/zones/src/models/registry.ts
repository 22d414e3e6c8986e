import { AdmissionsDemographicsModel } from './admissions-demographics';
import { AdmissionsFunnelModel } from './admissions-funnel';
import { AttendanceByDepartmentModel } from './attendance-by-department';
import { AttendanceWeeklyModel } from './attendance-weekly';
import type { CuratedModel } from './curated-model';
import { StudentAttendanceRiskModel } from './student-attendance-risk';
import { GradeDistributionModel } from './grade-distribution';
import { AttendanceVsGradesModel } from './attendance-vs-grades';

export const CURATED_MODELS: readonly CuratedModel[] = [
  AttendanceWeeklyModel,
  StudentAttendanceRiskModel,
  AttendanceByDepartmentModel,
  AdmissionsFunnelModel,
  AdmissionsDemographicsModel,
  GradeDistributionModel,
  AttendanceVsGradesModel,
];

/** Models to rebuild after a batch of `dataset`: those that read it. */
export function modelsReading(dataset: string): CuratedModel[] {
  return CURATED_MODELS.filter((m) => m.inputs.includes(`trusted.${dataset}`));
}
