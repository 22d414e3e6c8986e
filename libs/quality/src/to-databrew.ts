import type { CreateRulesetCommandInput, Rule as DataBrewRule, Threshold as DataBrewThreshold } from '@aws-sdk/client-databrew';
import type { DatasetContract } from '@acad/schemas';
import type { Rule, Threshold } from './rule';

export interface DataBrewRulesetOptions {
  /** Ruleset name (1–255 characters). */
  readonly name: string;
  /** ARN of the DataBrew dataset the ruleset checks. */
  readonly targetArn: string;
  readonly description?: string;
}

/** A rule DataBrew has no faithful check for, with the reason; it runs in Glue Data Quality and here only. */
export interface SkippedDataBrewRule {
  readonly ruleId: string;
  readonly reason: string;
}

export interface DataBrewRules {
  /** DataBrew rules, one per platform rule, named by the rule id so results map back. */
  readonly rules: DataBrewRule[];
  readonly skipped: SkippedDataBrewRule[];
}

export interface DataBrewRuleset {
  /** The input of DataBrew's CreateRuleset. */
  readonly input: CreateRulesetCommandInput;
  readonly skipped: SkippedDataBrewRule[];
}

type Compiled = Omit<DataBrewRule, 'Name'> | string;

/** Longest value of a SubstitutionMap entry the API accepts. */
const MAX_SUBSTITUTION_VALUE = 1024;

/**
 * Compiles a dataset's rules to DataBrew rules, checked against its trusted table. Each check
 * uses a documented condition form (DataBrew "Available checks"): dataset aggregates
 * `AGG(ROWS_COUNT)`, `AGG(COLUMNS_COUNT)`; column aggregates through ColumnSelectors
 * (`AGG(MISSING_VALUES_COUNT) == :val1`); value checks through ColumnSelectors with a Threshold on
 * the share of passing rows (`in :list1`, `matches :val1`, `> :val1`). Values go in the
 * SubstitutionMap, since a CheckExpression may only hold `^[<>0-9A-Za-z_.,:)(!= ]+$`.
 *
 * The contract says which columns trusted holds protected: identifier columns hold tokens and
 * direct ones ciphertext, so a check of their values would judge the token, not the delivered
 * value, and direct columns (a random IV per value) hide duplicates too.
 */
export function compileDataBrewRules(contract: DatasetContract, rules: readonly Rule[]): DataBrewRules {
  const compiled: DataBrewRule[] = [];
  const skipped: SkippedDataBrewRule[] = [];
  const pii = new Map(contract.columns.map((c) => [c.name, c.pii]));
  for (const rule of rules) {
    const result = compileRule(rule, pii);
    if (typeof result === 'string') skipped.push({ ruleId: rule.id, reason: result });
    else compiled.push({ Name: ruleName(rule.id), Disabled: false, ...result });
  }
  return { rules: compiled, skipped };
}

/** The rules as DataBrew's CreateRuleset input (`acad quality export --format databrew`). */
export function toDataBrewRuleset(contract: DatasetContract, rules: readonly Rule[], options: DataBrewRulesetOptions): DataBrewRuleset {
  const { rules: compiled, skipped } = compileDataBrewRules(contract, rules);
  const input: CreateRulesetCommandInput = {
    Name: options.name,
    TargetArn: options.targetArn,
    Rules: compiled,
    ...(options.description ? { Description: options.description } : {}),
  };
  return { input, skipped };
}

function compileRule(rule: Rule, pii: ReadonlyMap<string, string | undefined>): Compiled {
  if ('where' in rule && rule.where !== undefined) return 'DataBrew checks have no row filter (where)';
  const hidden = 'column' in rule ? protection(rule.column, pii.get(rule.column), rule.type) : undefined;
  if (hidden) return hidden;
  switch (rule.type) {
    case 'RowCount':
      return aggregate('AGG(ROWS_COUNT)', rule.threshold);
    case 'ColumnCount':
      return aggregate('AGG(COLUMNS_COUNT)', rule.threshold);
    // Counts, not percentages, where the rule wants none: a percentage is rounded and could hide one row.
    case 'IsComplete':
      return { ...aggregate('AGG(MISSING_VALUES_COUNT)', { op: '=', value: 0 }), ColumnSelectors: [{ Name: rule.column }] };
    case 'Completeness':
      return { ...aggregate('AGG(MISSING_VALUES_PERCENTAGE)', complement(rule.threshold)), ColumnSelectors: [{ Name: rule.column }] };
    case 'IsUnique':
      return { ...aggregate('AGG(DUPLICATE_VALUES_COUNT)', { op: '=', value: 0 }), ColumnSelectors: [{ Name: rule.column }] };
    // DQDL's Uniqueness is the share of values that occur once: DataBrew's unique-values percentage.
    case 'Uniqueness':
      return { ...aggregate('AGG(UNIQUE_VALUES_PERCENTAGE)', percentage(rule.threshold)), ColumnSelectors: [{ Name: rule.column }] };
    case 'IsPrimaryKey': {
      if (rule.columns.length !== 1) return 'DataBrew has no check for a key of several columns';
      const [key] = rule.columns;
      if (pii.get(key) === 'direct') return `${key} holds ciphertext in trusted, which hides duplicates`;
      // One rule (two aggregate conditions may be combined) so its result maps back to one rule id.
      return {
        CheckExpression: 'AGG(MISSING_VALUES_COUNT) == :val1 and AGG(DUPLICATE_VALUES_COUNT) == :val1',
        SubstitutionMap: { ':val1': '0' },
        ColumnSelectors: [{ Name: key }],
      };
    }
    case 'Mean':
    case 'Sum':
    case 'StandardDeviation':
    case 'DistinctValuesCount':
    case 'Entropy':
      return { ...aggregate(`AGG(${STATISTIC[rule.type]})`, rule.threshold), ColumnSelectors: [{ Name: rule.column }] };
    case 'ColumnValues': {
      const share = passingShare(rule.threshold);
      if (typeof share === 'string') return share;
      const selectors = { ColumnSelectors: [{ Name: rule.column }], Threshold: share };
      if (rule.condition.kind === 'in') {
        if (rule.condition.allowNull) return 'DataBrew value lists cannot also accept a missing value';
        const list = JSON.stringify(rule.condition.values);
        if (list.length > MAX_SUBSTITUTION_VALUE)
          return `the list of ${rule.condition.values.length} values is longer than a DataBrew substitution value`;
        return { CheckExpression: 'in :list1', SubstitutionMap: { ':list1': list }, ...selectors };
      }
      if (rule.condition.kind === 'matches') {
        if (rule.condition.pattern.length > MAX_SUBSTITUTION_VALUE) return 'the pattern is longer than a DataBrew substitution value';
        return { CheckExpression: 'matches :val1', SubstitutionMap: { ':val1': rule.condition.pattern }, ...selectors };
      }
      return { ...comparison('', rule.condition.threshold), ...selectors };
    }
    default:
      return `DataBrew has no ${rule.type} check`;
  }
}

const STATISTIC = {
  Mean: 'MEAN',
  Sum: 'SUM',
  StandardDeviation: 'STANDARD_DEVIATION',
  DistinctValuesCount: 'DISTINCT_VALUES_COUNT',
  Entropy: 'ENTROPY',
} as const;

/** Rule types whose verdict survives tokenization (deterministic) but not per-value encryption. */
const COUNTING_TYPES = new Set<string>(['IsComplete', 'Completeness']);
const DUPLICATE_TYPES = new Set<string>(['IsUnique', 'Uniqueness', 'DistinctValuesCount', 'Entropy']);

/** Why a check of a protected column would judge tokens or ciphertext instead of the delivered values. */
function protection(column: string, pii: string | undefined, type: Rule['type']): string | undefined {
  if (pii === 'identifier' && !COUNTING_TYPES.has(type) && !DUPLICATE_TYPES.has(type)) return `${column} holds tokens in trusted`;
  if (pii === 'direct' && !COUNTING_TYPES.has(type)) return `${column} holds ciphertext in trusted`;
  return undefined;
}

/** A dataset or column aggregate compared with a value: `AGG(X) >= :val1`. */
function aggregate(left: string, threshold: Threshold): Omit<DataBrewRule, 'Name'> {
  return comparison(`${left} `, threshold);
}

function comparison(left: string, threshold: Threshold): Omit<DataBrewRule, 'Name'> {
  if (threshold.op === 'between') {
    // DQDL's between is exclusive and DataBrew's is_between is not, so both bounds are spelled out.
    return {
      CheckExpression: `${left}> :val1 and ${left}< :val2`.trim(),
      SubstitutionMap: { ':val1': String(threshold.value[0]), ':val2': String(threshold.value[1]) },
    };
  }
  const op = threshold.op === '=' ? '==' : threshold.op;
  return { CheckExpression: `${left}${op} :val1`, SubstitutionMap: { ':val1': String(threshold.value) } };
}

/** A ratio threshold on passing rows, as DataBrew's threshold on the share of rows (percent). */
function passingShare(threshold: Threshold | undefined): DataBrewThreshold | string {
  if (threshold === undefined || (threshold.op === '=' && threshold.value === 1))
    return { Value: 100, Type: 'GREATER_THAN_OR_EQUAL', Unit: 'PERCENTAGE' };
  const types = { '>': 'GREATER_THAN', '>=': 'GREATER_THAN_OR_EQUAL', '<': 'LESS_THAN', '<=': 'LESS_THAN_OR_EQUAL' } as const;
  if (threshold.op === '=' || threshold.op === 'between') return `DataBrew row thresholds have no ${threshold.op}`;
  return { Value: percent(threshold.value), Type: types[threshold.op], Unit: 'PERCENTAGE' };
}

/** A ratio threshold (0–1) as the same threshold in percent: `>= 0.9` → `>= 90`. */
function percentage(threshold: Threshold): Threshold {
  if (threshold.op === 'between') return { op: 'between', value: [percent(threshold.value[0]), percent(threshold.value[1])] };
  return { op: threshold.op, value: percent(threshold.value) };
}

/** A threshold on a passing ratio (0–1) as one on the failing percentage: `>= 0.95` → `<= 5`. */
function complement(threshold: Threshold): Threshold {
  const flip = { '>': '<', '>=': '<=', '<': '>', '<=': '>=', '=': '=' } as const;
  if (threshold.op === 'between') return { op: 'between', value: [percent(1 - threshold.value[1]), percent(1 - threshold.value[0])] };
  return { op: flip[threshold.op], value: percent(1 - threshold.value) };
}

function percent(ratio: number): number {
  return Math.round(ratio * 100 * 1e6) / 1e6;
}

/** DataBrew rule names are 1–128 characters. */
function ruleName(id: string): string {
  return id.length <= 128 ? id : id.slice(0, 128);
}
