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
  if (rules.length === 0) return 'Rules = [ ]\n';
  const lines = rules.map((rule, index) => {
    const separator = index < rules.length - 1 ? ',' : '';
    const body = `  ${ruleText(rule)}${separator}`;
    if (!annotate) return body;
    if (!/^\S+$/.test(rule.id)) throw new DqdlUnrepresentable(rule.id, 'an annotated rule id cannot contain spaces');
    return `  # @rule ${rule.id} ${rule.severity}\n${body}`;
  });
  return `Rules = [\n${lines.join('\n')}\n]\n`;
}

function ruleText(rule: Rule): string {
  switch (rule.type) {
    case 'RowCount':
      return `RowCount ${thresholdText(rule.threshold)}`;
    case 'IsComplete':
    case 'IsUnique':
      return `${rule.type} ${quoted(rule.column)}`;
    case 'Completeness':
    case 'Uniqueness':
    case 'Mean':
    case 'Sum':
    case 'StandardDeviation':
    case 'DistinctValuesCount':
      return `${rule.type} ${quoted(rule.column)} ${thresholdText(rule.threshold)}`;
    case 'IsPrimaryKey':
      return `IsPrimaryKey ${rule.columns.map(quoted).join(' ')}`;
    case 'ColumnValues':
      return `ColumnValues ${quoted(rule.column)} ${conditionText(rule, rule.condition)}${tail(rule.where, rule.threshold)}`;
    case 'ColumnLength':
      return `ColumnLength ${quoted(rule.column)} ${thresholdText(rule.length)}${tail(rule.where, rule.threshold)}`;
    case 'ReferentialIntegrity': {
      for (const column of [...rule.columns, ...rule.reference.columns]) {
        if (/[,{}]/.test(column)) throw new DqdlUnrepresentable(rule.id, `column "${column}" contains , { or }`);
      }
      if (rule.reference.dataset.includes('.')) throw new DqdlUnrepresentable(rule.id, 'the reference dataset alias contains a dot');
      const reference = rule.reference.columns.length === 1 ? rule.reference.columns[0] : `{${rule.reference.columns.join(',')}}`;
      return `ReferentialIntegrity ${quoted(rule.columns.join(','))} ${quoted(`${rule.reference.dataset}.${reference}`)} ${thresholdText(rule.threshold)}`;
    }
    case 'CustomSql':
      return `CustomSql ${quoted(rule.sql)} ${thresholdText(rule.threshold)}`;
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

function tail(where: string | undefined, threshold: Threshold | undefined): string {
  return `${where === undefined ? '' : ` where ${quoted(where)}`}${threshold === undefined ? '' : ` with threshold ${thresholdText(threshold)}`}`;
}

export function thresholdText(threshold: Threshold): string {
  if (threshold.op === 'between') return `between ${numberText(threshold.value[0])} and ${numberText(threshold.value[1])}`;
  return `${threshold.op} ${numberText(threshold.value)}`;
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
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
