export {
  METRIC_UNITS,
  MAX_DIMENSIONS_PER_METRIC,
  assertValidMetric,
  isMetricUnit,
  metricIdentity,
  metricProblems,
  type Metric,
  type MetricUnit,
} from './metric';
export { InvalidMetric, MetricsPublishFailed } from './monitoring-errors';
export {
  DEFAULT_NAMESPACE,
  EMF_MAX_DIMENSIONS_PER_SET,
  EMF_MAX_METRICS_PER_DOCUMENT,
  EMF_MAX_VALUES_PER_METRIC,
  toEmfDocuments,
  type EmfDocument,
  type EmfMetadata,
  type EmfMetricDefinition,
  type EmfMetricDirective,
  type EmfWriteOptions,
} from './emf';
export { CLOUDWATCH_STANDARD_UNITS, validateEmfDocument } from './emf-validation';
export { fromEmfDocument, type EmfMetricsRead } from './emf-reader';
export type { MetricsSink } from './metrics-sink';
export {
  DEFAULT_MAX_METRICS_FILE_BYTES,
  LocalEmfSink,
  localMetricsDirectory,
  readLocalMetrics,
  type LocalEmfSinkOptions,
  type MetricsFileProblem,
  type ReadLocalMetricsOptions,
} from './local-emf-sink';
export {
  CloudWatchSink,
  PUT_METRIC_DATA_MAX_BYTES,
  PUT_METRIC_DATA_MAX_DATUMS,
  batchDatums,
  toMetricDatum,
  type CloudWatchSinkOptions,
} from './cloud-watch-sink';
export {
  PLATFORM_DATASET,
  STORAGE_BYTES_METRIC,
  STORAGE_OBJECTS_METRIC,
  collectStorageMetrics,
  collectStorageUsage,
  datasetOfKey,
  storageUsageToMetrics,
  type DatasetUsage,
  type ZoneUsage,
} from './storage-metrics';
export {
  comparisonSymbol,
  datapointsFor,
  evaluateThresholdAlarm,
  explainThresholdAlarm,
  type AlarmState,
  type AlarmStatistic,
  type ComparisonOperator,
  type Datapoint,
  type PeriodValue,
  type ThresholdAlarmDefinition,
  type ThresholdAlarmEvaluation,
  type ThresholdAlarmOptions,
  type TreatMissingData,
} from './threshold-alarm';
export { createMetricsSink } from './create-metrics-sink';
