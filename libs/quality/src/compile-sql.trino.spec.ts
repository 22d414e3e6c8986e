import { DuckDbEngine, type Engine } from '@acad/engine';
import { AttendanceContract, DATASET_CONTRACTS, TRINO_DIALECT } from '@acad/schemas';
import { compileRules } from './compile-sql';
import { evaluateRules } from './evaluate-rules';
import { sampleFailingRows } from './failing-samples';
import { InvalidRule } from './quality-errors';
import type { Rule } from './rule';
import { datasetRules } from './rules-from-contract';

/** Every rule kind Athena can measure, over a relation with duplicates, misses and bad values. */
const RULES: Rule[] = [
  { type: 'RowCount', id: 'rows', severity: 'error', threshold: { op: '>', value: 2 } },
  { type: 'IsComplete', id: 'sid.complete', severity: 'error', column: 'student_id' },
  { type: 'Completeness', id: 'course.completeness', severity: 'warn', column: 'course_code', threshold: { op: '>=', value: 0.9 } },
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
  {
    type: 'ColumnValues',
    id: 'late.range',
    severity: 'error',
    column: 'minutes_late',
    condition: { kind: 'compare', threshold: { op: '<=', value: 300 } },
    where: 'minutes_late IS NOT NULL',
  },
  { type: 'ColumnLength', id: 'course.length', severity: 'warn', column: 'course_code', length: { op: '<=', value: 5 } },
  { type: 'Mean', id: 'late.mean', severity: 'warn', column: 'minutes_late', threshold: { op: '<', value: 20 } },
  { type: 'Sum', id: 'late.sum', severity: 'warn', column: 'minutes_late', threshold: { op: '<', value: 1000 } },
  { type: 'StandardDeviation', id: 'late.sd', severity: 'warn', column: 'minutes_late', threshold: { op: '<', value: 100 } },
  { type: 'DistinctValuesCount', id: 'course.distinct', severity: 'warn', column: 'course_code', threshold: { op: '>=', value: 2 } },
  { type: 'UniqueValueRatio', id: 'course.ratio', severity: 'warn', column: 'course_code', threshold: { op: '>', value: 0.2 } },
  { type: 'DataFreshness', id: 'fresh', severity: 'warn', column: 'recorded_at', age: { op: '<=', value: 48 }, unit: 'hours' },
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
    operator: 'or',
    rules: [
      { type: 'IsComplete', id: 'both.course', severity: 'error', column: 'course_code' },
      { type: 'RowCount', id: 'both.rows', severity: 'error', threshold: { op: '<', value: 5 } },
    ],
  },
  { type: 'DetectAnomalies', id: 'rows.anomaly', severity: 'error', metric: { type: 'RowCount' }, k: 1, minHistory: 3 },
];

// What Athena's engine (Trino) does not have, or spells otherwise.
const DUCKDB_ONLY = ['MATERIALIZED', 'hash(', 'regexp_matches(', 'epoch(', 'TIMESTAMPTZ', 'entropy(', '::', 'EXCLUDE', 'GROUP BY ALL'];

describe('compileRules in the Trino dialect (Athena)', () => {
  it.each(DATASET_CONTRACTS.map((c) => [c.name, c] as const))(
    'compiles the %s ruleset with no DuckDB-only construct, counting keys exactly',
    (name, contract) => {
      const compiled = compileRules(`stg_${name}_judged`, datasetRules(contract), { dialect: TRINO_DIALECT });
      for (const duckOnly of DUCKDB_ONLY)
        expect({ duckOnly, found: compiled.scanSql?.includes(duckOnly) }).toEqual({ duckOnly, found: false });
      expect(compiled.checksKeyHashes).toBe(false);
    },
  );

  it('refuses Entropy, which Trino cannot measure, naming the rule', () => {
    const entropy: Rule = { type: 'Entropy', id: 'status.entropy', severity: 'warn', column: 'status', threshold: { op: '>', value: 0.1 } };
    expect(() => compileRules('t', [entropy], { dialect: TRINO_DIALECT })).toThrow(InvalidRule);
    expect(() => compileRules('t', [entropy], { dialect: TRINO_DIALECT })).toThrow(/status\.entropy.*Athena/);
  });

  describe('measures what the DuckDB dialect measures', () => {
    let engine: DuckDbEngine;

    beforeAll(async () => {
      engine = await DuckDbEngine.open({ mode: 'pipeline' });
      // Trino's spellings, as DuckDB macros, so the Trino SQL runs here on the same rows.
      await engine.run(`
        CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p);
        CREATE MACRO to_unixtime(t) AS epoch(t);
        CREATE TABLE visits AS SELECT * FROM (VALUES
          ('S0000001', 'CS101', 'late',    5,    TIMESTAMPTZ '2025-09-01 10:00:00+00'),
          ('S0000001', 'CS101', 'late',    7,    TIMESTAMPTZ '2025-09-01 11:00:00+00'),
          ('S0000002', 'CS101', 'present', 0,    TIMESTAMPTZ '2025-09-02 09:00:00+00'),
          (NULL,       'PHYS1010', 'asleep', 400, NULL),
          ('X1',       'MA200', 'present', NULL, TIMESTAMPTZ '2025-09-03 08:00:00+00'),
          ('S0000003', NULL,    'absent',  NULL, TIMESTAMPTZ '2025-09-03 09:00:00+00')
        ) AS t(student_id, course_code, status, minutes_late, recorded_at);
        CREATE TABLE students AS SELECT * FROM (VALUES ('S0000001'), ('S0000002')) AS s(student_id);
      `);
    });

    afterAll(async () => {
      await engine.close();
    });

    it('rule by rule, on rows with duplicate keys, gaps and bad values', async () => {
      const options = { history: { 'rows.anomaly': [6, 6, 7] }, now: new Date('2025-09-04T00:00:00Z') };
      const duckdb = await evaluateRules(engine, 'visits', RULES, options);
      const trino = await evaluateRules(engine, 'visits', RULES, { ...options, dialect: TRINO_DIALECT });
      expect(trino).toEqual(duckdb);
      // The data breaks rules of every sort, so equal results are not all passes.
      expect(duckdb.filter((r) => r.outcome !== 'passed').map((r) => r.ruleId)).toEqual(
        expect.arrayContaining(['sid.complete', 'key', 'key.late', 'status.in', 'sid.pattern', 'late.range', 'known.student']),
      );
    });

    it('samples the same failing rows, PII masked, in SQL Trino runs', async () => {
      const results = await evaluateRules(engine, 'visits', RULES);
      const asked: string[] = [];
      const recording: Engine = {
        // Athena's dialect, run on DuckDB: Trino's SQL here is a subset DuckDB also runs.
        dialect: TRINO_DIALECT,
        run: (sql, params) => engine.run(sql, params),
        query: (sql, params) => {
          asked.push(sql);
          return engine.query(sql, params);
        },
        registerView: (name, sql) => engine.registerView(name, sql),
        registerParquetView: (name, paths, options) => engine.registerParquetView(name, paths, options),
        writeParquet: (sql, path, params) => engine.writeParquet(sql, path, params),
        close: async () => undefined,
      };
      const schema = (await engine.query<{ column_name: string; column_type: string }>('DESCRIBE visits')).map((c) => ({
        name: c.column_name,
        type: c.column_type,
      }));
      const options = { references: { students: 'students' }, limit: 10 };
      const sorted = (samples: Record<string, unknown[]>) =>
        Object.fromEntries(Object.entries(samples).map(([id, rows]) => [id, rows.map((r) => JSON.stringify(r)).sort()]));
      const duckdb = await sampleFailingRows(engine, 'visits', AttendanceContract, RULES, results, options);
      const trino = await sampleFailingRows(recording, 'visits', AttendanceContract, RULES, results, {
        ...options,
        schema,
      });

      expect(sorted(trino)).toEqual(sorted(duckdb));
      expect(Object.keys(trino)).toEqual(
        expect.arrayContaining(['sid.complete', 'key', 'key.late', 'status.in', 'sid.pattern', 'late.range', 'known.student']),
      );
      // Duplicate counts do not show in the rows; student ids are masked.
      expect(trino['key.late']).toHaveLength(2);
      expect(Object.keys(trino['key.late'][0]).sort()).toEqual(['course_code', 'minutes_late', 'recorded_at', 'status', 'student_id']);
      expect(trino['key.late'].map((r) => r['student_id'])).not.toContain('S0000001');
      for (const sql of asked) {
        for (const duckOnly of DUCKDB_ONLY) expect({ sql, found: sql.includes(duckOnly) }).toEqual({ sql, found: false });
        expect(sql).not.toMatch(/FILTER \(WHERE [^)]*\)\) OVER/);
      }
      expect(asked.some((sql) => sql.includes(`count(CASE WHEN (status = 'late') THEN 1 END) OVER (PARTITION BY "student_id")`))).toBe(
        true,
      );
    });
  });
});
