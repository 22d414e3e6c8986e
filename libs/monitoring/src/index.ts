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
export { InvalidAlarmRule, InvalidMetric, MetricsPublishFailed, MonitoringConfigInvalid } from './monitoring-errors';
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
export type { MetricsReader, MetricsReadRange } from './metrics-reader';
export { LocalEmfReader } from './local-emf-reader';
export {
  CloudWatchMetricsReader,
  GET_METRIC_DATA_MAX_QUERIES,
  periodWindows,
  READ_BACK_STATISTICS,
  type CloudWatchMetricsReaderOptions,
} from './cloud-watch-metrics-reader';
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
export { createMetricsSink, type MetricsDestination } from './create-metrics-sink';
export { aggregateByPeriod, statisticOf, type PeriodAggregate, type PeriodWindow, type TimedValue } from './period-aggregation';
export {
  AlarmDefinitionSchema,
  AnomalyAlarmSchema,
  BudgetAlarmSchema,
  CompositeAlarmSchema,
  FreshnessAlarmSchema,
  ThresholdAlarmSchema,
  type AlarmDefinition,
  type AnomalyAlarmDefinition,
  type BudgetAlarmDefinition,
  type CompositeAlarmDefinition,
  type FreshnessAlarmDefinition,
  type ResolvedAlarmDefinition,
  type ThresholdAlarmConfig,
} from './alarm-definitions';
export { evaluateAnomalyAlarm, learnAnomalyBand, median, type AnomalyAlarmEvaluation, type AnomalyBand } from './anomaly-alarm';
export { alarmsInRule, formatAlarmRule, parseAlarmRule, ruleHolds, type AlarmRule } from './alarm-rule';
export {
  accruedStorageBytes,
  budgetFigures,
  evaluateBudgetAlarm,
  monthWindow,
  type BudgetAlarmEvaluation,
  type BudgetFigures,
  type MonthWindow,
  type StorageSample,
} from './budget-alarm';
export { DATA_AGE_METRIC, freshnessMetrics, freshnessToThresholdAlarm, measureFreshness, type DatasetFreshness } from './freshness';
export { evaluateAlarms, resolveAlarms, type AlarmEvaluationContext, type AlarmResult } from './alarm-evaluation';
export {
  monitoringDirectory,
  readAlarmHistory,
  readAlarmStates,
  recordAlarmStates,
  writeFileAtomically,
  type AlarmTransition,
  type StoredAlarmState,
} from './alarm-state-store';
export {
  MONITORING_CONFIG_FILE,
  MonitoringConfigSchema,
  loadMonitoringConfig,
  type LoadedMonitoringConfig,
  type MonitoringConfig,
} from './monitoring-config';
export {
  FORECAST_COST_METRIC,
  MONTH_TO_DATE_COST_METRIC,
  metricAlarmInput,
  syncAlarmsToCloudWatch,
  type AlarmSyncOptions,
} from './cloud-watch-alarm-sync';
export { DEFAULT_PRICES, PriceTableSchema, type PriceTable } from './cost-prices';
export { BYTES_PER_GB, emptyUsage, estimateMonthlyCost, type CostEstimate, type CostLine, type MonthlyUsage } from './cost-model';
export { DEFAULT_UNIVERSITY, estimateUniversityMonthlyCost, type UniversityCostEstimate, type UniversityProfile } from './university-cost';
export {
  HTTP_LATENCY_METRIC,
  HTTP_REQUESTS_METRIC,
  httpRequestMetrics,
  summarizeHttpMetrics,
  type HttpRouteSummary,
} from './server-metrics';
export { collectKeyUsage, readEnvelopeKeyId, type KeyUsage } from './key-usage';
export { createPlatformLogger, platformLogFile, type PlatformLogSettings, type PlatformLoggerOptions } from './platform-logger';
export { batchMetrics, type BatchOutcomeCounts } from './pipeline-batch-metrics';
export { QUERY_BYTES_METRIC, publishQueryBytes, queryBytesMetric, type QueryStatistics } from './query-metrics';
