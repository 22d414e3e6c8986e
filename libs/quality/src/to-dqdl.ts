import { printDqdlCondition, printDqdlNode } from './print-dqdl';
import { DqdlUnrepresentable } from './quality-errors';
import type { Rule, Threshold, ValueCondition } from './rule';

export interface ToDqdlOptions {
  /**
   * Write each rule's id and severity in a `# @rule <id> <severity>` comment before it (Glue
   * skips comments), so `parseDqdl` gives back the same rules. Default true.
   */
  readonly annotate?: boolean;
}

/** Writes rules as a Glue Data Quality DQDL ruleset, one rule per line. */
export function toDqdl(rules: readonly Rule[], options: ToDqdlOptions = {}): string {
  const annotate = options.annotate ?? true;
  // Glue's parser refuses an empty list of rules.
  if (rules.length === 0) throw new DqdlUnrepresentable('ruleset', 'a ruleset needs at least one rule (Glue refuses "Rules = [ ]")');
  const lines = rules.map((rule, index) => {
    const separator = index < rules.length - 1 ? ',' : '';
    const body = `  ${ruleText(rule)}${separator}`;
    if (!annotate) return body;
    if (!/^\S+$/.test(rule.id)) throw new DqdlUnrepresentable(rule.id, 'an annotated rule id cannot contain spaces');
    return `  # @rule ${rule.id} ${rule.severity}${annotationOptions(rule)}\n${body}`;
  });
  return `Rules = [\n${lines.join('\n')}\n]\n`;
}

/** One rule as DQDL, as it stands in a ruleset (e.g. `IsComplete "student_id"`), for people reading results. */
export function dqdlRuleText(rule: Rule): string {
  return ruleText(rule);
}

/** DetectAnomalies options (of the rule or a composite's child) DQDL has no syntax for. */
function annotationOptions(rule: Rule): string {
  const anomaly = rule.type === 'DetectAnomalies' ? rule : rule.type === 'Composite' ? findAnomaly(rule.rules) : undefined;
  return anomaly ? ` k=${numberText(anomaly.k)} minHistory=${anomaly.minHistory}` : '';
}

function findAnomaly(rules: readonly Rule[]): Extract<Rule, { type: 'DetectAnomalies' }> | undefined {
  for (const rule of rules) {
    if (rule.type === 'DetectAnomalies') return rule;
    if (rule.type === 'Composite') {
      const inner = findAnomaly(rule.rules);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * One rule's DQDL. `condition` (a Dynamic rule's) is written in place of the threshold of the
 * rule it measures.
 */
function ruleText(rule: Rule, condition?: string): string {
  if (rule.type === 'ColumnValues' || rule.type === 'NotEvaluated' || !rule.labels?.length) return unlabelledText(rule, condition);
  // Labels follow the where clause; a composite's follow its parentheses.
  const text = unlabelledText(rule, condition);
  return `${rule.type === 'Composite' ? `(${text})` : text} labels=${labelsText(rule.labels)}`;
}

function labelsText(labels: readonly { key: string; value: string }[]): string {
  if (labels.length > 10) throw new DqdlUnrepresentable('labels', `${labels.length} labels: DQDL allows at most 10 per rule`);
  if (labels.some((l) => l.key === '' || l.value === '')) throw new DqdlUnrepresentable('labels', 'a label key or value is empty');
  return `[${labels.map((l) => `${quoted(l.key)}=${quoted(l.value)}`).join(', ')}]`;
}

function unlabelledText(rule: Rule, condition?: string): string {
  const limit = (threshold: Threshold): string => condition ?? thresholdText(threshold);
  switch (rule.type) {
    case 'RowCount':
      return `RowCount ${limit(rule.threshold)}${whereText(rule.where)}`;
    case 'ColumnCount':
      return `ColumnCount ${limit(rule.threshold)}`;
    case 'ColumnExists':
      return `ColumnExists ${quoted(rule.column)}`;
    case 'ColumnNamesMatchPattern':
      return `ColumnNamesMatchPattern ${quoted(rule.pattern)}`;
    case 'IsComplete':
    case 'IsUnique':
      return `${rule.type} ${quoted(rule.column)}${whereText(rule.where)}`;
    case 'Completeness':
    case 'Uniqueness':
    case 'Mean':
    case 'Sum':
    case 'StandardDeviation':
    case 'Variance':
    case 'DistinctValuesCount':
    case 'UniqueValueRatio':
    case 'Entropy':
      return `${rule.type} ${quoted(rule.column)} ${limit(rule.threshold)}${whereText(rule.where)}`;
    case 'IsPrimaryKey':
      return `IsPrimaryKey ${rule.columns.map(quoted).join(' ')}${whereText(rule.where)}`;
    case 'ColumnValues':
      return `ColumnValues ${quoted(rule.column)} ${conditionText(rule, rule.condition)}${whereText(rule.where)}${rule.labels?.length ? ` labels=${labelsText(rule.labels)}` : ''}${rule.threshold === undefined ? '' : ` with threshold ${thresholdText(rule.threshold)}`}`;
    case 'ColumnLength':
      return `ColumnLength ${quoted(rule.column)} ${thresholdText(rule.length)}${whereText(rule.where)}`;
    case 'ColumnCorrelation':
      return `ColumnCorrelation ${rule.columns.map(quoted).join(' ')} ${limit(rule.threshold)}${whereText(rule.where)}`;
    case 'DataFreshness':
      return `DataFreshness ${quoted(rule.column)} ${thresholdText(rule.age, rule.unit)}${whereText(rule.where)}`;
    case 'SchemaMatch':
      return `SchemaMatch ${quoted(rule.reference)} ${limit(rule.threshold)}`;
    case 'ReferentialIntegrity': {
      for (const column of [...rule.columns, ...rule.reference.columns]) {
        if (/[,{}]/.test(column)) throw new DqdlUnrepresentable(rule.id, `column "${column}" contains , { or }`);
      }
      if (rule.reference.dataset.includes('.')) throw new DqdlUnrepresentable(rule.id, 'the reference dataset alias contains a dot');
      const reference = rule.reference.columns.length === 1 ? rule.reference.columns[0] : `{${rule.reference.columns.join(',')}}`;
      return `ReferentialIntegrity ${quoted(rule.columns.join(','))} ${quoted(`${rule.reference.dataset}.${reference}`)} ${limit(rule.threshold)}`;
    }
    case 'CustomSql':
      return `CustomSql ${quoted(rule.sql)} ${limit(rule.threshold)}`;
    case 'DetectAnomalies':
      return `DetectAnomalies ${quoted(rule.metric.type)}${'column' in rule.metric ? ` ${quoted(rule.metric.column)}` : ''}`;
    case 'Composite':
      return rule.rules.map((child) => `(${ruleText(child)})`).join(` ${rule.operator} `);
    case 'Dynamic':
      return ruleText(rule.measured, printDqdlCondition(rule.condition));
    case 'NotEvaluated':
      return printDqdlNode(rule.dqdl);
  }
}

function conditionText(rule: Rule, condition: ValueCondition): string {
  switch (condition.kind) {
    case 'in': {
      const items = [...condition.values.map(quoted), ...(condition.allowNull ? ['NULL'] : [])];
      if (items.length === 0) throw new DqdlUnrepresentable(rule.id, 'an empty "in" list');
      return `in [${items.join(', ')}]`;
    }
    case 'matches':
      return `matches ${quoted(condition.pattern)}`;
    case 'compare':
      return thresholdText(condition.threshold);
  }
}

function whereText(where: string | undefined): string {
  return where === undefined ? '' : ` where ${quoted(where)}`;
}

/** `> 0.9`, `between 1 and 2`; with a unit after each number (`<= 24 hours`), whole and not negative then. */
export function thresholdText(threshold: Threshold, unit?: string): string {
  const n = (value: number): string => {
    if (!unit) return numberText(value);
    if (!Number.isInteger(value) || value < 0)
      throw new DqdlUnrepresentable('threshold', `${value} ${unit}: DQDL durations are whole numbers`);
    return `${numberText(value)} ${unit}`;
  };
  if (threshold.op === 'between') return `between ${n(threshold.value[0])} and ${n(threshold.value[1])}`;
  return `${threshold.op} ${n(threshold.value)}`;
}

/** DQDL numbers have no exponent: digits with an optional fraction and sign. */
function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new DqdlUnrepresentable('threshold', `${value} is not a finite number`);
  const text = String(value === 0 ? 0 : value);
  const exponential = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!exponential) return text;
  // Shift the decimal point of the shortest round-trip form: no digit is lost.
  const [, sign, lead, fraction = '', exponentText] = exponential;
  const digits = lead + fraction;
  const point = 1 + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A DQDL string: a backslash escapes the next character (awslabs/dqdl removeEscapes). */
function quoted(text: string): string {
  if (/[\r\n]/.test(text)) throw new DqdlUnrepresentable('string', 'a DQDL string cannot span lines');
  // The official lexer reads a quoted date or time of day as a date, never as a name or SQL.
  if (/^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}:[0-9]{2} (AM|PM)|[0-9]{2}:[0-9]{2})$/.test(text))
    throw new DqdlUnrepresentable('string', `"${text}" reads as a date or time in DQDL, not as text`);
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
