import type { DqdlCursor } from './dqdl-cursor';
import type {
  DqdlCondition,
  DqdlDate,
  DqdlDuration,
  DqdlDurationUnit,
  DqdlKeyword,
  DqdlNumber,
  DqdlSize,
  DqdlSizeUnit,
  DqdlStringValue,
} from './dqdl-syntax';
import { DqdlSyntaxError } from './quality-errors';

type ConditionType = DqdlCondition['type'];

const DURATION_UNITS: readonly string[] = ['days', 'hours', 'minutes'];
const SIZE_UNITS: readonly string[] = ['B', 'KB', 'MB', 'GB', 'TB'];

/**
 * The grammar's `condition`: a number, string, date, duration or size condition. Like ANTLR's
 * adaptive prediction, the alternative that reads furthest wins, the first one on a tie
 * (`= NULL` is a number condition). Undefined when no condition starts here.
 */
export function conditionOf(cursor: DqdlCursor): DqdlCondition | undefined {
  return furthest(cursor, [
    () => typed(cursor, 'number'),
    () => typed(cursor, 'string'),
    () => typed(cursor, 'date'),
    () => typed(cursor, 'duration'),
    () => typed(cursor, 'size'),
  ]);
}

/** The condition of a `with <tag>`: a string condition, or a number condition. */
export function tagCondition(cursor: DqdlCursor): DqdlCondition | undefined {
  return furthest(cursor, [() => typed(cursor, 'string'), () => typed(cursor, 'number')]);
}

function furthest(cursor: DqdlCursor, alternatives: readonly (() => DqdlCondition)[]): DqdlCondition | undefined {
  const start = cursor.mark();
  let best: { condition: DqdlCondition; end: number } | undefined;
  let deepest: DqdlSyntaxError | undefined;
  for (const alternative of alternatives) {
    cursor.reset(start);
    try {
      const condition = alternative();
      if (best === undefined || cursor.mark() > best.end) best = { condition, end: cursor.mark() };
    } catch (error) {
      if (!(error instanceof DqdlSyntaxError)) throw error;
      // A condition that started (an operator was read) but broke is reported where it broke.
      if (cursor.mark() > start && (deepest === undefined || later(error, deepest))) deepest = error;
    }
  }
  if (best) {
    cursor.reset(best.end);
    return best.condition;
  }
  cursor.reset(start);
  if (deepest && isOperator(cursor)) throw deepest;
  return undefined;
}

function later(a: DqdlSyntaxError, b: DqdlSyntaxError): boolean {
  return a.line > b.line || (a.line === b.line && a.column > b.column);
}

function isOperator(cursor: DqdlCursor): boolean {
  return (
    ['>', '>=', '<', '<=', '=', '!'].some((op) => cursor.isPunct(op)) ||
    cursor.isKeyword('between') ||
    cursor.isKeyword('in') ||
    cursor.isKeyword('not') ||
    cursor.isKeyword('matches')
  );
}

function typed(cursor: DqdlCursor, type: ConditionType): DqdlCondition {
  const one = (): unknown => {
    switch (type) {
      case 'number':
        return numberExpression(cursor);
      case 'string':
        return stringValue(cursor, 'expected a quoted string, $variable, NULL, EMPTY or WHITESPACES_ONLY');
      case 'date':
        return dateExpression(cursor);
      case 'duration':
        return duration(cursor);
      case 'size':
        return size(cursor);
    }
  };
  const build = (op: string, operands: unknown[], extra: object = {}): DqdlCondition =>
    ({ type, op, operands, ...extra }) as unknown as DqdlCondition;

  if (cursor.isKeyword('not')) {
    cursor.next();
    if (cursor.isKeyword('between') && type !== 'string') return between(cursor, 'not between', one, build);
    if (cursor.isKeyword('in')) return set(cursor, 'not in', type, one, build);
    if (cursor.isKeyword('matches') && type === 'string') return matches(cursor, 'not matches', build);
    return cursor.fail('expected between, in or matches after not');
  }
  if (cursor.isKeyword('between') && type !== 'string') return between(cursor, 'between', one, build);
  if (cursor.isKeyword('in')) return set(cursor, 'in', type, one, build);
  if (cursor.isKeyword('matches') && type === 'string') return matches(cursor, 'matches', build);
  if (cursor.isPunct('!')) {
    cursor.next();
    cursor.expectPunct('=', 'expected "=" after "!"');
    return build('!=', [one()]);
  }
  if (cursor.isPunct('=')) {
    cursor.next();
    return build('=', [one()]);
  }
  if (type !== 'string') {
    for (const op of ['>=', '<=', '>', '<']) {
      if (cursor.isPunct(op)) {
        cursor.next();
        return build(op, [one()]);
      }
    }
  }
  return cursor.fail('expected a condition');
}

function between(
  cursor: DqdlCursor,
  op: string,
  one: () => unknown,
  build: (op: string, operands: unknown[]) => DqdlCondition,
): DqdlCondition {
  cursor.next();
  const low = one();
  cursor.expectKeyword('and', 'expected "and" between the two bounds');
  return build(op, [low, one()]);
}

function set(
  cursor: DqdlCursor,
  op: string,
  type: ConditionType,
  one: () => unknown,
  build: (op: string, operands: unknown[], extra?: object) => DqdlCondition,
): DqdlCondition {
  cursor.next();
  if (type === 'string' && cursor.isPunct('$')) {
    cursor.next();
    const name = cursor.expectKind('identifier', 'expected a variable name after $').text;
    return build(op, [{ kind: 'variable', name }], { listVariable: true });
  }
  cursor.expectPunct('[', 'expected "[" to open the list of values');
  const items = [one()];
  while (cursor.isPunct(',')) {
    cursor.next();
    items.push(one());
  }
  cursor.expectPunct(']', 'expected "," or "]" in the list of values');
  return build(op, items);
}

function matches(cursor: DqdlCursor, op: string, build: (op: string, operands: unknown[]) => DqdlCondition): DqdlCondition {
  cursor.next();
  const raw = cursor.expectKind('string', 'expected a quoted regular expression after matches').text;
  return build(op, [{ kind: 'string', raw }]);
}

/** `number (+|-|*|/) number` at one precedence level, left to right, as ANTLR builds it. */
export function numberExpression(cursor: DqdlCursor): DqdlNumber {
  let left = primaryNumber(cursor);
  for (;;) {
    const op = (['+', '-', '*', '/'] as const).find((o) => cursor.isPunct(o));
    if (!op) return left;
    cursor.next();
    left = { kind: 'binary', op, left, right: primaryNumber(cursor) };
  }
}

function primaryNumber(cursor: DqdlCursor): DqdlNumber {
  if (cursor.isKeyword('null')) {
    cursor.next();
    return { kind: 'null' };
  }
  if (cursor.isPunct('(')) {
    cursor.next();
    const inner = numberExpression(cursor);
    cursor.expectPunct(')', 'expected ")"');
    return { kind: 'paren', inner };
  }
  if (cursor.is('identifier') && cursor.isPunct('(', 1)) {
    const name = cursor.next().text;
    cursor.next();
    const args: DqdlNumber[] = [];
    if (!cursor.isPunct(')')) {
      args.push(numberExpression(cursor));
      while (cursor.isPunct(',')) {
        cursor.next();
        args.push(numberExpression(cursor));
      }
    }
    cursor.expectPunct(')', `expected "," or ")" in the arguments of ${name}`);
    return { kind: 'call', name, args };
  }
  const negative = cursor.isPunct('-');
  if (negative) cursor.next();
  if (cursor.is('digit') || cursor.is('int') || cursor.is('decimal'))
    return { kind: 'atom', text: `${negative ? '-' : ''}${cursor.next().text}` };
  return cursor.fail('expected a number, a function such as avg(last(10)), or (expression)');
}

export function stringValue(cursor: DqdlCursor, message: string): DqdlStringValue {
  const token = cursor.peek();
  if (token.kind === 'string') {
    cursor.next();
    return { kind: 'string', raw: token.text };
  }
  if (cursor.isPunct('$')) {
    cursor.next();
    return { kind: 'variable', name: cursor.expectKind('identifier', 'expected a variable name after $').text };
  }
  for (const keyword of ['NULL', 'EMPTY', 'WHITESPACES_ONLY'] as const) {
    if (cursor.isKeyword(keyword.toLowerCase())) {
      cursor.next();
      return { kind: 'keyword', keyword: keyword satisfies DqdlKeyword };
    }
  }
  return cursor.fail(message);
}

function dateExpression(cursor: DqdlCursor): DqdlDate {
  const token = cursor.peek();
  if (token.kind === 'date') {
    cursor.next();
    return { kind: 'date', text: token.text };
  }
  if (token.kind === 'time' || token.kind === 'miltime') {
    cursor.next();
    return { kind: 'time', text: token.text };
  }
  if (token.kind === 'now') {
    cursor.next();
    return { kind: 'now' };
  }
  if (cursor.isKeyword('null')) {
    cursor.next();
    return { kind: 'null' };
  }
  cursor.expectPunct('(', 'expected a date: "2024-01-31", "9:30 AM", now() or (now() - 3 days)');
  cursor.expectKind('now', 'expected now() in a date expression');
  const op = cursor.isPunct('-') ? '-' : cursor.isPunct('+') ? '+' : cursor.fail('expected + or - after now()');
  cursor.next();
  const offset = duration(cursor);
  cursor.expectPunct(')', 'expected ")"');
  return { kind: 'nowOffset', op, duration: offset };
}

function wholeAmount(cursor: DqdlCursor, what: string): number {
  if (!cursor.is('digit') && !cursor.is('int')) cursor.fail(`expected a whole number of ${what}`);
  return Number(cursor.next().text);
}

function duration(cursor: DqdlCursor): DqdlDuration {
  const amount = wholeAmount(cursor, 'days, hours or minutes');
  const unit = cursor.peek();
  if (unit.kind !== 'keyword' || !DURATION_UNITS.includes(unit.text)) cursor.fail('expected a time unit: days, hours or minutes');
  cursor.next();
  return { amount, unit: unit.text as DqdlDurationUnit };
}

function size(cursor: DqdlCursor): DqdlSize {
  const amount = wholeAmount(cursor, 'bytes');
  const unit = cursor.peek();
  if (unit.kind !== 'keyword' || !SIZE_UNITS.includes(unit.text)) cursor.fail('expected a size unit: B, KB, MB, GB or TB');
  cursor.next();
  return { amount, unit: unit.text as DqdlSizeUnit };
}
