import { alarmsInRule, formatAlarmRule, parseAlarmRule, ruleHolds } from './alarm-rule';
import { InvalidAlarmRule } from './monitoring-errors';
import type { AlarmState } from './threshold-alarm';

const states = (entries: Record<string, AlarmState>) => new Map(Object.entries(entries));

describe('parseAlarmRule', () => {
  it('parses CloudWatch AlarmRule syntax into an AST', () => {
    expect(parseAlarmRule('ALARM("a") AND NOT OK("b")')).toEqual({
      kind: 'and',
      operands: [
        { kind: 'state', state: 'ALARM', alarm: 'a' },
        { kind: 'not', operand: { kind: 'state', state: 'OK', alarm: 'b' } },
      ],
    });
    expect(parseAlarmRule('insufficient_data(freshness:x)')).toEqual({ kind: 'state', state: 'INSUFFICIENT_DATA', alarm: 'freshness:x' });
  });

  it('binds NOT, then AND, then OR, and honours parentheses', () => {
    const rule = parseAlarmRule('ALARM(a) OR ALARM(b) AND ALARM(c)');
    expect(rule).toMatchObject({ kind: 'or', operands: [{ alarm: 'a' }, { kind: 'and' }] });
    expect(parseAlarmRule('(ALARM(a) OR ALARM(b)) AND ALARM(c)')).toMatchObject({
      kind: 'and',
      operands: [{ kind: 'or' }, { alarm: 'c' }],
    });
    expect(ruleHolds(rule, states({ a: 'OK', b: 'ALARM', c: 'OK' }))).toBe(false);
    expect(ruleHolds(parseAlarmRule('TRUE AND NOT FALSE'), new Map())).toBe(true);
  });

  it('quotes names that hold spaces and colons, and round-trips', () => {
    const rule = parseAlarmRule('ALARM("freshness:attendance") OR (ALARM("quarantine rate") AND NOT OK("b"))');
    expect(alarmsInRule(rule)).toEqual(['freshness:attendance', 'quarantine rate', 'b']);
    const text = formatAlarmRule(rule);
    expect(text).toBe('ALARM("freshness:attendance") OR (ALARM("quarantine rate") AND NOT OK("b"))');
    expect(parseAlarmRule(text)).toEqual(rule);
  });

  it('refuses malformed rules with the place of the problem', () => {
    expect(() => parseAlarmRule('ALARM("a") AND')).toThrow(InvalidAlarmRule);
    expect(() => parseAlarmRule('ALARM("a") AND')).toThrow(/ends where an alarm state/);
    expect(() => parseAlarmRule('ALARM("a"')).toThrow(/missing \) after the alarm name a/);
    expect(() => parseAlarmRule('BROKEN("a")')).toThrow(/found BROKEN/);
    expect(() => parseAlarmRule('(ALARM(a)')).toThrow(/missing \) for the \( at position 0/);
    expect(() => parseAlarmRule('ALARM(a) ALARM(b)')).toThrow(/unexpected ALARM/);
    expect(() => parseAlarmRule('ALARM(a) & ALARM(b)')).toThrow(/unexpected & at position 9/);
    expect(() => parseAlarmRule('ALARM("a)')).toThrow(/unexpected character at position 6/);
  });
});

describe('ruleHolds', () => {
  it('treats an unknown alarm as INSUFFICIENT_DATA', () => {
    expect(ruleHolds(parseAlarmRule('INSUFFICIENT_DATA(x)'), new Map())).toBe(true);
    expect(ruleHolds(parseAlarmRule('ALARM(a) AND NOT OK(b)'), states({ a: 'ALARM', b: 'INSUFFICIENT_DATA' }))).toBe(true);
    expect(ruleHolds(parseAlarmRule('ALARM(a) AND NOT OK(b)'), states({ a: 'ALARM', b: 'OK' }))).toBe(false);
  });
});
