import type { ComparisonOp, Rule, Threshold } from '@acad/quality';
import type { DatasetContract } from '@acad/schemas';

/** The DataBrew `Rule` of CreateRuleset/UpdateRuleset. */
export interface DataBrewRule {
  readonly Name: string;
  readonly CheckExpression: string;
  readonly SubstitutionMap?: Record<string, string>;
  readonly Threshold?: {
    Value: number;
    Type: 'GREATER_THAN_OR_EQUAL' | 'LESS_THAN_OR_EQUAL' | 'GREATER_THAN' | 'LESS_THAN';
    Unit: 'COUNT' | 'PERCENTAGE';
  };
  readonly ColumnSelectors?: { Name: string }[];
  readonly Disabled: boolean;
}

export interface DataBrewRuleset {
  readonly rules: DataBrewRule[];
  /** Rules DataBrew cannot express, with why; Glue Data Quality still checks them. */
  readonly skipped: { id: string; reason: string }[];
}

// DataBrew limits (API reference): substitution values up to 1024 characters.
const MAX_SUBSTITUTION = 1024;

const AGG_OP: Record<ComparisonOp, string> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=', '=': '==' };
/** Completeness (share present) as missing percentage turns the comparison round. */
const INVERTED: Record<ComparisonOp, ComparisonOp> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=', '=': '=' };

type Compiled = DataBrewRule[] | string;

/**
 * Compiles the platform's quality rules to a DataBrew ruleset. Only rules with a faithful DataBrew
 * form are compiled; the rest are listed in `skipped`. Value checks on identifier and direct
 * columns are skipped: trusted holds tokens and ciphertext there, never the delivered value.
 */
export function toDataBrewRuleset(contract: DatasetContract, rules: readonly Rule[]): DataBrewRuleset {
  const protectedColumns = new Set(contract.columns.filter((c) => c.pii === 'identifier' || c.pii === 'direct').map((c) => c.name));
  const result: DataBrewRuleset = { rules: [], skipped: [] };
  for (const rule of rules) {
    const compiled = compileRule(rule, protectedColumns);
    if (typeof compiled === 'string') result.skipped.push({ id: rule.id, reason: compiled });
    else result.rules.push(...compiled);
  }
  return result;
}

function compileRule(rule: Rule, protectedColumns: ReadonlySet<string>): Compiled {
  switch (rule.type) {
    case 'RowCount':
      return aggregate(rule.id, 'ROWS_COUNT', rule.threshold);
    case 'IsComplete':
      return aggregate(rule.id, 'MISSING_VALUES_PERCENTAGE', { op: '=', value: 0 }, rule.column);
    case 'Completeness':
      return aggregate(rule.id, 'MISSING_VALUES_PERCENTAGE', asMissingPercentage(rule.threshold), rule.column);
    case 'IsUnique':
      return aggregate(rule.id, 'DUPLICATE_VALUES_PERCENTAGE', { op: '=', value: 0 }, rule.column);
    case 'Uniqueness':
      return aggregate(rule.id, 'UNIQUE_VALUES_PERCENTAGE', percentage(rule.threshold), rule.column);
    case 'IsPrimaryKey': {
      if (rule.columns.length !== 1) return 'DataBrew checks duplicates of whole rows or of one column, not of a column combination';
      const [column] = rule.columns;
      const complete = aggregate(`${rule.id}.complete`, 'MISSING_VALUES_PERCENTAGE', { op: '=', value: 0 }, column);
      const unique = aggregate(`${rule.id}.unique`, 'DUPLICATE_VALUES_PERCENTAGE', { op: '=', value: 0 }, column);
      return [...complete, ...unique];
    }
    case 'Mean':
    case 'Sum':
    case 'StandardDeviation':
    case 'DistinctValuesCount':
      return aggregate(rule.id, STATISTIC[rule.type], rule.threshold, rule.column);
    case 'ColumnValues':
      if (rule.where) return 'a rule with a row filter (where) has no DataBrew form';
      if (protectedColumns.has(rule.column)) return `${rule.column} holds tokens or ciphertext in trusted`;
      return columnValues(rule.id, rule.column, rule.condition, rule.threshold);
    default:
      return `${(rule as Rule).type} has no DataBrew check`;
  }
}

const STATISTIC = {
  Mean: 'MEAN',
  Sum: 'SUM',
  StandardDeviation: 'STANDARD_DEVIATION',
  DistinctValuesCount: 'DISTINCT_VALUES_COUNT',
} as const;

/** `AGG(<statistic>) <op> :val`, over one column through a selector when a column is given. */
function aggregate(name: string, statistic: string, threshold: Threshold, column?: string): DataBrewRule[] {
  const selectors = column ? { ColumnSelectors: [{ Name: column }] } : {};
  if (threshold.op === 'between') {
    const [low, high] = threshold.value;
    return [
      {
        Name: name,
        CheckExpression: `AGG(${statistic}) > :val1 and AGG(${statistic}) < :val2`,
        SubstitutionMap: { ':val1': String(low), ':val2': String(high) },
        ...selectors,
        Disabled: false,
      },
    ];
  }
  return [
    {
      Name: name,
      CheckExpression: `AGG(${statistic}) ${AGG_OP[threshold.op]} :val`,
      SubstitutionMap: { ':val': String(threshold.value) },
      ...selectors,
      Disabled: false,
    },
  ];
}

function columnValues(
  name: string,
  column: string,
  condition: Extract<Rule, { type: 'ColumnValues' }>['condition'],
  threshold?: Threshold,
): Compiled {
  const base = { ':col': `\`${column}\`` };
  // Every row must pass unless the rule says which share; DataBrew counts in percent.
  const rowShare = rowThreshold(threshold);
  if (typeof rowShare === 'string') return rowShare;
  switch (condition.kind) {
    case 'compare': {
      const t = condition.threshold;
      if (t.op === 'between') {
        return [
          {
            Name: name,
            CheckExpression: ':col is_between :val1 and :val2',
            SubstitutionMap: { ...base, ':val1': String(t.value[0]), ':val2': String(t.value[1]) },
            Threshold: rowShare,
            Disabled: false,
          },
        ];
      }
      return [
        {
          Name: name,
          CheckExpression: `:col ${AGG_OP[t.op]} :val`,
          SubstitutionMap: { ...base, ':val': String(t.value) },
          Threshold: rowShare,
          Disabled: false,
        },
      ];
    }
    case 'matches':
      if (condition.pattern.length > MAX_SUBSTITUTION) return 'the pattern is longer than a DataBrew substitution value';
      return [
        {
          Name: name,
          CheckExpression: ':col matches :pattern',
          SubstitutionMap: { ...base, ':pattern': condition.pattern },
          Threshold: rowShare,
          Disabled: false,
        },
      ];
    case 'in': {
      if (condition.allowNull) return 'DataBrew value lists cannot also accept a missing value';
      const list = JSON.stringify(condition.values);
      if (list.length > MAX_SUBSTITUTION)
        return `the list of ${condition.values.length} values is longer than a DataBrew substitution value`;
      return [
        { Name: name, CheckExpression: ':col in :list', SubstitutionMap: { ...base, ':list': list }, Threshold: rowShare, Disabled: false },
      ];
    }
  }
}

function rowThreshold(threshold: Threshold | undefined): NonNullable<DataBrewRule['Threshold']> | string {
  if (!threshold) return { Value: 100, Type: 'GREATER_THAN_OR_EQUAL', Unit: 'PERCENTAGE' };
  const types = { '>': 'GREATER_THAN', '>=': 'GREATER_THAN_OR_EQUAL', '<': 'LESS_THAN', '<=': 'LESS_THAN_OR_EQUAL' } as const;
  if (threshold.op === 'between' || threshold.op === '=') return 'DataBrew row thresholds are one-sided';
  return { Value: round(threshold.value * 100), Type: types[threshold.op], Unit: 'PERCENTAGE' };
}

function percentage(threshold: Threshold): Threshold {
  return threshold.op === 'between'
    ? { op: 'between', value: [round(threshold.value[0] * 100), round(threshold.value[1] * 100)] }
    : { op: threshold.op, value: round(threshold.value * 100) };
}

function asMissingPercentage(threshold: Threshold): Threshold {
  if (threshold.op === 'between')
    return { op: 'between', value: [round(100 - threshold.value[1] * 100), round(100 - threshold.value[0] * 100)] };
  return { op: INVERTED[threshold.op], value: round(100 - threshold.value * 100) };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
