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

interface RuleBase {
  readonly id: string;
  readonly severity: Severity;
}

export interface RowCountRule extends RuleBase {
  readonly type: 'RowCount';
  readonly threshold: Threshold;
}

/** Every value is present (not null, not blank). */
export interface IsCompleteRule extends RuleBase {
  readonly type: 'IsComplete';
  readonly column: string;
}

/** Fraction of present values. */
export interface CompletenessRule extends RuleBase {
  readonly type: 'Completeness';
  readonly column: string;
  readonly threshold: Threshold;
}

/** Every non-null value occurs once. */
export interface IsUniqueRule extends RuleBase {
  readonly type: 'IsUnique';
  readonly column: string;
}

/** Fraction of non-null rows whose value occurs once. */
export interface UniquenessRule extends RuleBase {
  readonly type: 'Uniqueness';
  readonly column: string;
  readonly threshold: Threshold;
}

/** The columns together are complete and unique. */
export interface IsPrimaryKeyRule extends RuleBase {
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

/** Length of each value as text; null counts as length 0, as in DQDL. */
export interface ColumnLengthRule extends RuleBase {
  readonly type: 'ColumnLength';
  readonly column: string;
  readonly length: Threshold;
  readonly where?: string;
  readonly threshold?: Threshold;
}

export interface ColumnStatisticRule extends RuleBase {
  readonly type: 'Mean' | 'Sum' | 'StandardDeviation' | 'DistinctValuesCount';
  readonly column: string;
  readonly threshold: Threshold;
}

/** Fraction of rows (with all `columns` present) whose values exist in the reference relation. */
export interface ReferentialIntegrityRule extends RuleBase {
  readonly type: 'ReferentialIntegrity';
  readonly columns: readonly string[];
  readonly reference: { readonly dataset: string; readonly columns: readonly string[] };
  readonly threshold: Threshold;
}

/** A query returning one number; `primary` names the evaluated relation, as in DQDL. */
export interface CustomSqlRule extends RuleBase {
  readonly type: 'CustomSql';
  readonly sql: string;
  readonly threshold: Threshold;
}

export type Rule =
  | RowCountRule
  | IsCompleteRule
  | CompletenessRule
  | IsUniqueRule
  | UniquenessRule
  | IsPrimaryKeyRule
  | ColumnValuesRule
  | ColumnLengthRule
  | ColumnStatisticRule
  | ReferentialIntegrityRule
  | CustomSqlRule;

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
  'DistinctValuesCount',
  'ReferentialIntegrity',
  'CustomSql',
];

/** Implied threshold of rules that must hold for every row (IsComplete, IsUnique, ...). */
export const ALL_ROWS: Threshold = { op: '=', value: 1 };

/** The threshold a rule's metric is compared with. */
export function effectiveThreshold(rule: Rule): Threshold {
  switch (rule.type) {
    case 'IsComplete':
    case 'IsUnique':
    case 'IsPrimaryKey':
      return ALL_ROWS;
    case 'ColumnValues':
    case 'ColumnLength':
      return rule.threshold ?? ALL_ROWS;
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
