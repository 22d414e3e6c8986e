import type { CreateRulesetCommandInput, Rule as DataBrewRule, Threshold as DataBrewThreshold } from '@aws-sdk/client-databrew';
import type { Rule, Threshold } from './rule';

export interface DataBrewRulesetOptions {
  /** Ruleset name (1–255 characters). */
  readonly name: string;
  /** ARN of the DataBrew dataset the ruleset checks. */
  readonly targetArn: string;
  readonly description?: string;
}

export interface DataBrewRuleset {
  /** The input of DataBrew's CreateRuleset. */
  readonly input: CreateRulesetCommandInput;
  /** Rules DataBrew has no check for, with the reason; they run in Glue Data Quality and here only. */
  readonly skipped: ReadonlyArray<{ readonly ruleId: string; readonly reason: string }>;
}

type Compiled = Omit<DataBrewRule, 'Name'> | string;

/** Longest value of a SubstitutionMap entry the API accepts. */
const MAX_SUBSTITUTION_VALUE = 1024;

/**
 * Compiles rules to a DataBrew ruleset (CreateRuleset input). Each check uses the documented
 * condition forms: dataset aggregates `AGG(ROWS_COUNT)`, `AGG(COLUMNS_COUNT)`; column
 * aggregates through ColumnSelectors (`AGG(MISSING_VALUES_PERCENTAGE) <= :val`); value checks
 * through ColumnSelectors with a Threshold on the share of passing rows (`in :list1`,
 * `matches :val1`, `is_between :val1 and :val2`). Values go in the SubstitutionMap, since a
 * CheckExpression may only hold `^[<>0-9A-Za-z_.,:)(!= ]+$`.
 */
export function toDataBrewRuleset(rules: readonly Rule[], options: DataBrewRulesetOptions): DataBrewRuleset {
  const compiled: DataBrewRule[] = [];
  const skipped: { ruleId: string; reason: string }[] = [];
  for (const rule of rules) {
    const result = compileRule(rule);
    if (typeof result === 'string') skipped.push({ ruleId: rule.id, reason: result });
    else compiled.push({ Name: ruleName(rule.id), Disabled: false, ...result });
  }
  const input: CreateRulesetCommandInput = {
    Name: options.name,
    TargetArn: options.targetArn,
    Rules: compiled,
    ...(options.description ? { Description: options.description } : {}),
  };
  return { input, skipped };
}

function compileRule(rule: Rule): Compiled {
  if ('where' in rule && rule.where !== undefined) return 'DataBrew checks have no row filter (where)';
  switch (rule.type) {
    case 'RowCount':
      return aggregate('AGG(ROWS_COUNT)', rule.threshold);
    case 'ColumnCount':
      return aggregate('AGG(COLUMNS_COUNT)', rule.threshold);
    case 'IsComplete':
      return { ...aggregate('AGG(MISSING_VALUES_COUNT)', { op: '=', value: 0 }), ColumnSelectors: [{ Name: rule.column }] };
    case 'Completeness':
      return { ...aggregate('AGG(MISSING_VALUES_PERCENTAGE)', complement(rule.threshold)), ColumnSelectors: [{ Name: rule.column }] };
    case 'IsUnique':
      return { ...aggregate('AGG(DUPLICATE_VALUES_COUNT)', { op: '=', value: 0 }), ColumnSelectors: [{ Name: rule.column }] };
    case 'Uniqueness':
      return { ...aggregate('AGG(DUPLICATE_VALUES_PERCENTAGE)', complement(rule.threshold)), ColumnSelectors: [{ Name: rule.column }] };
    case 'IsPrimaryKey':
      if (rule.columns.length !== 1) return 'DataBrew has no check for a key of several columns';
      return {
        CheckExpression: 'AGG(MISSING_VALUES_COUNT) == :val1 and AGG(DUPLICATE_VALUES_COUNT) == :val1',
        SubstitutionMap: { ':val1': '0' },
        ColumnSelectors: [{ Name: rule.columns[0] }],
      };
    case 'Mean':
    case 'Sum':
    case 'StandardDeviation':
    case 'DistinctValuesCount':
    case 'Entropy': {
      const statistic = {
        Mean: 'MEAN',
        Sum: 'SUM',
        StandardDeviation: 'STANDARD_DEVIATION',
        DistinctValuesCount: 'DISTINCT_VALUES_COUNT',
        Entropy: 'ENTROPY',
      }[rule.type];
      return { ...aggregate(`AGG(${statistic})`, rule.threshold), ColumnSelectors: [{ Name: rule.column }] };
    }
    case 'ColumnValues': {
      const share = passingShare(rule.threshold);
      if (typeof share === 'string') return share;
      const selectors = { ColumnSelectors: [{ Name: rule.column }], Threshold: share };
      if (rule.condition.kind === 'in') {
        if (rule.condition.allowNull) return 'DataBrew value lists cannot allow NULL';
        const list = JSON.stringify(rule.condition.values);
        if (list.length > MAX_SUBSTITUTION_VALUE) return `the value list is longer than DataBrew's ${MAX_SUBSTITUTION_VALUE} characters`;
        return { CheckExpression: 'in :list1', SubstitutionMap: { ':list1': list }, ...selectors };
      }
      if (rule.condition.kind === 'matches')
        return { CheckExpression: 'matches :val1', SubstitutionMap: { ':val1': rule.condition.pattern }, ...selectors };
      return { ...comparison('', rule.condition.threshold), ...selectors };
    }
    default:
      return `DataBrew has no ${rule.type} check`;
  }
}

/** A dataset or column aggregate compared with a value: `AGG(X) >= :val1`. */
function aggregate(left: string, threshold: Threshold): Omit<DataBrewRule, 'Name'> {
  return comparison(`${left} `, threshold);
}

function comparison(left: string, threshold: Threshold): Omit<DataBrewRule, 'Name'> {
  if (threshold.op === 'between') {
    // DQDL's between is exclusive; DataBrew's is_between may not be, so both bounds are spelled out.
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
  if (threshold.op === '=' || threshold.op === 'between') return `DataBrew thresholds have no ${threshold.op}`;
  return { Value: percent(threshold.value), Type: types[threshold.op], Unit: 'PERCENTAGE' };
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
