import { dqdlRuleType, isDqdlRuleTypeName, type DqdlReturnType, type DqdlRuleTypeSpec } from './dqdl-rule-types';
import { unescapeDqdl } from './dqdl-lexer';
import type { DqdlCondition, DqdlDocument, DqdlLabel, DqdlNode, DqdlPosition, DqdlRuleNode, DqdlVariable } from './dqdl-syntax';
import { DqdlSyntaxError } from './quality-errors';

const MAX_LABELS = 10;
const MAX_LABEL_KEY = 128;
const MAX_LABEL_VALUE = 256;
const METADATA_KEYS = ['Version'];
const SOURCE_KEYS = ['Primary', 'AdditionalDataSources'];

/**
 * The checks the official parser's listener (awslabs/dqdl DQDLParserListener) makes after the
 * grammar: known rule types with their number of parameters, the condition their return type
 * takes, where clauses and thresholds only where allowed, tags, labels, variables, and the keys
 * of Metadata and DataSources. Throws `DqdlSyntaxError` at the rule (or section) at fault.
 */
export function checkDqdlDocument(document: DqdlDocument, start: DqdlPosition): void {
  const fail: Fail = (at, message) => {
    throw new DqdlSyntaxError(at.line, at.column, message);
  };
  for (const pair of document.metadata ?? []) {
    if (!METADATA_KEYS.includes(unescapeDqdl(pair.key)))
      fail(start, `unsupported key "${pair.key}" in Metadata; allowed: ${METADATA_KEYS.join(', ')}`);
  }
  for (const pair of document.dataSources ?? []) {
    const key = unescapeDqdl(pair.key);
    if (!SOURCE_KEYS.includes(key)) fail(start, `unsupported key "${pair.key}" in DataSources; allowed: ${SOURCE_KEYS.join(', ')}`);
    if (key === 'AdditionalDataSources' && !Array.isArray(pair.value)) fail(start, 'AdditionalDataSources must be a [list] of names');
  }
  const variables = new Map<string, DqdlVariable>();
  for (const variable of document.variables) {
    if (/^[._]/.test(variable.name)) fail(variable.at ?? start, `variable name "${variable.name}" cannot start with "." or "_"`);
    if (variables.has(variable.name)) fail(variable.at ?? start, `variable "${variable.name}" is already defined`);
    const values = Array.isArray(variable.value) ? variable.value : [variable.value];
    if (values.some((v) => v.kind === 'variable' || (v.kind === 'string' && /\$[a-zA-Z_][a-zA-Z0-9_.]*/.test(v.raw))))
      fail(variable.at ?? start, `nested variables are not supported (in "${variable.name}")`);
    variables.set(variable.name, variable);
  }
  const defaults = document.defaultLabels;
  if (defaults) checkLabels(defaults, 0, start, fail);
  const defaultCount = defaults?.length ?? 0;

  const checkNode = (node: DqdlNode, at: DqdlPosition): void => {
    if (node.kind === 'composite') {
      checkNode(node.left, at);
      checkNode(node.right, at);
    } else if (node.kind === 'paren') {
      checkNode(node.inner, at);
      if (node.labels) checkLabels(node.labels, defaultCount, at, fail);
    } else {
      checkRule(node, node.at ?? at, variables, defaultCount, fail);
    }
  };
  for (const entry of document.rules ?? []) checkNode(entry.node, entry.at);

  for (const analyzer of document.analyzers ?? []) {
    const spec = dqdlRuleType(analyzer.analyzerType, analyzer.parameters.length);
    if (!spec)
      fail(analyzer.at ?? start, `analyzer type ${analyzer.analyzerType} with ${analyzer.parameters.length} parameter(s) is not valid`);
    if (spec.returns.length === 1 && spec.returns[0] === 'BOOLEAN')
      fail(analyzer.at ?? start, `${analyzer.analyzerType} cannot be an analyzer (it measures no number)`);
  }
  if ((document.rules ?? []).length === 0 && (document.analyzers ?? []).length === 0)
    fail(start, 'no rules or analyzers: a ruleset needs at least one');
}

type Fail = (at: DqdlPosition, message: string) => never;

function checkRule(
  rule: DqdlRuleNode,
  at: DqdlPosition,
  variables: ReadonlyMap<string, DqdlVariable>,
  defaultLabels: number,
  fail: Fail,
): void {
  const name = rule.ruleType;
  const spec = dqdlRuleType(name, rule.parameters.length);
  if (!spec) {
    if (!isDqdlRuleTypeName(name)) fail(at, `unknown rule type "${name}"`);
    fail(at, `${name} does not take ${rule.parameters.length} parameter(s)`);
  }
  if (spec.analyzerOnly) fail(at, `${name} is an analyzer, not a rule: put it in the Analyzers section`);
  if (rule.where !== undefined) {
    if (!spec.where) fail(at, `${name} takes no where clause`);
    if (rule.where === '') fail(at, `the where clause of ${name} is empty`);
  }
  let thresholds = 0;
  for (const tag of rule.tags) {
    const equality = tag.condition.op === '=';
    if (tag.condition.type === 'number' && tag.name.toLowerCase() === 'threshold') {
      if (!spec.threshold) fail(at, `${name} takes no "with threshold"`);
      thresholds += 1;
      if (thresholds > 1) fail(at, `${name} has more than one "with threshold"`);
    } else if (!equality) {
      fail(at, `the tag "${tag.name}" of ${name} only takes "=" (found ${tag.condition.op})`);
    }
  }
  if (rule.labels) checkLabels(rule.labels, defaultLabels, at, fail);
  const problem = conditionProblem(spec, rule.condition, rule.tags);
  if (problem !== undefined) fail(at, problem);
  for (const param of rule.parameters) {
    if (param.form !== 'variable') continue;
    const variable = variables.get(param.value);
    if (!variable) fail(at, `variable "$${param.value}" is not defined`);
    if (Array.isArray(variable.value)) fail(at, `variable "$${param.value}" is a list; a parameter takes one value`);
  }
  if (rule.condition?.type === 'string') {
    for (const operand of rule.condition.operands) {
      if (operand.kind !== 'variable') continue;
      const variable = variables.get(operand.name);
      if (!variable) fail(at, `variable "$${operand.name}" is not defined`);
      const single = rule.condition.op === '=' || rule.condition.op === '!=';
      // The official parser would put a list's values after = and fail later; say so here.
      if (single && Array.isArray(variable.value)) fail(at, `variable "$${operand.name}" is a list: use in $${operand.name}`);
    }
  }
}

/** Why `condition` does not suit any of the rule type's return types, or undefined when it does. */
function conditionProblem(spec: DqdlRuleTypeSpec, condition: DqdlCondition | undefined, tags: DqdlRuleNode['tags']): string | undefined {
  const reasons = spec.returns.map((returns) => problemFor(spec.name, returns, condition, tags));
  return reasons.includes(undefined) ? undefined : reasons[0];
}

function problemFor(
  name: string,
  returns: DqdlReturnType,
  condition: DqdlCondition | undefined,
  tags: DqdlRuleNode['tags'],
): string | undefined {
  switch (returns) {
    case 'BOOLEAN':
      return condition ? `${name} takes no condition` : undefined;
    case 'NUMBER':
    case 'NUMBER_ARRAY':
      return condition?.type === 'number' ? undefined : `${name} needs a number condition, e.g. > 0.9`;
    case 'STRING':
    case 'STRING_ARRAY':
      return condition?.type === 'string' ? undefined : `${name} needs a text condition, e.g. = "String"`;
    case 'DATE':
    case 'DATE_ARRAY':
      if (condition?.type !== 'date') return `${name} needs a date condition, e.g. > (now() - 3 days)`;
      return timeProblem(condition, tags);
    case 'DURATION_ARRAY':
      return condition?.type === 'duration' ? undefined : `${name} needs a duration condition, e.g. <= 24 hours`;
    case 'SIZE':
      if (condition?.type === 'size') return undefined;
      if (condition?.type === 'number' && condition.operands.every((o) => o.kind === 'atom' && /^-?[0-9]+$/.test(o.text))) return undefined;
      return `${name} needs a size condition, e.g. < 5 GB`;
  }
}

/** Times of day are read as `h:mm a` or `HH:mm` in the `timeZone` tag's zone (default UTC). */
function timeProblem(condition: Extract<DqdlCondition, { type: 'date' }>, tags: DqdlRuleNode['tags']): string | undefined {
  const times = condition.operands.filter((o) => o.kind === 'time');
  if (times.length === 0) return undefined;
  for (const time of times) {
    const ampm = /^([0-9]{1,2}):([0-9]{2}) (AM|PM)$/.exec(time.text);
    const military = /^([0-9]{2}):([0-9]{2})$/.exec(time.text);
    const hour = Number((ampm ?? military)?.[1]);
    const minute = Number((ampm ?? military)?.[2]);
    const hourOk = ampm ? hour >= 1 && hour <= 12 : hour <= 23;
    if (!hourOk || minute > 59) return `"${time.text}" is not a time of day`;
  }
  const zoneTag = tags.find((t) => t.name === 'timeZone' && t.condition.type === 'string');
  const zoneOperand = zoneTag?.condition.type === 'string' ? zoneTag.condition.operands[0] : undefined;
  if (zoneOperand?.kind === 'string') {
    try {
      new Intl.DateTimeFormat('en', { timeZone: unescapeDqdl(zoneOperand.raw) });
    } catch {
      return `"${zoneOperand.raw}" is not a time zone`;
    }
  }
  return undefined;
}

function checkLabels(labels: readonly DqdlLabel[], others: number, at: DqdlPosition, fail: Fail): void {
  if (labels.length === 0) fail(at, 'labels need at least one "key"="value"');
  if (labels.length + others > MAX_LABELS) fail(at, `a rule has at most ${MAX_LABELS} labels, default labels included`);
  const seen = new Set<string>();
  for (const label of labels) {
    if (seen.has(label.key)) fail(at, `the label key "${label.key}" is repeated`);
    seen.add(label.key);
    if (label.key === '' || label.value === '') fail(at, 'a label key or value cannot be empty');
    if (label.key.length > MAX_LABEL_KEY) fail(at, `a label key has at most ${MAX_LABEL_KEY} characters`);
    if (label.value.length > MAX_LABEL_VALUE) fail(at, `a label value has at most ${MAX_LABEL_VALUE} characters`);
  }
}
