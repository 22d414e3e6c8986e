export { compileRules, type CompiledRule, type CompiledRules, type CompileOptions } from './compile-sql';
export { bindPrimaryAlias } from './custom-sql';
export { DATASET_EXTRA_RULES } from './dataset-extra-rules';
export { evaluateRules, summariseResults, type QualitySummary, type RuleOutcome, type RuleResult } from './evaluate-rules';
export { parseDqdl } from './parse-dqdl';
export { DqdlSyntaxError, DqdlUnrepresentable, InvalidRule } from './quality-errors';
export {
  ALL_ROWS,
  RULE_TYPES,
  effectiveThreshold,
  meetsThreshold,
  type ColumnLengthRule,
  type ColumnStatisticRule,
  type ColumnValuesRule,
  type ComparisonOp,
  type CompletenessRule,
  type CustomSqlRule,
  type IsCompleteRule,
  type IsPrimaryKeyRule,
  type IsUniqueRule,
  type ReferentialIntegrityRule,
  type RowCountRule,
  type Rule,
  type RuleType,
  type Severity,
  type Threshold,
  type UniquenessRule,
  type ValueCondition,
} from './rule';
export { datasetRules, rulesFromContract } from './rules-from-contract';
export { toDqdl, type ToDqdlOptions } from './to-dqdl';
