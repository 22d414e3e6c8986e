import { effectiveThreshold, meetsThreshold, type Rule } from './rule';

describe('meetsThreshold', () => {
  it.each([
    [1, { op: '>', value: 0 }, true],
    [0, { op: '>', value: 0 }, false],
    [0.95, { op: '>=', value: 0.95 }, true],
    [0.1 + 0.2, { op: '=', value: 0.3 }, true],
    [3, { op: '<', value: 3 }, false],
    [3, { op: '<=', value: 3 }, true],
    [5, { op: 'between', value: [5, 10] }, false],
    [7, { op: 'between', value: [5, 10] }, true],
    [10, { op: 'between', value: [5, 10] }, false],
  ] as const)('%d against %j is %s (between is exclusive, as in DQDL)', (metric, threshold, expected) => {
    expect(meetsThreshold(metric, threshold)).toBe(expected);
  });
});

describe('effectiveThreshold', () => {
  it('is "= 1" for all-rows rules and the rule threshold otherwise', () => {
    const complete: Rule = { type: 'IsComplete', id: 'c', severity: 'error', column: 'a' };
    const values: Rule = {
      type: 'ColumnValues',
      id: 'v',
      severity: 'error',
      column: 'a',
      condition: { kind: 'matches', pattern: 'x' },
      threshold: { op: '>', value: 0.5 },
    };
    expect(effectiveThreshold(complete)).toEqual({ op: '=', value: 1 });
    expect(effectiveThreshold(values)).toEqual({ op: '>', value: 0.5 });
    expect(effectiveThreshold({ ...values, threshold: undefined } as Rule)).toEqual({ op: '=', value: 1 });
  });
});
