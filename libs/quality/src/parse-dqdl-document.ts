import { checkDqdlDocument } from './check-dqdl-document';
import { DqdlCursor } from './dqdl-cursor';
import { tokenizeDqdl } from './dqdl-lexer';
import { conditionOf, stringValue, tagCondition } from './parse-dqdl-condition';
import type {
  DqdlAnalyzer,
  DqdlCondition,
  DqdlDocument,
  DqdlLabel,
  DqdlNode,
  DqdlPair,
  DqdlParameter,
  DqdlRuleEntry,
  DqdlRuleNode,
  DqdlTag,
  DqdlVariable,
} from './dqdl-syntax';

/**
 * Parses a DQDL document by awslabs/dqdl's grammar (DataQualityDefinitionLanguage.g4), then
 * checks it as the official parser's listener does (rule types and their parameters from
 * rules-config.json, conditions by return type, thresholds, where clauses, tags, labels,
 * variables, Metadata and DataSources keys). Hand-written because generating from the grammar
 * needs Java; the corpus spec holds it to the official parser's verdicts.
 * Throws `DqdlSyntaxError` (line, column) at the first problem.
 */
export function parseDqdlDocument(text: string): DqdlDocument {
  const cursor = new DqdlCursor(tokenizeDqdl(text));
  const document = documentOf(cursor);
  checkDqdlDocument(document, { line: 1, column: 1 });
  return document;
}

function documentOf(cursor: DqdlCursor): DqdlDocument {
  const metadata = cursor.isKeyword('Metadata') ? section(cursor) : undefined;
  const dataSources = cursor.isKeyword('DataSources') ? section(cursor) : undefined;
  const variables: DqdlVariable[] = [];
  while (cursor.is('identifier') && cursor.isPunct('=', 1)) variables.push(variable(cursor));
  let defaultLabels: DqdlLabel[] | undefined;
  if (cursor.isKeyword('DefaultLabels')) {
    cursor.next();
    cursor.expectPunct('=', 'expected "=" after DefaultLabels');
    defaultLabels = labelList(cursor);
  }
  let rules: DqdlRuleEntry[] | undefined;
  let analyzers: DqdlAnalyzer[] | undefined;
  if (cursor.isKeyword('Rules')) {
    rules = rulesSection(cursor);
    if (cursor.isKeyword('Analyzers')) analyzers = analyzersSection(cursor);
  } else if (cursor.isKeyword('Analyzers')) {
    analyzers = analyzersSection(cursor);
  } else {
    cursor.fail('expected "Rules = [" (or "Analyzers = [") to start the ruleset');
  }
  if (!cursor.is('eof')) cursor.fail('expected the end of the ruleset');
  return {
    ...(metadata ? { metadata } : {}),
    ...(dataSources ? { dataSources } : {}),
    variables,
    ...(defaultLabels ? { defaultLabels } : {}),
    ...(rules ? { rules } : {}),
    ...(analyzers ? { analyzers } : {}),
  };
}

/** `Metadata = { "k": "v", "k2": ["a", "b"] }` (at least one pair). */
function section(cursor: DqdlCursor): DqdlPair[] {
  const name = cursor.next().text;
  cursor.expectPunct('=', `expected "=" after ${name}`);
  cursor.expectPunct('{', `expected "{" to open the ${name} dictionary`);
  const pairs: DqdlPair[] = [];
  for (;;) {
    const key = cursor.expectKind('string', `expected a quoted key in ${name}`).text;
    cursor.expectPunct(':', 'expected ":" after the key');
    if (cursor.isPunct('[')) {
      cursor.next();
      const values = [cursor.expectKind('string', 'expected a quoted value').text];
      while (cursor.isPunct(',')) {
        cursor.next();
        values.push(cursor.expectKind('string', 'expected a quoted value').text);
      }
      cursor.expectPunct(']', 'expected "," or "]" in the list');
      pairs.push({ key, value: values });
    } else {
      pairs.push({ key, value: cursor.expectKind('string', 'expected a quoted value or a [list]').text });
    }
    if (!cursor.isPunct(',')) break;
    cursor.next();
  }
  cursor.expectPunct('}', `expected "," or "}" in ${name}`);
  return pairs;
}

/** `name = "text"`, `name = ["a", "b"]` (strings, $references, NULL, EMPTY, WHITESPACES_ONLY). */
function variable(cursor: DqdlCursor): DqdlVariable {
  const start = cursor.next();
  const name = start.text;
  const at = { line: start.line, column: start.column };
  cursor.next();
  if (!cursor.isPunct('[')) return { name, value: stringValue(cursor, `expected a quoted value or a [list] for ${name}`), at };
  cursor.next();
  const values = [stringValue(cursor, 'expected a quoted value')];
  while (cursor.isPunct(',')) {
    cursor.next();
    values.push(stringValue(cursor, 'expected a quoted value'));
  }
  cursor.expectPunct(']', 'expected "," or "]" in the list');
  return { name, value: values, at };
}

/** `["k"="v", ...]`, possibly empty (the check refuses an empty one). */
function labelList(cursor: DqdlCursor): DqdlLabel[] {
  cursor.expectPunct('[', 'expected "[" to open the labels');
  const labels: DqdlLabel[] = [];
  if (cursor.isPunct(']')) {
    cursor.next();
    return labels;
  }
  for (;;) {
    const key = cursor.expectKind('string', 'expected a quoted label key').text;
    cursor.expectPunct('=', 'expected "=" between a label key and its value');
    labels.push({ key, value: cursor.expectKind('string', 'expected a quoted label value').text });
    if (!cursor.isPunct(',')) break;
    cursor.next();
  }
  cursor.expectPunct(']', 'expected "," or "]" in the labels');
  return labels;
}

function rulesSection(cursor: DqdlCursor): DqdlRuleEntry[] {
  cursor.next();
  cursor.expectPunct('=', 'expected "=" after Rules');
  cursor.expectPunct('[', 'expected "[" to open the list of rules');
  const entries: DqdlRuleEntry[] = [];
  if (cursor.isPunct(']')) {
    cursor.next();
    return entries;
  }
  for (;;) {
    const start = cursor.peek();
    entries.push({
      node: orRule(cursor),
      at: { line: start.line, column: start.column },
      ...(start.annotation ? { annotation: start.annotation } : {}),
    });
    if (cursor.isPunct(',')) cursor.next();
    else if (cursor.isPunct(']')) break;
    else cursor.fail('expected "," or "]" after a rule');
  }
  cursor.next();
  return entries;
}

function analyzersSection(cursor: DqdlCursor): DqdlAnalyzer[] {
  cursor.next();
  cursor.expectPunct('=', 'expected "=" after Analyzers');
  cursor.expectPunct('[', 'expected "[" to open the list of analyzers');
  const analyzers: DqdlAnalyzer[] = [];
  if (cursor.isPunct(']')) {
    cursor.next();
    return analyzers;
  }
  for (;;) {
    const start = cursor.expectKind('identifier', 'expected an analyzer type such as Completeness');
    analyzers.push({ analyzerType: start.text, parameters: parameters(cursor), at: { line: start.line, column: start.column } });
    if (cursor.isPunct(',')) cursor.next();
    else if (cursor.isPunct(']')) break;
    else cursor.fail('expected "," or "]" after an analyzer (analyzers take no condition)');
  }
  cursor.next();
  return analyzers;
}

/** `or` binds looser than `and`; both associate to the left (the grammar's alternative order). */
function orRule(cursor: DqdlCursor): DqdlNode {
  let left = andRule(cursor);
  while (cursor.isKeyword('or')) {
    cursor.next();
    left = { kind: 'composite', operator: 'or', left, right: andRule(cursor) };
  }
  return left;
}

function andRule(cursor: DqdlCursor): DqdlNode {
  let left = primaryRule(cursor);
  while (cursor.isKeyword('and')) {
    cursor.next();
    left = { kind: 'composite', operator: 'and', left, right: primaryRule(cursor) };
  }
  return left;
}

function primaryRule(cursor: DqdlCursor): DqdlNode {
  if (!cursor.isPunct('(')) return rule(cursor);
  cursor.next();
  const inner = orRule(cursor);
  cursor.expectPunct(')', 'expected ")" to close the rule');
  if (!cursor.isKeyword('labels')) return { kind: 'paren', inner };
  return { kind: 'paren', inner, labels: ruleLabels(cursor) };
}

function ruleLabels(cursor: DqdlCursor): DqdlLabel[] {
  cursor.next();
  cursor.expectPunct('=', 'expected "=" after labels');
  return labelList(cursor);
}

function rule(cursor: DqdlCursor): DqdlRuleNode {
  const start = cursor.peek();
  const ruleType = cursor.expectKind('identifier', 'expected a rule type such as IsComplete or ColumnValues').text;
  const params = parameters(cursor);
  const condition = conditionOf(cursor);
  let where: string | undefined;
  if (cursor.isKeyword('where')) {
    cursor.next();
    where = cursor.expectKind('string', 'expected a quoted SQL condition after where').text;
  }
  const labels = cursor.isKeyword('labels') ? ruleLabels(cursor) : undefined;
  const tags: DqdlTag[] = [];
  while (cursor.isKeyword('with')) tags.push(tag(cursor));
  return {
    kind: 'rule',
    ruleType,
    parameters: params,
    ...(condition ? { condition } : {}),
    ...(where !== undefined ? { where } : {}),
    ...(labels ? { labels } : {}),
    tags,
    at: { line: start.line, column: start.column },
  };
}

/** Parameters, each with an optional `of` / `and` before it: taken while one follows. */
function parameters(cursor: DqdlCursor): DqdlParameter[] {
  const params: DqdlParameter[] = [];
  for (;;) {
    const connector = cursor.isKeyword('of') ? 'of' : cursor.isKeyword('and') ? 'and' : undefined;
    const at = connector ? 1 : 0;
    const token = cursor.peek(at);
    let param: DqdlParameter | undefined;
    if (token.kind === 'string') param = { value: token.text, form: 'quoted' };
    else if (token.kind === 'identifier') param = { value: token.text, form: 'identifier' };
    else if (cursor.isPunct('$', at) && cursor.is('identifier', at + 1)) param = { value: cursor.peek(at + 1).text, form: 'variable' };
    if (!param) return params;
    for (let i = 0; i <= at + (param.form === 'variable' ? 1 : 0); i += 1) cursor.next();
    params.push(connector ? { ...param, connector } : param);
  }
}

function tag(cursor: DqdlCursor): DqdlTag {
  cursor.next();
  const name = cursor.expectKind('identifier', 'expected a tag name after with, e.g. threshold').text;
  const condition: DqdlCondition | undefined = tagCondition(cursor);
  if (!condition) cursor.fail(`expected a condition after with ${name}, e.g. > 0.9`);
  return { name, condition };
}
