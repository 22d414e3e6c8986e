import { DuckDbEngine } from '@acad/engine';
import { measurableByGroup } from './compile-sql';
import { evaluateRules, evaluateRulesByGroup } from './evaluate-rules';
import { InvalidRule } from './quality-errors';
import type { Rule } from './rule';

/** Rules of every kind the grouped scan measures: ratios, values, keys, references, schema, composites, anomalies. */
const RULES: Rule[] = [
  { type: 'RowCount', id: 'rows', severity: 'error', threshold: { op: '>', value: 2 } },
  { type: 'IsComplete', id: 'sid.complete', severity: 'error', column: 'student_id' },
  { type: 'IsUnique', id: 'sid.unique', severity: 'warn', column: 'student_id' },
  { type: 'Uniqueness', id: 'course.uniqueness', severity: 'warn', column: 'course_code', threshold: { op: '>=', value: 0.5 } },
  { type: 'IsPrimaryKey', id: 'key', severity: 'error', columns: ['student_id', 'course_code'] },
  { type: 'IsPrimaryKey', id: 'key.late', severity: 'error', columns: ['student_id'], where: "status = 'late'" },
  {
    type: 'ColumnValues',
    id: 'status.in',
    severity: 'error',
    column: 'status',
    condition: { kind: 'in', values: ['present', 'absent', 'late'], allowNull: false },
  },
  {
    type: 'ColumnValues',
    id: 'sid.pattern',
    severity: 'error',
    column: 'student_id',
    condition: { kind: 'matches', pattern: '^S[0-9]{7}$' },
  },
  { type: 'ColumnLength', id: 'course.length', severity: 'warn', column: 'course_code', length: { op: '<=', value: 5 } },
  { type: 'Mean', id: 'late.mean', severity: 'warn', column: 'minutes_late', threshold: { op: '<', value: 20 } },
  { type: 'StandardDeviation', id: 'late.sd', severity: 'warn', column: 'minutes_late', threshold: { op: '<', value: 100 } },
  { type: 'DistinctValuesCount', id: 'course.distinct', severity: 'warn', column: 'course_code', threshold: { op: '>=', value: 2 } },
  { type: 'UniqueValueRatio', id: 'course.ratio', severity: 'warn', column: 'course_code', threshold: { op: '>', value: 0.2 } },
  { type: 'Entropy', id: 'status.entropy', severity: 'warn', column: 'status', threshold: { op: '>', value: 0.1 } },
  { type: 'ColumnExists', id: 'has.status', severity: 'error', column: 'status' },
  {
    type: 'ReferentialIntegrity',
    id: 'known.student',
    severity: 'warn',
    columns: ['student_id'],
    reference: { dataset: 'students', columns: ['student_id'] },
    threshold: { op: '=', value: 1 },
  },
  {
    type: 'Composite',
    id: 'both',
    severity: 'error',
    operator: 'and',
    rules: [
      { type: 'IsComplete', id: 'both.course', severity: 'error', column: 'course_code' },
      { type: 'RowCount', id: 'both.rows', severity: 'error', threshold: { op: '<', value: 5 } },
    ],
  },
  { type: 'DetectAnomalies', id: 'rows.anomaly', severity: 'error', metric: { type: 'RowCount' }, k: 1, minHistory: 3 },
];

describe('evaluateRulesByGroup', () => {
  let engine: DuckDbEngine;

  beforeAll(async () => {
    engine = await DuckDbEngine.open({ mode: 'pipeline' });
    // b1 is clean; b2 repeats a key, misses a student and breaks the patterns; b3 is one row;
    // b4 (no rows) comes last.
    await engine.run(`
      CREATE TABLE visits AS SELECT * FROM (VALUES
        ('b1', 'S0000001', 'CS101', 'present', 0),
        ('b1', 'S0000002', 'CS101', 'late',    12),
        ('b1', 'S0000003', 'MA200', 'absent',  NULL),
        ('b2', 'S0000001', 'CS101', 'late',    5),
        ('b2', 'S0000001', 'CS101', 'late',    7),
        ('b2', NULL,       'PHYS1010', 'asleep', 400),
        ('b2', 'X1',       'MA200', 'present', 0),
        ('b3', 'S0000009', 'CS101', 'present', 0)
      ) AS t(batch, student_id, course_code, status, minutes_late);
      CREATE TABLE students AS SELECT * FROM (VALUES ('S0000001'), ('S0000002'), ('S0000003')) AS s(student_id);
    `);
    for (const b of ['b1', 'b2', 'b3', 'b4']) await engine.run(`CREATE VIEW visits_${b} AS SELECT * FROM visits WHERE batch = '${b}'`);
  });

  afterAll(async () => {
    await engine.close();
  });

  it('gives each group the results of evaluating its rows alone, with anomalies learning from the groups before', async () => {
    const history = { 'rows.anomaly': [3, 3, 4] };
    const relationOf = jest.fn(async (group: string) => `visits_${group}`);
    const grouped = await evaluateRulesByGroup(engine, 'visits', 'batch', ['b1', 'b2', 'b3', 'b4'], RULES, { history, relationOf });

    const past = [...history['rows.anomaly']];
    for (const b of ['b1', 'b2', 'b3', 'b4']) {
      const alone = await evaluateRules(engine, `visits_${b}`, RULES, { history: { 'rows.anomaly': [...past] } });
      expect({ b, results: grouped.get(b) }).toEqual({ b, results: alone });
      past.push(alone.find((r) => r.ruleId === 'rows.anomaly')?.metric as number);
    }
    // Only the group without rows needed its own relation.
    expect(relationOf.mock.calls).toEqual([['b4']]);
    // The cases the comparison covers: a repeated key (exact counts), a failed pattern, an anomaly.
    const b2 = new Map(grouped.get('b2')?.map((r) => [r.ruleId, r]));
    expect(b2.get('key')).toMatchObject({ outcome: 'failed', failingRows: 3 });
    // X1 and the missing id do not match the pattern.
    expect(b2.get('sid.pattern')).toMatchObject({ outcome: 'failed', failingRows: 2 });
    expect(
      grouped
        .get('b1')
        ?.filter((r) => r.outcome !== 'passed')
        .map((r) => r.ruleId),
    ).toEqual(['course.uniqueness']);
    expect(grouped.get('b3')?.find((r) => r.ruleId === 'rows.anomaly')).toMatchObject({ outcome: 'failed', metric: 1 });
  });

  it('measures the groups in one statement after one DESCRIBE when no key repeats', async () => {
    const query = jest.spyOn(engine, 'query');
    try {
      const keyed = RULES.filter((r) => !['sid.unique', 'key.late', 'course.uniqueness', 'course.ratio'].includes(r.id));
      const results = await evaluateRulesByGroup(engine, 'visits', 'batch', ['b1', 'b3'], keyed, {
        relationOf: async (g) => `visits_${g}`,
      });
      // The key (student_id, course_code) is checked by its hashes in a CTE of the one statement.
      expect(query.mock.calls.map(([sql]) => sql.split(/\s/)[0])).toEqual(['DESCRIBE', 'WITH']);
      expect(results.get('b1')?.find((r) => r.ruleId === 'key')).toMatchObject({ outcome: 'passed', failingRows: 0 });
    } finally {
      query.mockRestore();
    }
  });

  it('refuses CustomSql, which only runs on a relation of its own', async () => {
    const custom: Rule = {
      type: 'CustomSql',
      id: 'custom',
      severity: 'error',
      sql: 'SELECT count(*) FROM primary',
      threshold: { op: '>', value: 0 },
    };
    expect(measurableByGroup(RULES)).toBe(true);
    expect(measurableByGroup([{ type: 'Composite', id: 'c', severity: 'error', operator: 'or', rules: [RULES[0], custom] }])).toBe(false);
    await expect(
      evaluateRulesByGroup(engine, 'visits', 'batch', ['b1'], [custom], { relationOf: async (g) => `visits_${g}` }),
    ).rejects.toThrow(InvalidRule);
  });
});
