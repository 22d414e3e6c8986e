import { DqdlCursor } from './dqdl-cursor';
import { tokenizeDqdl, type DqdlAnnotation } from './dqdl-lexer';
import {
  ANOMALY_METRIC_TYPES,
  RULE_TYPES,
  type AnomalyMetric,
  type FreshnessUnit,
  type Rule,
  type RuleType,
  type Severity,
  type Threshold,
  type ValueCondition,
} from './rule';

/** DQDL rule types that exist in Glue but have no evaluator here; named in the error. */
const NOT_SUPPORTED = [
  'ColumnDataType',
  'ColumnNamesMatchPattern',
  'RowCountMatch',
  'DatasetMatch',
  'AggregateMatch',
  'FileFreshness',
  'FileMatch',
  'FileUniqueness',
  'FileSize',
];

/** Defaults of the DetectAnomalies options DQDL has no syntax for. */
export const ANOMALY_DEFAULTS = { k: 3, minHistory: 5 } as const;

/**
 * Parses a DQDL ruleset into rules, composite rules (`(A) and (B)`, nested with parentheses)
 * included. Ids, severities and extra options come from `# @rule` comments; otherwise
 * `rule-<n>` and `error`; children of a composite are `<id>.<n>`.
 * Throws `DqdlSyntaxError` with the line and column of the first problem.
 */
export function parseDqdl(text: string): Rule[] {
  const cursor = new DqdlCursor(tokenizeDqdl(text));
  cursor.expectWord('Rules', 'expected "Rules = [" to start the ruleset');
  cursor.expectPunct('=', 'expected "=" after Rules');
  cursor.expectPunct('[', 'expected "[" to open the list of rules');
  const rules: Rule[] = [];
  if (cursor.isPunct(']')) {
    cursor.next();
  } else {
    for (;;) {
      const annotation = cursor.peek().annotation;
      const base = { id: annotation?.id ?? `rule-${rules.length + 1}`, severity: annotation?.severity ?? 'error' } as const;
      rules.push(expression(cursor, base, annotation));
      if (cursor.isPunct(',')) cursor.next();
      else if (cursor.isPunct(']')) break;
      else cursor.fail('expected "," or "]" after a rule');
    }
    cursor.next();
  }
  if (cursor.peek().kind !== 'eof') cursor.fail('expected the end of the ruleset after "]"');
  return rules;
}

interface Base {
  readonly id: string;
  readonly severity: Severity;
}

/** A rule, or parenthesised rules joined by one operator. */
function expression(cursor: DqdlCursor, base: Base, annotation: DqdlAnnotation | undefined): Rule {
  if (!cursor.isPunct('(')) return ruleBody(cursor, base, annotation);
  const operands = [operand(cursor, { ...base, id: `${base.id}.1` }, annotation)];
  let operator: 'and' | 'or' | undefined;
  while (cursor.isKeyword('and') || cursor.isKeyword('or')) {
    const word = cursor.isKeyword('and') ? 'and' : 'or';
    if (operator !== undefined && operator !== word) cursor.fail('use parentheses to combine "and" with "or"');
    operator = word;
    cursor.next();
    if (!cursor.isPunct('(')) cursor.fail(`each rule joined by ${word} must be in parentheses`);
    operands.push(operand(cursor, { ...base, id: `${base.id}.${operands.length + 1}` }, annotation));
  }
  if (operator === undefined) return withId(operands[0], base.id);
  return { ...base, type: 'Composite', operator, rules: operands };
}

function operand(cursor: DqdlCursor, base: Base, annotation: DqdlAnnotation | undefined): Rule {
  cursor.expectPunct('(', 'expected "("');
  const rule = expression(cursor, base, annotation);
  cursor.expectPunct(')', 'expected ")" to close the rule');
  return rule;
}

/** The same rule under another id; a composite's children follow as `<id>.<n>`. */
function withId(rule: Rule, id: string): Rule {
  if (rule.type !== 'Composite') return { ...rule, id };
  return { ...rule, id, rules: rule.rules.map((child, i) => withId(child, `${id}.${i + 1}`)) };
}

function ruleBody(cursor: DqdlCursor, base: Base, annotation: DqdlAnnotation | undefined): Rule {
  const start = cursor.peek();
  if (start.kind !== 'word') cursor.fail('expected a rule type such as IsComplete or ColumnValues');
  if (NOT_SUPPORTED.includes(start.text))
    cursor.fail(`the DQDL rule type "${start.text}" is not supported here; supported: ${RULE_TYPES.join(', ')}`);
  if (!(RULE_TYPES as readonly string[]).includes(start.text)) {
    cursor.fail(`unknown or unsupported rule type "${start.text}"; supported: ${RULE_TYPES.join(', ')}`);
  }
  cursor.next();
  const type = start.text as Exclude<RuleType, 'Composite'>;
  switch (type) {
    case 'RowCount':
      return { ...base, type, threshold: cursor.threshold(), ...cursor.optionalWhere() };
    case 'ColumnCount':
      return { ...base, type, threshold: cursor.threshold() };
    case 'ColumnExists':
      return { ...base, type, column: cursor.columnName() };
    case 'IsComplete':
    case 'IsUnique':
      return { ...base, type, column: cursor.columnName(), ...cursor.optionalWhere() };
    case 'Completeness':
    case 'Uniqueness':
    case 'Mean':
    case 'Sum':
    case 'StandardDeviation':
    case 'DistinctValuesCount':
    case 'UniqueValueRatio':
    case 'Entropy':
      return { ...base, type, column: cursor.columnName(), threshold: cursor.threshold(), ...cursor.optionalWhere() };
    case 'IsPrimaryKey': {
      const columns = [cursor.columnName()];
      while (
        cursor.peek().kind === 'string' ||
        (cursor.peek().kind === 'word' && !cursor.isWord('where') && !cursor.isKeyword('and') && !cursor.isKeyword('or'))
      ) {
        columns.push(cursor.columnName());
      }
      return { ...base, type, columns, ...cursor.optionalWhere() };
    }
    case 'ColumnValues': {
      const column = cursor.columnName();
      const condition = valueCondition(cursor);
      return { ...base, type, column, condition, ...tail(cursor) };
    }
    case 'ColumnLength': {
      const column = cursor.columnName();
      return { ...base, type, column, length: cursor.threshold(), ...tail(cursor) };
    }
    case 'ColumnCorrelation': {
      const columns = [cursor.columnName(), cursor.columnName()] as const;
      return { ...base, type, columns, threshold: cursor.threshold(), ...cursor.optionalWhere() };
    }
    case 'DataFreshness': {
      const column = cursor.columnName();
      const { age, unit } = freshness(cursor);
      return { ...base, type, column, age, unit, ...cursor.optionalWhere() };
    }
    case 'SchemaMatch':
      return {
        ...base,
        type,
        reference: cursor.stringParameter('expected the quoted alias of the reference dataset'),
        threshold: cursor.threshold(),
      };
    case 'ReferentialIntegrity': {
      const columns = cursor
        .stringParameter('expected the quoted primary columns, e.g. "student_id"')
        .split(',')
        .map((c) => c.trim());
      const referenceToken = cursor.peek();
      const reference = referenceColumns(cursor);
      if (reference.columns.length !== columns.length)
        cursor.failAt(referenceToken, `expected ${columns.length} reference column(s), one per primary column`);
      return { ...base, type, columns, reference, threshold: cursor.threshold() };
    }
    case 'CustomSql':
      return { ...base, type, sql: cursor.stringParameter('expected a quoted SQL statement'), threshold: cursor.threshold() };
    case 'DetectAnomalies':
      return { ...base, type, metric: anomalyMetric(cursor), ...anomalyOptions(cursor, annotation) };
  }
}

function valueCondition(cursor: DqdlCursor): ValueCondition {
  if (cursor.isWord('in')) {
    cursor.next();
    cursor.expectPunct('[', 'expected "[" to open the list of values');
    const values: string[] = [];
    let allowNull = false;
    for (;;) {
      const token = cursor.peek();
      if (token.kind === 'string') values.push(token.text);
      else if (token.kind === 'word' && (token.text === 'NULL' || token.text === 'null')) allowNull = true;
      else cursor.fail('expected a quoted value or NULL');
      cursor.next();
      if (cursor.isPunct(',')) cursor.next();
      else if (cursor.isPunct(']')) break;
      else cursor.fail('expected "," or "]" in the list of values');
    }
    cursor.next();
    return { kind: 'in', values, allowNull };
  }
  if (cursor.isWord('matches')) {
    cursor.next();
    return { kind: 'matches', pattern: cursor.stringParameter('expected a quoted regular expression after matches') };
  }
  return { kind: 'compare', threshold: cursor.threshold('expected in [...], matches "...", a comparison or between') };
}

/** Optional `where "<predicate>"` and `with threshold <expression>`, in either order. */
function tail(cursor: DqdlCursor): { where?: string; threshold?: Threshold } {
  const result: { where?: string; threshold?: Threshold } = {};
  for (;;) {
    if (cursor.isWord('where') && result.where === undefined) {
      Object.assign(result, cursor.optionalWhere());
    } else if (cursor.isWord('with') && result.threshold === undefined) {
      cursor.next();
      cursor.expectWord('threshold', 'expected "threshold" after with');
      result.threshold = cursor.threshold();
    } else {
      return result;
    }
  }
}

/** `<= 24 hours`, `between 2 days and 5 days`: one unit for the whole expression. */
function freshness(cursor: DqdlCursor): { age: Threshold; unit: FreshnessUnit } {
  let unit: FreshnessUnit | undefined;
  const age = cursor.threshold('expected a comparison or between with a time, e.g. <= 24 hours', () => {
    const token = cursor.peek();
    const word = token.kind === 'word' ? token.text.toLowerCase().replace(/s$/, '') : '';
    if (word !== 'hour' && word !== 'day') cursor.fail('expected a time unit: hours or days');
    const next: FreshnessUnit = word === 'hour' ? 'hours' : 'days';
    if (unit !== undefined && unit !== next) cursor.fail('use one time unit for both bounds');
    unit = next;
    cursor.next();
  });
  return { age, unit: unit ?? 'hours' };
}

function anomalyMetric(cursor: DqdlCursor): AnomalyMetric {
  const token = cursor.peek();
  const name = cursor.stringParameter('expected the quoted name of the rule to watch, e.g. "RowCount"');
  if (!(ANOMALY_METRIC_TYPES as readonly string[]).includes(name))
    cursor.failAt(token, `DetectAnomalies watches one of ${ANOMALY_METRIC_TYPES.join(', ')}`);
  if (name === 'RowCount' || name === 'ColumnCount') return { type: name };
  return { type: name as Exclude<AnomalyMetric['type'], 'RowCount' | 'ColumnCount'>, column: cursor.columnName() };
}

function anomalyOptions(cursor: DqdlCursor, annotation: DqdlAnnotation | undefined): { k: number; minHistory: number } {
  const read = (name: 'k' | 'minHistory'): number => {
    const text = annotation?.options[name];
    if (text === undefined) return ANOMALY_DEFAULTS[name];
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) cursor.fail(`the @rule option ${name}=${text} must be a positive number`);
    return value;
  };
  return { k: read('k'), minHistory: read('minHistory') };
}

function referenceColumns(cursor: DqdlCursor): { dataset: string; columns: string[] } {
  const token = cursor.peek();
  const text = cursor.stringParameter('expected the quoted reference columns, e.g. "students.student_id"');
  const match = /^([^.]+)\.(?:\{([^}]*)\}|([^{}]+))$/.exec(text);
  if (!match) return cursor.failAt(token, 'expected the reference as "dataset.column" or "dataset.{column1,column2}"');
  const columns = (match[2] ?? match[3]).split(',').map((c) => c.trim());
  return { dataset: match[1], columns };
}
