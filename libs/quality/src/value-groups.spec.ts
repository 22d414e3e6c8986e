import { DuckDbEngine, sqlString } from '@acad/engine';
import { TRINO_DIALECT } from '@acad/schemas';
import fc from 'fast-check';
import { compileRules } from './compile-sql';
import { evaluateRules, evaluateRulesByGroup, type RuleResult } from './evaluate-rules';
import { ReferenceJoins } from './reference-joins';
import type { ReferentialIntegrityRule, Rule } from './rule';
import { DuplicateWindows, scanMeasure, type ScanRule } from './scan-measures';

const knownStudent: ReferentialIntegrityRule = {
  type: 'ReferentialIntegrity',
  id: 'known.student',
  severity: 'warn',
  columns: ['student_id'],
  reference: { dataset: 'students', columns: ['student_id'] },
  threshold: { op: '=', value: 1 },
};
const knownCourse: ReferentialIntegrityRule = {
  type: 'ReferentialIntegrity',
  id: 'known.course',
  severity: 'warn',
  columns: ['course_code', 'section'],
  reference: { dataset: 'courses', columns: ['course_code', 'section'] },
  threshold: { op: '>=', value: 0.5 },
};

/**
 * The attendance ruleset's shapes: row-level rules on the referenced columns (judged per
 * distinct value), the same kinds on other columns and with a `where` (judged per row), and
 * both references.
 */
const RULES: Rule[] = [
  { type: 'IsComplete', id: 'sid.complete', severity: 'error', column: 'student_id' },
  { type: 'IsComplete', id: 'course.complete', severity: 'error', column: 'course_code' },
  { type: 'Completeness', id: 'section.complete', severity: 'warn', column: 'section', threshold: { op: '>=', value: 0.8 } },
  { type: 'IsComplete', id: 'status.complete', severity: 'error', column: 'status' },
  {
    type: 'ColumnValues',
    id: 'course.pattern',
    severity: 'error',
    column: 'course_code',
    condition: { kind: 'matches', pattern: '^[A-Z]{2,4}[0-9]{3,4}$' },
  },
  { type: 'ColumnLength', id: 'section.min', severity: 'error', column: 'section', length: { op: '>=', value: 1 } },
  { type: 'ColumnLength', id: 'section.max', severity: 'error', column: 'section', length: { op: '<=', value: 4 } },
  {
    type: 'ColumnValues',
    id: 'course.in',
    severity: 'warn',
    column: 'course_code',
    condition: { kind: 'in', values: ['CS101', 'MA200'], allowNull: true },
    where: "status <> 'excused'",
  },
  {
    type: 'ColumnValues',
    id: 'status.in',
    severity: 'error',
    column: 'status',
    condition: { kind: 'in', values: ['present', 'absent', 'late'], allowNull: false },
  },
  {
    type: 'ColumnValues',
    id: 'late.max',
    severity: 'error',
    column: 'minutes_late',
    condition: { kind: 'compare', threshold: { op: '<=', value: 300 } },
    where: 'minutes_late IS NOT NULL',
  },
  {
    type: 'Composite',
    id: 'both',
    severity: 'error',
    operator: 'or',
    rules: [
      {
        type: 'ColumnValues',
        id: 'both.sid',
        severity: 'error',
        column: 'student_id',
        condition: { kind: 'matches', pattern: '^S[0-9]{7}$' },
      },
      { type: 'RowCount', id: 'both.rows', severity: 'error', threshold: { op: '>', value: 3 } },
    ],
  },
  knownStudent,
  knownCourse,
];

const ROW_RULES = [...RULES, ...RULES.flatMap((r) => (r.type === 'Composite' ? r.rules : []))].filter((r) => r.type !== 'Composite');

const text = (values: readonly string[]) => fc.oneof(fc.constant(null), fc.constantFrom(...values));
const attendanceRow = fc.record({
  batch: fc.constantFrom('b1', 'b2', 'b3'),
  student_id: text(['S0000001', 'S0000002', 'S0000003', 'X1', '', '  ']),
  course_code: text(['CS101', 'MA200', 'PHYS1010', 'cs101', 'C1', ' ']),
  section: text(['A', 'AB12', 'ABCDE', '', ' ']),
  status: text(['present', 'late', 'excused', 'asleep', ' ']),
  minutes_late: fc.oneof(fc.constant(null), fc.constantFrom(0, 5, 300, 301)),
});
const lake = fc.record({
  rows: fc.array(attendanceRow, { maxLength: 40 }),
  students: fc.uniqueArray(fc.constantFrom('S0000001', 'S0000002', 'S0000003', 'X1'), { maxLength: 4 }),
  courses: fc.uniqueArray(fc.record({ course_code: text(['CS101', 'MA200', 'PHYS1010']), section: text(['A', 'AB12']) }), {
    maxLength: 5,
    selector: (c) => `${c.course_code}|${c.section}`,
  }),
});

type Lake = typeof lake extends fc.Arbitrary<infer T> ? T : never;

function literal(value: string | number | null): string {
  return value === null ? 'NULL' : typeof value === 'number' ? String(value) : sqlString(value);
}

describe('rules measured on the distinct values of referenced columns (ValueGroups)', () => {
  let engine: DuckDbEngine;

  beforeAll(async () => {
    engine = await DuckDbEngine.open({ mode: 'pipeline' });
    await engine.run(`CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)`);
  });

  afterAll(async () => {
    await engine.close();
  });

  async function load({ rows, students, courses }: Lake): Promise<void> {
    const insert = (table: string, tuples: string[][]) =>
      tuples.length === 0 ? '' : `INSERT INTO ${table} VALUES ${tuples.map((t) => `(${t.join(', ')})`).join(', ')};`;
    await engine.run(`
      CREATE OR REPLACE TABLE visits (batch VARCHAR, student_id VARCHAR, course_code VARCHAR, section VARCHAR, status VARCHAR, minutes_late BIGINT);
      CREATE OR REPLACE TABLE students (student_id VARCHAR);
      CREATE OR REPLACE TABLE courses (course_code VARCHAR, section VARCHAR);
      ${insert(
        'visits',
        rows.map((r) => [r.batch, r.student_id, r.course_code, r.section, r.status, r.minutes_late].map(literal)),
      )}
      ${insert(
        'students',
        students.map((s) => [literal(s)]),
      )}
      ${insert(
        'courses',
        courses.map((c) => [literal(c.course_code), literal(c.section)]),
      )}
    `);
  }

  /**
   * Each row-level rule counted row by row, as the failing-row samples pick rows: considered rows
   * (every reference column present, or the rule's scope), and failing rows (the rule's per-row
   * predicate; NOT EXISTS in the reference for ReferentialIntegrity).
   */
  async function perRow(relation: string): Promise<Map<string, { considered: number; failing: number }>> {
    const counts = new Map<string, { considered: number; failing: number }>();
    for (const rule of ROW_RULES) {
      if (rule.type === 'RowCount') continue;
      const [considered, failsWhere] =
        rule.type === 'ReferentialIntegrity'
          ? [rule.columns.map((c) => `__acad_row.${c} IS NOT NULL`).join(' AND '), new ReferenceJoins().failsWhere(rule, '__acad_row')]
          : rowLevel(rule as ScanRule);
      const [row] = await engine.query<{ considered: bigint; failing: bigint }>(
        `SELECT count(*) FILTER (WHERE ${considered}) AS considered, count(*) FILTER (WHERE ${failsWhere}) AS failing FROM ${relation} AS __acad_row`,
      );
      counts.set(rule.id, { considered: Number(row.considered), failing: Number(row.failing) });
    }
    return counts;
  }

  /** A scan rule's scope and per-row failing predicate. */
  function rowLevel(rule: ScanRule): [string, string] {
    const measure = scanMeasure(rule, new DuplicateWindows());
    if (measure.measure !== 'ratio') throw new Error(`${rule.id} is not a row-level rule`);
    return ['where' in rule && rule.where !== undefined ? rule.where : 'TRUE', measure.failsWhere];
  }

  function expectCounts(results: readonly RuleResult[], expected: Map<string, { considered: number; failing: number }>): void {
    for (const [id, { considered, failing }] of expected) {
      const result = results.find((r) => r.ruleId === id);
      expect({ id, failingRows: result?.failingRows, metric: result?.metric }).toEqual({
        id,
        failingRows: failing,
        metric: considered === 0 ? 1 : (considered - failing) / considered,
      });
    }
  }

  it('gives every rule the counts of judging it row by row, on random rows and references', async () => {
    await fc.assert(
      fc.asyncProperty(lake, async (data) => {
        await load(data);
        const results = await evaluateRules(engine, 'visits', ROW_RULES);
        expectCounts(results, await perRow('visits'));
        // The Trino SQL (Trino's spelling as a macro) measures the same.
        expect(await evaluateRules(engine, 'visits', RULES, { dialect: TRINO_DIALECT })).toEqual(
          await evaluateRules(engine, 'visits', RULES),
        );
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it('per batch of a group commit, the same counts as each batch alone', async () => {
    await fc.assert(
      fc.asyncProperty(lake, async (data) => {
        await load(data);
        const batches = ['b1', 'b2', 'b3'];
        for (const b of batches) await engine.run(`CREATE OR REPLACE VIEW visits_${b} AS SELECT * FROM visits WHERE batch = '${b}'`);
        const relationOf = async (b: string) => `visits_${b}`;
        const grouped = await evaluateRulesByGroup(engine, 'visits', 'batch', batches, RULES, { relationOf });
        const rowRules = await evaluateRulesByGroup(engine, 'visits', 'batch', batches, ROW_RULES, { relationOf });
        for (const b of batches) {
          expect({ b, results: grouped.get(b) }).toEqual({ b, results: await evaluateRules(engine, `visits_${b}`, RULES) });
          expectCounts(rowRules.get(b) ?? [], await perRow(`visits_${b}`));
        }
      }),
      { numRuns: 20 },
    );
  }, 120_000);

  it('judges rules on a referenced column once per distinct value, and rules with a where or on other columns per row', () => {
    const { scanSql } = compileRules('visits', RULES, {
      types: { course_code: 'VARCHAR', section: 'VARCHAR', student_id: 'VARCHAR', status: 'VARCHAR' },
    });
    const parts = (scanSql ?? '').split(/\nCROSS JOIN /);
    const courseGroups = parts.find((p) => p.includes('GROUP BY "course_code", "section"')) ?? '';
    const studentGroups = parts.find((p) => p.includes('GROUP BY "student_id"')) ?? '';
    const rowScan = parts.find((p) => !p.includes('GROUP BY')) ?? '';
    expect(courseGroups).toContain(`regexp_matches("course_code", '^[A-Z]{2,4}[0-9]{3,4}$')`);
    expect(courseGroups).toContain('length("section") <= 4');
    expect(courseGroups).toContain('"__acad_ref_0_hit" IS NULL');
    expect(studentGroups).toContain(`regexp_matches("student_id", '^S[0-9]{7}$')`);
    expect(rowScan).toContain("status <> 'excused'");
    expect(rowScan).toContain(`"status" IN ('present', 'absent', 'late')`);
    expect(rowScan).not.toContain('__acad_ref');
  });
});
