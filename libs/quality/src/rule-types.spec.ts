import { DuckDbEngine } from '@acad/engine';
import { evaluateRules, type RuleResult } from './evaluate-rules';
import type { Rule } from './rule';

/**
 * Every rule type beyond the first slice, each with a passing and a failing case, over one
 * small table whose numbers are worked out in the comments.
 */
/** A rule without id and severity (Omit distributed over the union). */
type Draft = Rule extends infer R ? (R extends Rule ? Omit<R, 'id' | 'severity'> : never) : never;

describe('rule types on DuckDB (passing and failing case each)', () => {
  let engine: DuckDbEngine;
  const now = new Date('2025-01-13T00:00:00Z');

  beforeAll(async () => {
    engine = await DuckDbEngine.open({ mode: 'pipeline' });
    await engine.run(`
      CREATE SCHEMA trusted;
      CREATE TABLE trusted.scores AS SELECT * FROM (VALUES
        (1, 'a', 10,   TIMESTAMPTZ '2025-01-10 00:00:00+00', DATE '2025-01-01'),
        (2, 'a', 20,   TIMESTAMPTZ '2025-01-11 00:00:00+00', DATE '2025-01-02'),
        (3, 'b', 30,   TIMESTAMPTZ '2025-01-12 00:00:00+00', DATE '2025-01-03'),
        (4, 'c', NULL, NULL,                                 NULL)
      ) AS t(id, grp, score, recorded_at, day);
    `);
  });

  afterAll(async () => {
    await engine.close();
  });

  const r = (id: string, rule: Draft): Rule => ({ id, severity: 'error', ...rule }) as Rule;
  const evaluate = async (rules: Rule[], options: Parameters<typeof evaluateRules>[3] = {}): Promise<Record<string, RuleResult>> =>
    Object.fromEntries(
      (
        await evaluateRules(engine, 'trusted.scores', rules, {
          now,
          ...options,
        })
      ).map((x) => [x.ruleId, x]),
    );

  it.each<[string, Draft, Draft, number | null]>([
    ['RowCount', { type: 'RowCount', threshold: { op: '>', value: 3 } }, { type: 'RowCount', threshold: { op: '>', value: 4 } }, 4],
    [
      'RowCount where',
      {
        type: 'RowCount',
        threshold: { op: '=', value: 2 },
        where: "grp = 'a'",
      },
      {
        type: 'RowCount',
        threshold: { op: '=', value: 3 },
        where: "grp = 'a'",
      },
      2,
    ],
    [
      'ColumnCount',
      { type: 'ColumnCount', threshold: { op: '=', value: 5 } },
      { type: 'ColumnCount', threshold: { op: '>', value: 5 } },
      5,
    ],
    ['ColumnExists', { type: 'ColumnExists', column: 'grp' }, { type: 'ColumnExists', column: 'nope' }, null],
    ['IsComplete where', { type: 'IsComplete', column: 'score', where: "grp <> 'c'" }, { type: 'IsComplete', column: 'score' }, null],
    // 3 of 4 scores present.
    [
      'Completeness',
      {
        type: 'Completeness',
        column: 'score',
        threshold: { op: '>=', value: 0.75 },
      },
      {
        type: 'Completeness',
        column: 'score',
        threshold: { op: '>', value: 0.75 },
      },
      0.75,
    ],
    ['IsUnique where', { type: 'IsUnique', column: 'grp', where: "grp <> 'a'" }, { type: 'IsUnique', column: 'grp' }, null],
    // b and c occur once among a, a, b, c: 2 of 4 rows.
    [
      'Uniqueness',
      {
        type: 'Uniqueness',
        column: 'grp',
        threshold: { op: '>=', value: 0.5 },
      },
      { type: 'Uniqueness', column: 'grp', threshold: { op: '>', value: 0.5 } },
      0.5,
    ],
    ['IsPrimaryKey', { type: 'IsPrimaryKey', columns: ['id'] }, { type: 'IsPrimaryKey', columns: ['grp'] }, null],
    [
      'Mean where',
      {
        type: 'Mean',
        column: 'score',
        threshold: { op: '=', value: 15 },
        where: "grp = 'a'",
      },
      {
        type: 'Mean',
        column: 'score',
        threshold: { op: '>', value: 15 },
        where: "grp = 'a'",
      },
      15,
    ],
    [
      'Sum',
      { type: 'Sum', column: 'score', threshold: { op: '=', value: 60 } },
      { type: 'Sum', column: 'score', threshold: { op: '<', value: 60 } },
      60,
    ],
    [
      'ColumnLength',
      { type: 'ColumnLength', column: 'grp', length: { op: '=', value: 1 } },
      { type: 'ColumnLength', column: 'grp', length: { op: '>', value: 1 } },
      1,
    ],
    [
      'ColumnValues',
      {
        type: 'ColumnValues',
        column: 'grp',
        condition: { kind: 'in', values: ['a', 'b', 'c'], allowNull: false },
      },
      {
        type: 'ColumnValues',
        column: 'grp',
        condition: { kind: 'matches', pattern: '^[ab]$' },
      },
      1,
    ],
    // Population standard deviation of 10, 20, 30.
    [
      'StandardDeviation',
      {
        type: 'StandardDeviation',
        column: 'score',
        threshold: { op: 'between', value: [8, 9] },
      },
      {
        type: 'StandardDeviation',
        column: 'score',
        threshold: { op: '<', value: 8 },
      },
      Math.sqrt(200 / 3),
    ],
    [
      'DistinctValuesCount',
      {
        type: 'DistinctValuesCount',
        column: 'grp',
        threshold: { op: '=', value: 3 },
      },
      {
        type: 'DistinctValuesCount',
        column: 'grp',
        threshold: { op: '>', value: 3 },
      },
      3,
    ],
    // Unique values b, c over distinct values a, b, c.
    [
      'UniqueValueRatio',
      {
        type: 'UniqueValueRatio',
        column: 'grp',
        threshold: { op: 'between', value: [0.6, 0.7] },
      },
      {
        type: 'UniqueValueRatio',
        column: 'grp',
        threshold: { op: '>', value: 0.7 },
      },
      2 / 3,
    ],
    // −(½·ln ½ + 2·¼·ln ¼) = 1.0397 nats.
    [
      'Entropy',
      { type: 'Entropy', column: 'grp', threshold: { op: '>', value: 1 } },
      { type: 'Entropy', column: 'grp', threshold: { op: '>', value: 1.1 } },
      -(0.5 * Math.log(0.5) + 0.5 * Math.log(0.25)),
    ],
    [
      'ColumnCorrelation',
      {
        type: 'ColumnCorrelation',
        columns: ['id', 'score'],
        threshold: { op: '>=', value: 0.99 },
      },
      {
        type: 'ColumnCorrelation',
        columns: ['id', 'score'],
        threshold: { op: '<', value: 0.5 },
      },
      1,
    ],
    // Newest recorded_at is 24 hours before the clock.
    [
      'DataFreshness hours',
      {
        type: 'DataFreshness',
        column: 'recorded_at',
        age: { op: '<=', value: 48 },
        unit: 'hours',
      },
      {
        type: 'DataFreshness',
        column: 'recorded_at',
        age: { op: '<=', value: 12 },
        unit: 'hours',
      },
      24,
    ],
    // Newest day is 2025-01-03: 10 days old.
    [
      'DataFreshness days',
      {
        type: 'DataFreshness',
        column: 'day',
        age: { op: '<', value: 11 },
        unit: 'days',
      },
      {
        type: 'DataFreshness',
        column: 'day',
        age: { op: 'between', value: [0, 2] },
        unit: 'days',
      },
      10,
    ],
  ])('%s', async (_name, passing, failing, metric) => {
    const results = await evaluate([r('pass', passing), r('fail', failing)]);
    expect(results['pass'].outcome).toBe('passed');
    expect(results['fail'].outcome).toBe('failed');
    if (metric !== null) expect(results['pass'].metric).toBeCloseTo(metric, 9);
  });

  it('SchemaMatch: the share of reference columns present with the same type', async () => {
    const schemas = {
      same: [
        { name: 'id', type: 'INTEGER' },
        { name: 'grp', type: 'varchar' },
        { name: 'recorded_at', type: 'TIMESTAMPTZ' },
      ],
      other: [
        { name: 'id', type: 'INTEGER' },
        { name: 'grp', type: 'BIGINT' },
      ],
    };
    const results = await evaluate(
      [
        r('pass', {
          type: 'SchemaMatch',
          reference: 'same',
          threshold: { op: '=', value: 1 },
        }),
        r('fail', {
          type: 'SchemaMatch',
          reference: 'other',
          threshold: { op: '=', value: 1 },
        }),
      ],
      { schemas },
    );
    expect(results['pass']).toMatchObject({ outcome: 'passed', metric: 1 });
    expect(results['fail']).toMatchObject({
      outcome: 'failed',
      metric: 0.5,
      detail: 'missing or of another type: grp BIGINT',
    });
  });

  it('composite rules: and needs every rule, or needs one', async () => {
    const ok = r('ok', { type: 'RowCount', threshold: { op: '>', value: 3 } });
    const bad = r('bad', { type: 'IsComplete', column: 'score' });
    const results = await evaluate([
      r('and.pass', {
        type: 'Composite',
        operator: 'and',
        rules: [
          { ...ok, id: 'and.pass.1' },
          {
            ...ok,
            id: 'and.pass.2',
            type: 'ColumnExists',
            column: 'id',
          } as Rule,
        ],
      }),
      r('and.fail', {
        type: 'Composite',
        operator: 'and',
        rules: [
          { ...ok, id: 'and.fail.1' },
          { ...bad, id: 'and.fail.2' },
        ],
      }),
      r('or.pass', {
        type: 'Composite',
        operator: 'or',
        rules: [
          { ...bad, id: 'or.pass.1' },
          { ...ok, id: 'or.pass.2' },
        ],
      }),
      r('or.fail', {
        type: 'Composite',
        operator: 'or',
        rules: [{ ...bad, id: 'or.fail.1' }, { ...bad, id: 'or.fail.2', column: 'recorded_at' } as Rule],
      }),
    ]);
    expect(results['and.pass'].outcome).toBe('passed');
    expect(results['and.fail']).toMatchObject({
      outcome: 'failed',
      detail: 'and: 1 of 2 passed (not passed: and.fail.2)',
    });
    expect(results['or.pass'].outcome).toBe('passed');
    expect(results['or.fail'].outcome).toBe('failed');
  });

  it('DetectAnomalies: within median ± k·MAD passes, outside fails, short history warns', async () => {
    const rule = (id: string): Rule => ({
      id,
      severity: 'error',
      type: 'DetectAnomalies',
      metric: { type: 'RowCount' },
      k: 3,
      minHistory: 5,
    });
    const mean = (id: string): Rule => ({
      id,
      severity: 'error',
      type: 'DetectAnomalies',
      metric: { type: 'Mean', column: 'score' },
      k: 3,
      minHistory: 5,
    });
    const results = await evaluate([rule('usual'), rule('unusual'), rule('new'), mean('mean')], {
      history: {
        usual: [4, 5, 4, 3, 4, 5],
        unusual: [100, 101, 99, 100, 102],
        new: [4, 4],
        mean: [20, 20, 20, 20, 20],
      },
    });
    expect(results['usual']).toMatchObject({ outcome: 'passed', metric: 4 });
    expect(results['unusual']).toMatchObject({ outcome: 'failed', metric: 4 });
    expect(results['unusual'].detail).toMatch(/^4 is outside median 100 ± 3·MAD 1\.4826/);
    expect(results['unusual'].threshold).toEqual({
      op: 'between',
      value: [100 - 3 * 1.4826, 100 + 3 * 1.4826],
    });
    expect(results['new']).toMatchObject({
      outcome: 'warned',
      metric: 4,
      detail: expect.stringContaining('needs 5 past batch(es), has 2'),
    });
    // A flat history accepts only its own value: the mean 20 is that value.
    expect(results['mean']).toMatchObject({ outcome: 'passed', metric: 20 });
  });

  it('measures scan rules of composites and anomaly rules in the same single scan, after one DESCRIBE', async () => {
    const query = jest.spyOn(engine, 'query');
    try {
      await evaluate([
        r('rows', { type: 'RowCount', threshold: { op: '>', value: 0 } }),
        r('both', {
          type: 'Composite',
          operator: 'and',
          rules: [
            r('both.1', { type: 'IsUnique', column: 'id' }),
            r('both.2', {
              type: 'ColumnCount',
              threshold: { op: '>', value: 1 },
            }),
          ],
        }),
        {
          id: 'anomaly',
          severity: 'warn',
          type: 'DetectAnomalies',
          metric: { type: 'Completeness', column: 'score' },
          k: 3,
          minHistory: 5,
        },
        r('fresh', {
          type: 'DataFreshness',
          column: 'recorded_at',
          age: { op: '<', value: 100 },
          unit: 'hours',
        }),
      ]);
      expect(query.mock.calls.map(([sql]) => sql.split(/\s/)[0])).toEqual(['DESCRIBE', 'WITH']);
    } finally {
      query.mockRestore();
    }
  });
});
