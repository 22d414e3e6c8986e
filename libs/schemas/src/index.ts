export { PII_CLASSES, column, type ColumnSpec, type ColumnType, type PiiClass, type ValueFormat } from './column-spec';
export { COUNTRY_ALPHA2_CODES } from './country-codes';
export { findColumn, requiredColumns, type DatasetContract, type PartitionSpec } from './dataset-contract';
export { describeRowRule, type RowRule } from './row-rule';
export { normaliseHeader } from './normalise-header';
export * from './datasets/index';
export * from './compile/index';
export {
  AcademicCalendarSchema,
  InvalidAcademicCalendar,
  academicDayKind,
  followsCalendar,
  isTeachingDay,
  parseAcademicCalendar,
  teachingHoursBetween,
  type AcademicCalendar,
  type AcademicDayKind,
} from './academic-calendar';
