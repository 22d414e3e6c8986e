export { AdmissionsDemographicsModel, GENDER_NOT_STATED } from './admissions-demographics';
export { ACCEPTED, AdmissionsFunnelModel, OFFERED } from './admissions-funnel';
export { AttendanceByDepartmentModel } from './attendance-by-department';
export { AttendanceWeeklyModel } from './attendance-weekly';
export {
  defineCuratedModel,
  inputByName,
  type CuratedModel,
  type ReplaceDelta,
  type CuratedModelDefinition,
  type GroupsOf,
  type InputRelation,
  type ModelRelation,
} from './curated-model';
export { AttendanceVsGradesModel } from './attendance-vs-grades';
export { GradeDistributionModel } from './grade-distribution';
export { CURATED_MODELS, modelsReading } from './registry';
export { AT_RISK_ABSENCE_RUN, AT_RISK_RATE, StudentAttendanceRiskModel } from './student-attendance-risk';
