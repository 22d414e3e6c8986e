import type { AlarmState } from './threshold-alarm';
import { InvalidAlarmRule } from './monitoring-errors';

/** A parsed CloudWatch composite AlarmRule. */
export type AlarmRule =
  | { kind: 'state'; state: AlarmState; alarm: string }
  | { kind: 'constant'; value: boolean }
  | { kind: 'not'; operand: AlarmRule }
  | { kind: 'and' | 'or'; operands: AlarmRule[] };

const STATE_FUNCTIONS: Record<string, AlarmState> = { ALARM: 'ALARM', OK: 'OK', INSUFFICIENT_DATA: 'INSUFFICIENT_DATA' };
const TOKEN = /\s*(?:(\()|(\))|("(?:[^"\\]|\\.)*")|([^\s()"]+))/y;

interface Token {
  text: string;
  kind: 'open' | 'close' | 'string' | 'word';
  at: number;
}

function tokenize(rule: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < rule.length) {
    if (/^\s*$/.test(rule.slice(at))) break;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(rule);
    if (!match)
      throw new InvalidAlarmRule(
        rule,
        `unexpected character at position ${at + (rule.slice(at).length - rule.slice(at).trimStart().length)}`,
      );
    const [, open, close, quoted, word] = match;
    const kind = open ? 'open' : close ? 'close' : quoted ? 'string' : 'word';
    tokens.push({
      text: quoted ? (JSON.parse(quoted) as string) : (open ?? close ?? word),
      kind,
      at: at + match[0].length - match[0].trimStart().length,
    });
    at = TOKEN.lastIndex;
  }
  return tokens;
}

/**
 * Parses CloudWatch AlarmRule syntax: `ALARM("a")`, `OK(a)`, `INSUFFICIENT_DATA("b")`, `TRUE`,
 * `FALSE`, `NOT`, `AND`, `OR` and parentheses. NOT binds tightest, then AND, then OR.
 */
export function parseAlarmRule(rule: string): AlarmRule {
  if (rule.length > 10_240) throw new InvalidAlarmRule(rule.slice(0, 40) + '…', 'a rule may have at most 10240 characters');
  const tokens = tokenize(rule);
  let position = 0;
  const peek = () => tokens[position];
  const fail = (message: string): never => {
    throw new InvalidAlarmRule(rule, message);
  };
  const keyword = (word: string) => peek()?.kind === 'word' && peek().text.toUpperCase() === word;

  const parseOr = (): AlarmRule => {
    const operands = [parseAnd()];
    while (keyword('OR')) {
      position++;
      operands.push(parseAnd());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  };
  const parseAnd = (): AlarmRule => {
    const operands = [parseUnary()];
    while (keyword('AND')) {
      position++;
      operands.push(parseUnary());
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  };
  const parseUnary = (): AlarmRule => {
    const token = peek();
    if (!token) return fail('the rule ends where an alarm state, NOT or ( was expected');
    if (keyword('NOT')) {
      position++;
      return { kind: 'not', operand: parseUnary() };
    }
    if (token.kind === 'open') {
      position++;
      const inner = parseOr();
      if (peek()?.kind !== 'close') fail(`missing ) for the ( at position ${token.at}`);
      position++;
      return inner;
    }
    if (keyword('TRUE') || keyword('FALSE')) {
      position++;
      return { kind: 'constant', value: token.text.toUpperCase() === 'TRUE' };
    }
    const state = token.kind === 'word' ? STATE_FUNCTIONS[token.text.toUpperCase()] : undefined;
    if (!state)
      return fail(`expected ALARM(…), OK(…), INSUFFICIENT_DATA(…), TRUE, FALSE, NOT or ( at position ${token.at}, found ${token.text}`);
    position++;
    if (peek()?.kind !== 'open') fail(`${token.text} must be followed by (alarm name)`);
    position++;
    const name = peek();
    if (!name || (name.kind !== 'string' && name.kind !== 'word') || name.text.length === 0)
      return fail(`${token.text}( needs an alarm name`);
    position++;
    if (peek()?.kind !== 'close') fail(`missing ) after the alarm name ${name.text}`);
    position++;
    return { kind: 'state', state, alarm: name.text };
  };

  const ast = parseOr();
  if (position < tokens.length) fail(`unexpected ${tokens[position].text} at position ${tokens[position].at}`);
  return ast;
}

/** Every alarm name a rule refers to, in first-seen order. */
export function alarmsInRule(rule: AlarmRule): string[] {
  const names = new Set<string>();
  const visit = (node: AlarmRule): void => {
    if (node.kind === 'state') names.add(node.alarm);
    else if (node.kind === 'not') visit(node.operand);
    else if (node.kind === 'and' || node.kind === 'or') node.operands.forEach(visit);
  };
  visit(rule);
  return [...names];
}

/** Whether the rule holds for the given alarm states. An alarm with no state counts as INSUFFICIENT_DATA. */
export function ruleHolds(rule: AlarmRule, states: ReadonlyMap<string, AlarmState>): boolean {
  switch (rule.kind) {
    case 'state':
      return (states.get(rule.alarm) ?? 'INSUFFICIENT_DATA') === rule.state;
    case 'constant':
      return rule.value;
    case 'not':
      return !ruleHolds(rule.operand, states);
    case 'and':
      return rule.operands.every((r) => ruleHolds(r, states));
    case 'or':
      return rule.operands.some((r) => ruleHolds(r, states));
  }
}

/** Back to CloudWatch syntax, with every name quoted (what PutCompositeAlarm receives). */
export function formatAlarmRule(rule: AlarmRule): string {
  const wrap = (node: AlarmRule) => (node.kind === 'and' || node.kind === 'or' ? `(${formatAlarmRule(node)})` : formatAlarmRule(node));
  switch (rule.kind) {
    case 'state':
      return `${rule.state}(${JSON.stringify(rule.alarm)})`;
    case 'constant':
      return rule.value ? 'TRUE' : 'FALSE';
    case 'not':
      return `NOT ${wrap(rule.operand)}`;
    case 'and':
    case 'or':
      return rule.operands.map(wrap).join(rule.kind === 'and' ? ' AND ' : ' OR ');
  }
}
