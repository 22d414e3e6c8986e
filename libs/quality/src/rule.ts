import type { DqdlNode, DqdlNumberCondition } from './dqdl-syntax';

/**
 * The typed rule model. Each rule type mirrors a Glue Data Quality (DQDL) rule type, so one list
 * of rules compiles to DuckDB SQL (`evaluateRules`) and to a DQDL ruleset (`toDqdl`).
 */

export type Severity = 'error' | 'warn';

export type ComparisonOp = '>' | '>=' | '<' | '<=' | '=';

/**
 * A DQDL numeric expression. `between` is exclusive on both ends, as in DQDL
 * (awslabs/dqdl NumberBasedCondition: `metric > lo && metric < hi`).
 */
export type Threshold =
  | { readonly op: ComparisonOp; readonly value: number }
  | { readonly op: 'between'; readonly value: readonly [number, number] };

/** What each value of a `ColumnValues` rule must satisfy. Null values fail unless `allowNull`. */
export type ValueCondition =
  | { readonly kind: 'in'; readonly values: readonly string[]; readonly allowNull: boolean }
  /** Regular expression (RE2), searched in the value as text like Spark's `rlike`; anchor it for a full match. */
  | { readonly kind: 'matches'; readonly pattern: string }
  /** Numeric comparison of each value. */
  | { readonly kind: 'compare'; readonly threshold: Threshold };

/** A DQDL label (`labels=["team"="registry"]`): metadata for reports, no effect on the verdict. */
export interface RuleLabel {
  readonly key: string;
  readonly value: string;
}

interface RuleBase {
  readonly id: string;
  readonly severity: Severity;
  /** The rule's labels, the ruleset's DefaultLabels included. */
  readonly labels?: readonly RuleLabel[];
}

/** Rules that measure rows accept a DQDL `where` predicate (SQL) choosing the rows they measure. */
interface Filtered {
  readonly where?: string;
}

export interface RowCountRule extends RuleBase, Filtered {
  readonly type: 'RowCount';
  readonly threshold: Threshold;
}

/** Number of columns of the relation. */
export interface ColumnCountRule extends RuleBase {
  readonly type: 'ColumnCount';
  readonly threshold: Threshold;
}

/** The relation has a column of this name. */
export interface ColumnExistsRule extends RuleBase {
  readonly type: 'ColumnExists';
  readonly column: string;
}

/** Every value is present (not null, not blank). */
export interface IsCompleteRule extends RuleBase, Filtered {
  readonly type: 'IsComplete';
  readonly column: string;
}

/** Fraction of present values. */
export interface CompletenessRule extends RuleBase, Filtered {
  readonly type: 'Completeness';
  readonly column: string;
  readonly threshold: Threshold;
}

/** Every non-null value occurs once. */
export interface IsUniqueRule extends RuleBase, Filtered {
  readonly type: 'IsUnique';
  readonly column: string;
}

/** Fraction of non-null rows whose value occurs once. */
export interface UniquenessRule extends RuleBase, Filtered {
  readonly type: 'Uniqueness';
  readonly column: string;
  readonly threshold: Threshold;
}

/** The columns together are complete and unique. */
export interface IsPrimaryKeyRule extends RuleBase, Filtered {
  readonly type: 'IsPrimaryKey';
  readonly columns: readonly string[];
}

export interface ColumnValuesRule extends RuleBase {
  readonly type: 'ColumnValues';
  readonly column: string;
  readonly condition: ValueCondition;
  /** SQL predicate choosing the rows the rule applies to (DQDL `where`). */
  readonly where?: string;
  /** Fraction of rows that must pass (DQDL `with threshold`); all of them when left out. */
  readonly threshold?: Threshold;
}

/**
 * Length of each value as text; null counts as length 0, as in DQDL. Every row must pass: DQDL
 * takes no `with threshold` on ColumnLength (the official parser refuses it).
 */
export interface ColumnLengthRule extends RuleBase {
  readonly type: 'ColumnLength';
  readonly column: string;
  readonly length: Threshold;
  readonly where?: string;
}

/**
 * One number measured over a column. UniqueValueRatio = values occurring once ÷ distinct values;
 * Entropy = −Σ p·ln p over the non-null values (natural log, as Deequ under Glue computes it).
 */
export interface ColumnStatisticRule extends RuleBase, Filtered {
  readonly type: StatisticType;
  readonly column: string;
  readonly threshold: Threshold;
}

export type StatisticType = 'Mean' | 'Sum' | 'StandardDeviation' | 'Variance' | 'DistinctValuesCount' | 'UniqueValueRatio' | 'Entropy';

/** Pearson correlation of two numeric columns. */
export interface ColumnCorrelationRule extends RuleBase, Filtered {
  readonly type: 'ColumnCorrelation';
  readonly columns: readonly [string, string];
  readonly threshold: Threshold;
}

export type FreshnessUnit = 'minutes' | 'hours' | 'days';

/**
 * Age of the newest value of a date or timestamp column, in `unit`, against `age`
 * (`DataFreshness "recorded_at" <= 48 hours`). Glue checks each row's age; here the batch is
 * fresh when its newest value is, which is what a freshness SLA asks.
 */
export interface DataFreshnessRule extends RuleBase, Filtered {
  readonly type: 'DataFreshness';
  readonly column: string;
  readonly age: Threshold;
  readonly unit: FreshnessUnit;
}

/**
 * Fraction of the reference schema's columns present in the relation with the same type
 * (order does not matter). The reference is a schema alias resolved at evaluation.
 */
export interface SchemaMatchRule extends RuleBase {
  readonly type: 'SchemaMatch';
  readonly reference: string;
  readonly threshold: Threshold;
}

/** Fraction of rows (with all `columns` present) whose values exist in the reference relation. */
export interface ReferentialIntegrityRule extends RuleBase {
  readonly type: 'ReferentialIntegrity';
  readonly columns: readonly string[];
  readonly reference: { readonly dataset: string; readonly columns: readonly string[] };
  readonly threshold: Threshold;
}

/**
 * Every column name matches the pattern (a regular expression matched against the whole name,
 * as Glue's Java `String.matches` does); the metric is the share of names that match.
 */
export interface ColumnNamesMatchPatternRule extends RuleBase {
  readonly type: 'ColumnNamesMatchPattern';
  readonly pattern: string;
}

/** A query returning one number; `primary` names the evaluated relation, as in DQDL. */
export interface CustomSqlRule extends RuleBase {
  readonly type: 'CustomSql';
  readonly sql: string;
  readonly threshold: Threshold;
}

/** The metric a DetectAnomalies rule watches: a rule type and its column when it has one. */
export type AnomalyMetric =
  | { readonly type: 'RowCount' | 'ColumnCount' }
  | { readonly type: 'Completeness' | 'Uniqueness' | StatisticType; readonly column: string };

/** Defaults of the DetectAnomalies options DQDL has no syntax for. */
export const ANOMALY_DEFAULTS = { k: 3, minHistory: 5 } as const;

export const ANOMALY_METRIC_TYPES = [
  'RowCount',
  'ColumnCount',
  'Completeness',
  'Uniqueness',
  'Mean',
  'Sum',
  'StandardDeviation',
  'Variance',
  'DistinctValuesCount',
  'UniqueValueRatio',
  'Entropy',
] as const;

/**
 * A metric against its own history of past batches: anomalous when it lies outside
 * median ± k·MAD (MAD scaled by 1.4826 to estimate a standard deviation). With fewer than
 * `minHistory` past values the rule is only warned, with the reason.
 */
export interface DetectAnomaliesRule extends RuleBase {
  readonly type: 'DetectAnomalies';
  readonly metric: AnomalyMetric;
  readonly k: number;
  readonly minHistory: number;
}

/**
 * Rules joined by `and` / `or`, each measured over the whole relation, then combined (the
 * DQDL default). Children are full rules whose ids are `<id>.<n>`.
 */
export interface CompositeRule extends RuleBase {
  readonly type: 'Composite';
  readonly operator: 'and' | 'or';
  readonly rules: readonly Rule[];
}

/** Rules whose one measured number a `Dynamic` rule compares with its condition. */
export type MeasuredRule =
  | RowCountRule
  | ColumnCountRule
  | CompletenessRule
  | UniquenessRule
  | ColumnStatisticRule
  | ColumnCorrelationRule
  | SchemaMatchRule
  | ReferentialIntegrityRule
  | CustomSqlRule;

/**
 * A rule's metric against a DQDL number condition the plain threshold cannot hold: dynamic
 * bounds from the rule's own history (`RowCount > avg(last(10)) * 0.9`, `min(last(5)) - 1`),
 * arithmetic, `!=`, `not between`, `in [..]`. `measured` says what is measured (its threshold
 * is not used); `last(k)` reads the rule's k latest recorded metrics.
 */
export interface DynamicRule extends RuleBase {
  readonly type: 'Dynamic';
  readonly measured: MeasuredRule;
  readonly condition: DqdlNumberCondition;
}

/**
 * A DQDL rule this engine does not evaluate (File* rules, DatasetMatch, RowCountMatch and
 * AggregateMatch against another dataset, ColumnDataType, labels, `not in`, ...): kept as
 * parsed, written back unchanged by `toDqdl`, and reported as not evaluated here.
 */
export interface NotEvaluatedRule extends RuleBase {
  readonly type: 'NotEvaluated';
  /** The rule as parsed, variables replaced by their values. */
  readonly dqdl: DqdlNode;
  /** Why it is not evaluated here, for a person. */
  readonly reason: string;
}

export type Rule =
  | RowCountRule
  | ColumnCountRule
  | ColumnExistsRule
  | IsCompleteRule
  | CompletenessRule
  | IsUniqueRule
  | UniquenessRule
  | IsPrimaryKeyRule
  | ColumnValuesRule
  | ColumnLengthRule
  | ColumnStatisticRule
  | ColumnCorrelationRule
  | DataFreshnessRule
  | SchemaMatchRule
  | ColumnNamesMatchPatternRule
  | ReferentialIntegrityRule
  | CustomSqlRule
  | DetectAnomaliesRule
  | CompositeRule
  | DynamicRule
  | NotEvaluatedRule;

export type RuleType = Rule['type'];

export const RULE_TYPES: readonly RuleType[] = [
  'RowCount',
  'IsComplete',
  'Completeness',
  'IsUnique',
  'Uniqueness',
  'IsPrimaryKey',
  'ColumnValues',
  'ColumnLength',
  'Mean',
  'Sum',
  'StandardDeviation',
  'Variance',
  'DistinctValuesCount',
  'UniqueValueRatio',
  'Entropy',
  'ColumnCount',
  'ColumnExists',
  'ColumnCorrelation',
  'DataFreshness',
  'SchemaMatch',
  'ColumnNamesMatchPattern',
  'ReferentialIntegrity',
  'CustomSql',
  'DetectAnomalies',
];

/** Rule types that hold per row: their failing rows can be counted and sampled. */
export const ROW_LEVEL_TYPES: readonly RuleType[] = [
  'IsComplete',
  'Completeness',
  'IsUnique',
  'Uniqueness',
  'IsPrimaryKey',
  'ColumnValues',
  'ColumnLength',
];

/** Implied threshold of rules that must hold for every row (IsComplete, IsUnique, ...). */
export const ALL_ROWS: Threshold = { op: '=', value: 1 };

/** The threshold a rule's metric is compared with. */
export function effectiveThreshold(rule: Rule): Threshold {
  switch (rule.type) {
    case 'IsComplete':
    case 'IsUnique':
    case 'IsPrimaryKey':
    case 'ColumnExists':
    case 'ColumnNamesMatchPattern':
    case 'Composite':
      return ALL_ROWS;
    case 'ColumnValues':
      return rule.threshold ?? ALL_ROWS;
    case 'ColumnLength':
      return ALL_ROWS;
    case 'DataFreshness':
      return rule.age;
    case 'Dynamic':
    case 'NotEvaluated':
      // Judged against the condition itself (Dynamic) or not at all.
      return ALL_ROWS;
    case 'DetectAnomalies':
      // Replaced by the bounds learned from history when the rule is evaluated.
      return { op: 'between', value: [-Number.MAX_VALUE, Number.MAX_VALUE] };
    default:
      return rule.threshold;
  }
}

/** Tolerance for `=` on ratios computed in floating point. */
const EPSILON = 1e-9;

export function meetsThreshold(metric: number, threshold: Threshold): boolean {
  switch (threshold.op) {
    case '>':
      return metric > threshold.value;
    case '>=':
      return metric >= threshold.value - EPSILON;
    case '<':
      return metric < threshold.value;
    case '<=':
      return metric <= threshold.value + EPSILON;
    case '=':
      return Math.abs(metric - threshold.value) <= EPSILON;
    case 'between':
      return metric > threshold.value[0] && metric < threshold.value[1];
  }
}
