import type { DqdlAnnotation } from './dqdl-lexer';
import { unescapeDqdl } from './dqdl-lexer';
import type {
  DqdlCondition,
  DqdlDocument,
  DqdlLabel,
  DqdlNode,
  DqdlPosition,
  DqdlRuleNode,
  DqdlStringValue,
  DqdlVariable,
} from './dqdl-syntax';
import { DqdlSyntaxError } from './quality-errors';
import {
  ALL_ROWS,
  ANOMALY_DEFAULTS,
  ANOMALY_METRIC_TYPES,
  type AnomalyMetric,
  type FreshnessUnit,
  type MeasuredRule,
  type Rule,
  type RuleLabel,
  type Severity,
  type Threshold,
  type ValueCondition,
} from './rule';

interface Base {
  readonly id: string;
  readonly severity: Severity;
  readonly labels?: readonly RuleLabel[];
}

type Built = Rule | { readonly reason: string };

/**
 * The rules of a parsed DQDL document. What the typed model holds becomes a typed rule; a metric
 * against a condition a plain threshold cannot hold becomes a `Dynamic` rule; anything else is
 * kept as written in a `NotEvaluated` rule, with the reason. Variables are replaced by their
 * values. Ids and severities come from `# @rule` comments (else `rule-<n>` and `error`); a
 * composite's children are `<id>.<n>`.
 */
export function rulesFromDqdl(document: DqdlDocument): Rule[] {
  const variables = new Map(document.variables.map((v) => [v.name, v]));
  const defaults = (document.defaultLabels ?? []).map(label);
  return (document.rules ?? []).map((entry, index) => {
    const base: Base = { id: entry.annotation?.id ?? `rule-${index + 1}`, severity: entry.annotation?.severity ?? 'error' };
    const node = resolveVariables(entry.node, variables);
    const built = fromNode(node, base, entry.annotation, entry.at, defaults);
    if ('type' in built) return built;
    // A kept rule carries the ruleset's DefaultLabels itself, so it is written back with them.
    const dqdl = withDefaultLabels(withoutPositions(node), document.defaultLabels ?? []);
    return { ...base, type: 'NotEvaluated', dqdl, reason: built.reason };
  });
}

const label = (l: { key: string; value: string }): RuleLabel => ({ key: unescapeDqdl(l.key), value: unescapeDqdl(l.value) });

/** The ruleset's default labels, overridden by the rule's own of the same key, as the official parser combines them. */
function labelled(base: Base, defaults: readonly RuleLabel[], own: readonly { key: string; value: string }[] | undefined): Base {
  const mine = (own ?? []).map(label);
  const combined = [...defaults.filter((d) => !mine.some((m) => m.key === d.key)), ...mine];
  return combined.length === 0 ? base : { ...base, labels: combined };
}

/**
 * `outer` are the labels of `(...) labels=[...]` around the node: they replace the labels of the
 * rule or composite inside, as in the official parser. Children of a composite take the ruleset's
 * defaults only.
 */
function fromNode(
  node: DqdlNode,
  base: Base,
  annotation: DqdlAnnotation | undefined,
  at: DqdlPosition,
  defaults: readonly RuleLabel[],
  outer?: readonly { key: string; value: string }[],
): Built {
  if (node.kind === 'paren') return fromNode(node.inner, base, annotation, at, defaults, node.labels ?? outer);
  if (node.kind === 'rule') return fromRule(node, labelled(base, defaults, outer ?? node.labels), annotation, node.at ?? at);
  // `A and B and C` is one composite of three rules; another operator nests.
  const operands: DqdlNode[] = [];
  const collect = (n: DqdlNode): void => {
    if (n.kind === 'composite' && n.operator === node.operator) {
      collect(n.left);
      collect(n.right);
    } else operands.push(n);
  };
  collect(node);
  const rules: Rule[] = [];
  for (const [i, operand] of operands.entries()) {
    const child = fromNode(operand, { id: `${base.id}.${i + 1}`, severity: base.severity }, annotation, at, defaults);
    if (!('type' in child)) return child;
    if (child.type === 'NotEvaluated') return { reason: child.reason };
    rules.push(child);
  }
  return { ...labelled(base, defaults, outer), type: 'Composite', operator: node.operator, rules };
}

function fromRule(node: DqdlRuleNode, base: Base, annotation: DqdlAnnotation | undefined, at: DqdlPosition): Built {
  const type = node.ruleType;
  const extraTag = node.tags.find((t) => t.name.toLowerCase() !== 'threshold');
  if (extraTag) return { reason: `the tag "with ${extraTag.name}" is not evaluated here` };
  const thresholdTag = node.tags.find((t) => t.name.toLowerCase() === 'threshold')?.condition;
  const params = node.parameters.map((p) => (p.form === 'quoted' ? unescapeDqdl(p.value) : p.value));
  const where = node.where === undefined ? {} : { where: unescapeDqdl(node.where) };
  const condition = node.condition;
  const measuredOrDynamic = (measured: MeasuredRule): Built => {
    if (condition?.type !== 'number') return { reason: `${type} needs a number condition` };
    const threshold = staticThreshold(condition);
    if (threshold) return { ...measured, threshold, ...(labels ? { labels } : {}) } as Rule;
    return { ...base, type: 'Dynamic', measured, condition };
  };
  // The measured rule of a Dynamic rule carries no labels: the Dynamic rule does.
  const { labels, ...unlabelled } = base;
  const placeholder = { ...unlabelled, threshold: ALL_ROWS };
  switch (type) {
    case 'RowCount':
      return measuredOrDynamic({ ...placeholder, type, ...where });
    case 'ColumnCount':
      return measuredOrDynamic({ ...placeholder, type });
    case 'Completeness':
    case 'Mean':
    case 'Sum':
    case 'StandardDeviation':
    case 'Variance':
    case 'DistinctValuesCount':
    case 'UniqueValueRatio':
    case 'Entropy':
      return measuredOrDynamic({ ...placeholder, type, column: params[0], ...where });
    case 'Uniqueness':
      if (params.length > 1) return { reason: 'Uniqueness of several columns together is not evaluated here' };
      return measuredOrDynamic({ ...placeholder, type, column: params[0], ...where });
    case 'ColumnCorrelation':
      return measuredOrDynamic({ ...placeholder, type, columns: [params[0], params[1]], ...where });
    case 'SchemaMatch':
      return measuredOrDynamic({ ...placeholder, type, reference: params[0] });
    case 'CustomSql':
      if (thresholdTag || !condition) return { reason: 'CustomSql checking rows (without a number condition) is not evaluated here' };
      return measuredOrDynamic({ ...placeholder, type, sql: params[0] });
    case 'ReferentialIntegrity': {
      const columns = params[0].split(',').map((c) => c.trim());
      const match = /^([^.]+)\.(?:\{([^}]*)\}|([^{}]+))$/.exec(params[1]);
      if (!match) return { reason: 'the reference is not "dataset.column" or "dataset.{column1,column2}"' };
      const reference = { dataset: match[1], columns: (match[2] ?? match[3]).split(',').map((c) => c.trim()) };
      if (reference.columns.length !== columns.length) return { reason: 'ReferentialIntegrity needs one reference column per column' };
      return measuredOrDynamic({ ...placeholder, type, columns, reference });
    }
    case 'IsComplete':
      return { ...base, type, column: params[0], ...where };
    case 'IsUnique':
      if (params.length > 1) return { reason: 'IsUnique of several columns together is not evaluated here' };
      return { ...base, type, column: params[0], ...where };
    case 'IsPrimaryKey':
      return { ...base, type, columns: params, ...where };
    case 'ColumnExists':
      return { ...base, type, column: params[0] };
    case 'ColumnNamesMatchPattern':
      return { ...base, type, pattern: params[0] };
    case 'ColumnValues': {
      const value = valueCondition(condition);
      if (typeof value === 'string') return { reason: value };
      const threshold = thresholdTag === undefined ? undefined : staticThreshold(thresholdTag);
      if (thresholdTag && !threshold) return { reason: 'a dynamic "with threshold" is not evaluated here' };
      return { ...base, type, column: params[0], condition: value, ...where, ...(threshold ? { threshold } : {}) };
    }
    case 'ColumnLength': {
      const length = condition ? staticThreshold(condition) : undefined;
      if (!length) return { reason: 'ColumnLength with a dynamic or set condition is not evaluated here' };
      return { ...base, type, column: params[0], length, ...where };
    }
    case 'DataFreshness': {
      const freshness = freshnessOf(condition);
      if (!freshness) return { reason: 'DataFreshness takes <, <=, >, >=, = or between one unit here' };
      return { ...base, type, column: params[0], ...freshness, ...where };
    }
    case 'DetectAnomalies':
      return anomalyRule(at, params, base, annotation);
    default:
      return { reason: `${type} is not evaluated here` };
  }
}

/** A condition the typed Threshold holds: one comparison or `between`, of written numbers. */
function staticThreshold(condition: DqdlCondition): Threshold | undefined {
  if (condition.type !== 'number') return undefined;
  // `-0` is 0: the rule model has one zero.
  const numbers = condition.operands.map((o) => (o.kind === 'atom' ? Number(o.text) || 0 : NaN));
  if (numbers.some((n) => Number.isNaN(n))) return undefined;
  switch (condition.op) {
    case 'between':
      return { op: 'between', value: [numbers[0], numbers[1]] };
    case '>':
    case '>=':
    case '<':
    case '<=':
    case '=':
      return { op: condition.op, value: numbers[0] };
    default:
      return undefined;
  }
}

function valueCondition(condition: DqdlCondition | undefined): ValueCondition | string {
  if (condition?.type === 'number') {
    // `in [NULL]` reads as a number list; it means the value is missing.
    if (condition.op === 'in' && condition.operands.every((o) => o.kind === 'null')) return { kind: 'in', values: [], allowNull: true };
    const threshold = staticThreshold(condition);
    return threshold ? { kind: 'compare', threshold } : `ColumnValues ${condition.op} with these operands is not evaluated here`;
  }
  if (condition?.type !== 'string') return 'ColumnValues against dates is not evaluated here';
  if (condition.op === 'matches') {
    const [pattern] = condition.operands;
    return pattern.kind === 'string' ? { kind: 'matches', pattern: unescapeDqdl(pattern.raw) } : 'matches needs a quoted pattern';
  }
  if (condition.op !== 'in' && condition.op !== '=') return `ColumnValues ${condition.op} is not evaluated here`;
  const values: string[] = [];
  let allowNull = false;
  for (const operand of condition.operands) {
    if (operand.kind === 'string') values.push(unescapeDqdl(operand.raw));
    else if (operand.kind === 'keyword' && operand.keyword === 'NULL') allowNull = true;
    else return 'EMPTY and WHITESPACES_ONLY are not evaluated here';
  }
  return { kind: 'in', values, allowNull };
}

function freshnessOf(condition: DqdlCondition | undefined): { age: Threshold; unit: FreshnessUnit } | undefined {
  if (condition?.type !== 'duration') return undefined;
  const units = new Set(condition.operands.map((o) => o.unit));
  if (units.size !== 1) return undefined;
  const unit = condition.operands[0].unit;
  const amounts = condition.operands.map((o) => o.amount);
  if (condition.op === 'between') return { age: { op: 'between', value: [amounts[0], amounts[1]] }, unit };
  const op = condition.op;
  if (op !== '>' && op !== '>=' && op !== '<' && op !== '<=' && op !== '=') return undefined;
  return { age: { op, value: amounts[0] }, unit };
}

function anomalyRule(at: DqdlPosition, params: string[], base: Base, annotation: DqdlAnnotation | undefined): Built {
  const [name, column] = params;
  if (!(ANOMALY_METRIC_TYPES as readonly string[]).includes(name)) return { reason: `DetectAnomalies of ${name} is not evaluated here` };
  const withColumn = name !== 'RowCount' && name !== 'ColumnCount';
  if (params.length !== (withColumn ? 2 : 1))
    return { reason: `DetectAnomalies of ${name} with ${params.length - 1} column(s) is not evaluated here` };
  const metric: AnomalyMetric = withColumn
    ? { type: name as Exclude<AnomalyMetric['type'], 'RowCount' | 'ColumnCount'>, column }
    : { type: name as 'RowCount' | 'ColumnCount' };
  const read = (option: 'k' | 'minHistory'): number => {
    const text = annotation?.options[option];
    if (text === undefined) return ANOMALY_DEFAULTS[option];
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0)
      throw new DqdlSyntaxError(at.line, at.column, `the @rule option ${option}=${text} must be a positive number`);
    return value;
  };
  return { ...base, type: 'DetectAnomalies', metric, k: read('k'), minHistory: read('minHistory') };
}

/** The node with `$name` parameters and string operands replaced by the variables' values. */
function resolveVariables(node: DqdlNode, variables: ReadonlyMap<string, DqdlVariable>): DqdlNode {
  if (variables.size === 0) return node;
  switch (node.kind) {
    case 'composite':
      return { ...node, left: resolveVariables(node.left, variables), right: resolveVariables(node.right, variables) };
    case 'paren':
      return { ...node, inner: resolveVariables(node.inner, variables) };
    case 'rule': {
      const parameters = node.parameters.map((p) => {
        if (p.form !== 'variable') return p;
        const value = variables.get(p.value)?.value as DqdlStringValue;
        return {
          ...p,
          form: 'quoted' as const,
          value: value.kind === 'string' ? value.raw : value.kind === 'keyword' ? value.keyword : value.name,
        };
      });
      const condition = node.condition?.type === 'string' ? resolveStringCondition(node.condition, variables) : node.condition;
      return { ...node, parameters, ...(condition ? { condition } : {}) };
    }
  }
}

function resolveStringCondition(
  condition: Extract<DqdlCondition, { type: 'string' }>,
  variables: ReadonlyMap<string, DqdlVariable>,
): DqdlCondition {
  const operands = condition.operands.flatMap((operand) => {
    if (operand.kind !== 'variable') return [operand];
    const value = variables.get(operand.name)?.value;
    return value === undefined ? [operand] : Array.isArray(value) ? value : [value as DqdlStringValue];
  });
  const { listVariable: _listVariable, ...rest } = condition;
  return { ...rest, operands };
}

/** The node as the rule model keeps it: without positions in the text it came from. */
function withoutPositions(node: DqdlNode): DqdlNode {
  switch (node.kind) {
    case 'composite':
      return { ...node, left: withoutPositions(node.left), right: withoutPositions(node.right) };
    case 'paren':
      return { ...node, inner: withoutPositions(node.inner) };
    case 'rule': {
      const { at: _at, ...rest } = node;
      return rest;
    }
  }
}

/** The node with the ruleset's default labels written on it, as the official parser applies them. */
function withDefaultLabels(node: DqdlNode, defaults: readonly DqdlLabel[]): DqdlNode {
  if (defaults.length === 0) return node;
  const merge = (own: readonly DqdlLabel[] | undefined): DqdlLabel[] => [
    ...defaults.filter((d) => !(own ?? []).some((o) => o.key === d.key)),
    ...(own ?? []),
  ];
  switch (node.kind) {
    case 'rule':
      return { ...node, labels: merge(node.labels) };
    case 'paren':
      if (!node.labels) return { ...node, inner: withDefaultLabels(node.inner, defaults) };
      // The group's labels replace those of a rule inside; a composite's children keep the defaults.
      return {
        ...node,
        inner: node.inner.kind === 'rule' ? node.inner : withDefaultLabels(node.inner, defaults),
        labels: merge(node.labels),
      };
    case 'composite': {
      const children = { ...node, left: withDefaultLabels(node.left, defaults), right: withDefaultLabels(node.right, defaults) };
      return { kind: 'paren', inner: children, labels: [...defaults] };
    }
  }
}
