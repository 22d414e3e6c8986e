export { compileRules, measurableByGroup, type CompiledRule, type CompiledRules, type CompileOptions } from './compile-sql';
export { bindPrimaryAlias } from './custom-sql';
export { datasetExtraRules, datasetRulesText, readRulesFile } from './dataset-extra-rules';
export {
  describeRelation,
  evaluateRules,
  notEvaluatedHere,
  evaluateRulesByGroup,
  summariseResults,
  type EvaluateOptions,
  type MeasuredCounts,
  type QualitySummary,
  type ResultType,
  type RuleOutcome,
  type RuleResult,
} from './evaluate-rules';
export { withQuarantinedRows, type QuarantineCounts } from './quarantine-results';
export { detectAnomaly, median, type AnomalyVerdict } from './detect-anomaly';
export { parseDqdl } from './parse-dqdl';
export { parseDqdlDocument } from './parse-dqdl-document';
export { printDqdlDocument } from './print-dqdl';
export { rulesFromDqdl } from './rules-from-dqdl';
export { DQDL_RULE_TYPES, type DqdlRuleTypeSpec } from './dqdl-rule-types';
export type {
  DqdlCondition,
  DqdlDocument,
  DqdlLabel,
  DqdlNode,
  DqdlNumber,
  DqdlNumberCondition,
  DqdlRuleEntry,
  DqdlRuleNode,
} from './dqdl-syntax';
export {
  DatasetRulesInvalid,
  DqdlSyntaxError,
  DqdlUnrepresentable,
  InvalidDatasetName,
  InvalidRule,
  QualityHistoryCorrupt,
} from './quality-errors';
export {
  ALL_ROWS,
  ANOMALY_DEFAULTS,
  ANOMALY_METRIC_TYPES,
  ROW_LEVEL_TYPES,
  RULE_TYPES,
  effectiveThreshold,
  meetsThreshold,
  type AnomalyMetric,
  type ColumnCorrelationRule,
  type ColumnCountRule,
  type ColumnExistsRule,
  type ColumnLengthRule,
  type ColumnNamesMatchPatternRule,
  type ColumnStatisticRule,
  type ColumnValuesRule,
  type ComparisonOp,
  type CompletenessRule,
  type CompositeRule,
  type CustomSqlRule,
  type DataFreshnessRule,
  type DetectAnomaliesRule,
  type DynamicRule,
  type MeasuredRule,
  type NotEvaluatedRule,
  type FreshnessUnit,
  type IsCompleteRule,
  type IsPrimaryKeyRule,
  type IsUniqueRule,
  type ReferentialIntegrityRule,
  type RowCountRule,
  type RuleLabel,
  type Rule,
  type RuleType,
  type SchemaMatchRule,
  type Severity,
  type StatisticType,
  type Threshold,
  type UniquenessRule,
  type ValueCondition,
} from './rule';
export { datasetRules, rulesFromContract } from './rules-from-contract';
export { normaliseType, schemaFromContract, type SchemaColumn } from './schema-rules';
export { dqdlRuleText, toDqdl, type ToDqdlOptions } from './to-dqdl';
export {
  ANOMALY_HISTORY_BATCHES,
  evaluateBatchQuality,
  evaluateGroupQuality,
  qualityBlock,
  ruleHistory,
  type BatchQualityInput,
  type GroupQualityInput,
} from './evaluate-batch-quality';
export { sampleFailingRows, type FailingSamples, type SampleOptions } from './failing-samples';
export { LocalQualityHistoryStore } from './local-quality-history-store';
export { ENCRYPTED_PLACEHOLDER, maskRow, maskValue } from './mask-values';
export type { BatchQualityRecord, HistoryQuery, QualityHistoryStore } from './quality-history-store';
export {
  compileDataBrewRules,
  toDataBrewRuleset,
  type DataBrewRules,
  type DataBrewRuleset,
  type DataBrewRulesetOptions,
  type SkippedDataBrewRule,
} from './to-databrew';
export { PII_REPORT_THRESHOLD, detectPii, maskByKind, type PiiFinding, type PiiKind, type PiiValueEvidence } from './pii-detector';
export { profileRelation, type ColumnProfile, type DatasetProfile, type ProfileOptions, type ValueCount } from './profile-relation';
export { patternRegex, suggestRules, type SuggestOptions } from './suggest-rules';
export {
  acceptedShare,
  formatAcceptedShare,
  formatQualityScore,
  formatPercent,
  QUALITY_SCORE_MEANING,
  qualityScore,
  type AcceptedRowCounts,
  type RuleOutcomeCounts,
} from './quality-score';
