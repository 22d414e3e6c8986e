import { DuckDbEngine } from '@acad/engine';
import { compileRules } from './compile-sql';
import { evaluateRules, summariseResults, type RuleResult } from './evaluate-rules';
import { InvalidRule } from './quality-errors';
import type { Rule } from './rule';

const byId = (results: RuleResult[]): Record<string, RuleResult> => Object.fromEntries(results.map((r) => [r.ruleId, r]));

describe('evaluateRules on DuckDB', () => {
  let engine: DuckDbEngine;

  beforeAll(async () => {
    engine = await DuckDbEngine.open({ mode: 'pipeline' });
    await engine.run(`
      CREATE SCHEMA trusted;
      CREATE TABLE trusted.visits AS SELECT * FROM (VALUES
        ('S0000001', 'CS101', 'present', 0,    'A'),
        ('S0000002', 'CS101', 'late',    12,   'AB'),
        ('S0000002', 'CS101', 'absent',  NULL, 'ABCDE'),
        ('S0000003', 'MA200', 'PRESENT', 400,  ''),
        (NULL,       'MA200', 'excused', NULL, NULL)
      ) AS t(student_id, course_code, status, minutes_late, section);
      CREATE TABLE students AS SELECT * FROM (VALUES ('S0000001'), ('S0000002')) AS s(student_id);
    `);
  });

  afterAll(async () => {
    await engine.close();
  });

  it('counts repeated keys when another key has a single complete row', async () => {
    // One late row: its key has no previous hash; that must not hide course_code's repeats.
    const rules: Rule[] = [
      { type: 'IsPrimaryKey', id: 'late.key', severity: 'error', columns: ['student_id'], where: "status = 'late'" },
      { type: 'IsUnique', id: 'course.unique', severity: 'error', column: 'course_code' },
    ];
    const results = byId(await evaluateRules(engine, 'trusted.visits', rules));
    expect(results['late.key']).toMatchObject({ outcome: 'passed', failingRows: 0 });
    expect(results['course.unique']).toMatchObject({ outcome: 'failed', failingRows: 5 });
  });

  it('measures every scan rule type against known data', async () => {
    const rules: Rule[] = [
      { type: 'RowCount', id: 'rows', severity: 'error', threshold: { op: '>', value: 0 } },
      { type: 'RowCount', id: 'rows.between', severity: 'error', threshold: { op: 'between', value: [5, 10] } },
      { type: 'IsComplete', id: 'sid.complete', severity: 'error', column: 'student_id' },
      { type: 'Completeness', id: 'section.completeness', severity: 'warn', column: 'section', threshold: { op: '>=', value: 0.6 } },
      { type: 'IsUnique', id: 'sid.unique', severity: 'warn', column: 'student_id' },
      { type: 'Uniqueness', id: 'sid.uniqueness', severity: 'error', column: 'student_id', threshold: { op: '>=', value: 0.5 } },
      { type: 'IsPrimaryKey', id: 'key', severity: 'error', columns: ['student_id', 'status'] },
      {
        type: 'ColumnValues',
        id: 'status.in',
        severity: 'error',
        column: 'status',
        condition: { kind: 'in', values: ['present', 'absent', 'late', 'excused'], allowNull: false },
      },
      {
        type: 'ColumnValues',
        id: 'sid.pattern',
        severity: 'error',
        column: 'student_id',
        condition: { kind: 'matches', pattern: '^S[0-9]{7}$' },
        where: 'student_id IS NOT NULL',
      },
      {
        type: 'ColumnValues',
        id: 'late.range',
        severity: 'error',
        column: 'minutes_late',
        condition: { kind: 'compare', threshold: { op: '<=', value: 300 } },
        threshold: { op: '>=', value: 0.5 },
      },
      {
        type: 'ColumnValues',
        id: 'late.between',
        severity: 'error',
        column: 'minutes_late',
        condition: { kind: 'compare', threshold: { op: 'between', value: [0, 300] } },
      },
      { type: 'ColumnLength', id: 'section.length', severity: 'error', column: 'section', length: { op: '<=', value: 4 } },
      { type: 'Mean', id: 'late.mean', severity: 'error', column: 'minutes_late', threshold: { op: 'between', value: [100, 200] } },
      { type: 'Sum', id: 'late.sum', severity: 'error', column: 'minutes_late', threshold: { op: '=', value: 412 } },
      { type: 'StandardDeviation', id: 'late.sd', severity: 'error', column: 'minutes_late', threshold: { op: '<', value: 1000 } },
      { type: 'DistinctValuesCount', id: 'course.distinct', severity: 'error', column: 'course_code', threshold: { op: '=', value: 2 } },
    ];

    const results = byId(await evaluateRules(engine, 'trusted.visits', rules));

    expect(results['rows']).toMatchObject({ outcome: 'passed', metric: 5, failingRows: null });
    // DQDL between is exclusive: 5 is not between 5 and 10.
    expect(results['rows.between']).toMatchObject({ outcome: 'failed', metric: 5 });
    expect(results['sid.complete']).toMatchObject({ outcome: 'failed', metric: 0.8, failingRows: 1, threshold: { op: '=', value: 1 } });
    // Null and blank sections are incomplete: 3 of 5 present.
    expect(results['section.completeness']).toMatchObject({ outcome: 'passed', metric: 0.6, failingRows: 2 });
    // S0000002 appears twice among 4 non-null ids: 2 rows fail, severity warn.
    expect(results['sid.unique']).toMatchObject({ outcome: 'warned', metric: 0.5, failingRows: 2, severity: 'warn' });
    expect(results['sid.uniqueness']).toMatchObject({ outcome: 'passed', metric: 0.5 });
    // (student_id, status) is unique but one row has a null student_id.
    expect(results['key']).toMatchObject({ outcome: 'failed', failingRows: 1 });
    // 'PRESENT' is not lower-case.
    expect(results['status.in']).toMatchObject({ outcome: 'failed', failingRows: 1, metric: 0.8 });
    expect(results['sid.pattern']).toMatchObject({ outcome: 'passed', failingRows: 0, metric: 1 });
    // Nulls fail comparisons (DQDL); 400 > 300: 2 of 5 pass, the with-threshold 0.5 is not met.
    expect(results['late.range']).toMatchObject({ outcome: 'failed', failingRows: 3, metric: 0.4, threshold: { op: '>=', value: 0.5 } });
    // Exclusive bounds: 0 fails as well as 400 and the two nulls.
    expect(results['late.between']).toMatchObject({ outcome: 'failed', failingRows: 4 });
    // 'ABCDE' is too long; null counts as length 0.
    expect(results['section.length']).toMatchObject({ outcome: 'failed', failingRows: 1 });
    expect(results['late.mean'].metric).toBeCloseTo(412 / 3, 9);
    expect(results['late.mean'].outcome).toBe('passed');
    expect(results['late.sum']).toMatchObject({ outcome: 'passed', metric: 412 });
    expect(results['late.sd'].metric).toBeCloseTo(Math.sqrt(((0 - 412 / 3) ** 2 + (12 - 412 / 3) ** 2 + (400 - 412 / 3) ** 2) / 3), 6);
    expect(results['course.distinct']).toMatchObject({ outcome: 'passed', metric: 2 });
  });

  it('runs all scan and reference rules in one query, plus one query per custom SQL rule', async () => {
    const rules: Rule[] = [
      { type: 'RowCount', id: 'rows', severity: 'error', threshold: { op: '>', value: 0 } },
      { type: 'IsComplete', id: 'sid', severity: 'error', column: 'student_id' },
      // Non-null sections are unique: the quick key-hash check settles it in the same scan.
      { type: 'IsUnique', id: 'section', severity: 'error', column: 'section' },
      {
        type: 'ReferentialIntegrity',
        id: 'ref',
        severity: 'warn',
        columns: ['student_id'],
        reference: { dataset: 'students', columns: ['student_id'] },
        threshold: { op: '=', value: 1 },
      },
      {
        type: 'CustomSql',
        id: 'late',
        severity: 'error',
        sql: "SELECT count(*) FROM primary WHERE status = 'late'",
        threshold: { op: '=', value: 1 },
      },
    ];
    const query = jest.spyOn(engine, 'query');
    try {
      const results = byId(await evaluateRules(engine, 'trusted.visits', rules));
      // DESCRIBE (metadata), the scan with the reference joined, the custom SQL.
      expect(query).toHaveBeenCalledTimes(3);
      expect(
        query.mock.calls.filter(([sql]) => sql.includes('"visits"') && !sql.startsWith('DESCRIBE') && !sql.includes('custom_sql')),
      ).toHaveLength(1);
      // Non-null ids: S0000001, S0000002 ×2 are known; S0000003 is not → 3 of 4.
      expect(results['ref']).toMatchObject({ outcome: 'warned', metric: 0.75, failingRows: 1 });
      expect(results['late']).toMatchObject({ outcome: 'passed', metric: 1 });
      expect(results['section']).toMatchObject({ outcome: 'passed', failingRows: 0 });
    } finally {
      query.mockRestore();
    }
  });

  it('counts duplicate keys exactly, with a second scan only when a key hash repeats', async () => {
    const rules: Rule[] = [
      { type: 'IsUnique', id: 'sid.unique', severity: 'error', column: 'student_id' },
      { type: 'IsPrimaryKey', id: 'course.key', severity: 'error', columns: ['course_code'] },
      { type: 'UniqueValueRatio', id: 'course.once', severity: 'error', column: 'course_code', threshold: { op: '>', value: 0 } },
    ];
    const query = jest.spyOn(engine, 'query');
    try {
      const results = byId(await evaluateRules(engine, 'trusted.visits', rules));
      // DESCRIBE, the scan with hashed keys (a hash repeats), the scan with grouped keys.
      expect(query).toHaveBeenCalledTimes(3);
      expect(query.mock.calls[1][0]).toContain('lag(h)');
      expect(query.mock.calls[2][0]).toContain('GROUP BY');
      // S0000002 twice; CS101 three times and MA200 twice: every row is a duplicate; no course occurs once.
      expect(results['sid.unique']).toMatchObject({ failingRows: 2, metric: 0.5 });
      expect(results['course.key']).toMatchObject({ failingRows: 5, metric: 0 });
      expect(results['course.once']).toMatchObject({ metric: 0, outcome: 'failed' });
    } finally {
      query.mockRestore();
    }
    // Unique keys: the hashed scan alone gives the grouped scan's numbers.
    const unique: Rule[] = [
      { type: 'IsPrimaryKey', id: 'key', severity: 'error', columns: ['student_id', 'status'] },
      { type: 'UniqueValueRatio', id: 'once', severity: 'error', column: 'section', threshold: { op: '>', value: 0 } },
    ];
    const quick = compileRules('trusted.visits', unique);
    const exact = compileRules('trusted.visits', unique, { exactKeys: true });
    const [quickRow] = await engine.query(quick.scanSql ?? '');
    const [exactRow] = await engine.query(exact.scanSql ?? '');
    expect(Number(quickRow['__acad_hash_repeats'])).toBe(0);
    const { __acad_hash_repeats: _, ...quickCounts } = quickRow;
    expect(quickCounts).toEqual(exactRow);
  });

  it('judges a rule measured elsewhere on its counts, leaves it out of the scan and keeps the rules’ order', async () => {
    const rules: Rule[] = [
      { type: 'IsComplete', id: 'sid.complete', severity: 'error', column: 'student_id' },
      { type: 'IsPrimaryKey', id: 'key', severity: 'error', columns: ['student_id', 'status'] },
      { type: 'IsUnique', id: 'sid.unique', severity: 'warn', column: 'student_id' },
    ];
    const measured = new Map([['key', { considered: 40, failing: 2, detail: 'measured by the promotion' }]]);
    const query = jest.spyOn(engine, 'query');
    try {
      const results = await evaluateRules(engine, 'trusted.visits', rules, { measured });
      expect(results.map((r) => r.ruleId)).toEqual(['sid.complete', 'key', 'sid.unique']);
      expect(results[1]).toMatchObject({ outcome: 'failed', metric: 0.95, failingRows: 2, detail: 'measured by the promotion' });
      // The scan hashes student_id alone (the unique rule), never the measured key's columns.
      const scans = query.mock.calls.map((c) => String(c[0])).filter((sql) => !sql.startsWith('DESCRIBE'));
      expect(scans.length).toBeGreaterThan(0);
      for (const sql of scans) expect(sql).not.toMatch(/"student_id",\s*"status"|student_id, status/);
    } finally {
      query.mockRestore();
    }
    // Without the counts, the same rule is scanned: of the five visits, one lacks a student.
    const scanned = await evaluateRules(engine, 'trusted.visits', rules);
    expect(scanned[1]).toMatchObject({ ruleId: 'key', failingRows: 1, metric: 0.8 });
  });

  it('maps reference aliases to relations', async () => {
    await engine.run(
      "CREATE SCHEMA IF NOT EXISTS ref; CREATE OR REPLACE TABLE ref.all_students AS SELECT * FROM (VALUES ('S0000001'), ('S0000002'), ('S0000003')) AS s(id)",
    );
    const rule: Rule = {
      type: 'ReferentialIntegrity',
      id: 'ref',
      severity: 'error',
      columns: ['student_id'],
      reference: { dataset: 'students', columns: ['id'] },
      threshold: { op: '=', value: 1 },
    };
    const [result] = await evaluateRules(engine, 'trusted.visits', [rule], { references: { students: 'ref.all_students' } });
    expect(result).toMatchObject({ outcome: 'passed', metric: 1, failingRows: 0 });
  });

  it('counts reference failures in the shared scan exactly as a NOT EXISTS query per rule does', async () => {
    await engine.run(`
      CREATE OR REPLACE TABLE enrolments AS SELECT * FROM (VALUES
        ('S1', 'CS101', '01'), ('S1', 'CS101', '02'), ('S2', 'CS101', NULL), (NULL, 'MA200', '01'),
        ('S3', 'MA200', '01'), ('S3', 'MA200', '01'), ('S9', 'XX999', '09'), ('S2', NULL, '01')
      ) AS t(student_id, course_code, section);
      -- Duplicate and null reference keys: neither may change a count.
      CREATE OR REPLACE TABLE known_students AS SELECT * FROM (VALUES ('S1'), ('S1'), ('S3'), (NULL)) AS s(student_id);
      CREATE OR REPLACE TABLE known_sections AS SELECT * FROM (VALUES ('CS101', '01'), ('CS101', '01'), ('MA200', '01'), ('MA200', NULL)) AS c(code, section);
    `);
    const references: Rule[] = [
      {
        type: 'ReferentialIntegrity',
        id: 'student',
        severity: 'warn',
        columns: ['student_id'],
        reference: { dataset: 'students', columns: ['student_id'] },
        threshold: { op: '=', value: 1 },
      },
      {
        type: 'ReferentialIntegrity',
        id: 'section',
        severity: 'warn',
        columns: ['course_code', 'section'],
        reference: { dataset: 'sections', columns: ['code', 'section'] },
        threshold: { op: '=', value: 1 },
      },
      // The same reference twice, and the rows' own key as a reference, share the scan too.
      {
        type: 'ReferentialIntegrity',
        id: 'student.again',
        severity: 'warn',
        columns: ['student_id'],
        reference: { dataset: 'students', columns: ['student_id'] },
        threshold: { op: '=', value: 1 },
      },
      {
        type: 'ReferentialIntegrity',
        id: 'self',
        severity: 'warn',
        columns: ['section'],
        reference: { dataset: 'enrolments', columns: ['section'] },
        threshold: { op: '=', value: 1 },
      },
    ];
    const options = { references: { students: 'known_students', sections: 'known_sections' } };
    const results = byId(
      await evaluateRules(
        engine,
        'enrolments',
        [{ type: 'RowCount', id: 'rows', severity: 'error', threshold: { op: '>', value: 0 } }, ...references],
        options,
      ),
    );

    const notExists = async (
      columns: string[],
      reference: string,
      referenceColumns: string[],
    ): Promise<{ considered: number; failing: number }> => {
      const present = columns.map((c) => `p.${c} IS NOT NULL`).join(' AND ');
      const matches = columns.map((c, i) => `r.${referenceColumns[i]} = p.${c}`).join(' AND ');
      const [row] = await engine.query<{ considered: bigint; failing: bigint }>(
        `SELECT count(*) AS considered, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ${reference} AS r WHERE ${matches})) AS failing FROM enrolments AS p WHERE ${present}`,
      );
      return { considered: Number(row.considered), failing: Number(row.failing) };
    };
    const expected = {
      student: await notExists(['student_id'], 'known_students', ['student_id']),
      section: await notExists(['course_code', 'section'], 'known_sections', ['code', 'section']),
      'student.again': await notExists(['student_id'], 'known_students', ['student_id']),
      self: await notExists(['section'], 'enrolments', ['section']),
    };
    // Known by hand: S2 ×2 and S9 are unknown among 7 present ids; CS101/02 and XX999/09 among 6 complete sections.
    expect(expected.student).toEqual({ considered: 7, failing: 3 });
    expect(expected.section).toEqual({ considered: 6, failing: 2 });
    for (const [id, { considered, failing }] of Object.entries(expected)) {
      expect(results[id]).toMatchObject({ failingRows: failing, metric: (considered - failing) / considered });
    }
    // The joins leave the scan's row count alone.
    expect(results['rows']).toMatchObject({ metric: 8 });
  });

  it('fails every row whose value is missing when no row has one (DuckDB counts no true of all nulls as null)', async () => {
    await engine.run(`CREATE OR REPLACE TABLE no_status AS SELECT student_id, NULL::VARCHAR AS status, section FROM trusted.visits`);
    const results = byId(
      await evaluateRules(engine, 'no_status', [
        {
          type: 'ColumnValues',
          id: 'status.in',
          severity: 'error',
          column: 'status',
          condition: { kind: 'in', values: ['present'], allowNull: false },
        },
        { type: 'ColumnValues', id: 'status.pattern', severity: 'error', column: 'status', condition: { kind: 'matches', pattern: '^p' } },
      ]),
    );
    expect(results['status.in']).toMatchObject({ outcome: 'failed', metric: 0, failingRows: 5 });
    expect(results['status.pattern']).toMatchObject({ outcome: 'failed', metric: 0, failingRows: 5 });
  });

  it('reports a CustomSql rule that returns no number as failed with a reason', async () => {
    const rule: Rule = {
      type: 'CustomSql',
      id: 'none',
      severity: 'error',
      sql: 'SELECT max(minutes_late) FROM primary WHERE false',
      threshold: { op: '>', value: 0 },
    };
    const [result] = await evaluateRules(engine, 'trusted.visits', [rule]);
    expect(result.outcome).toBe('failed');
    expect(result.metric).toBeNull();
    expect(result.detail).toMatch(/not a number/);
  });

  it('treats ratio rules over zero rows as met and value rules with nothing to measure as failed', async () => {
    await engine.run('CREATE OR REPLACE TABLE empty_visits AS SELECT * FROM trusted.visits WHERE false');
    const results = byId(
      await evaluateRules(engine, 'empty_visits', [
        { type: 'IsComplete', id: 'complete', severity: 'error', column: 'student_id' },
        { type: 'Mean', id: 'mean', severity: 'warn', column: 'minutes_late', threshold: { op: '>', value: 0 } },
      ]),
    );
    expect(results['complete']).toMatchObject({ outcome: 'passed', metric: 1, failingRows: 0 });
    expect(results['mean']).toMatchObject({ outcome: 'warned', metric: null });
  });

  it('refuses duplicate rule ids', () => {
    const rule: Rule = { type: 'IsComplete', id: 'same', severity: 'error', column: 'a' };
    expect(() => compileRules('t', [rule, rule])).toThrow(InvalidRule);
  });

  it('summarises outcomes with a score of passed against failed rules, warnings left out', () => {
    const base = { type: 'RowCount', severity: 'error', metric: 1, threshold: { op: '>', value: 0 }, failingRows: null } as const;
    const summary = summariseResults([
      { ...base, ruleId: 'a', outcome: 'passed' },
      { ...base, ruleId: 'b', outcome: 'warned', severity: 'warn' },
      { ...base, ruleId: 'c', outcome: 'failed' },
      { ...base, ruleId: 'd', outcome: 'passed' },
      { ...base, ruleId: 'e', outcome: 'failed' },
    ]);
    expect(summary).toEqual({ total: 5, passed: 2, warned: 1, failed: 2, score: 0.5 });
    const healthy = summariseResults([
      { ...base, ruleId: 'a', outcome: 'passed' },
      { ...base, ruleId: 'b', outcome: 'warned', severity: 'warn' },
      { ...base, ruleId: 'c', outcome: 'warned', severity: 'warn' },
    ]);
    expect(healthy).toEqual({ total: 3, passed: 1, warned: 2, failed: 0, score: 1 });
    expect(summariseResults([])).toEqual({ total: 0, passed: 0, warned: 0, failed: 0, score: 1 });
  });
});
