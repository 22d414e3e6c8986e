import { DuckDbEngine } from '@acad/engine';
import { AdmissionsContract, AttendanceContract, DATASET_CONTRACTS, requiredColumns } from '@acad/schemas';
import { evaluateRules, summariseResults } from './evaluate-rules';
import { parseDqdl } from './parse-dqdl';
import type { Rule } from './rule';
import { datasetRules, rulesFromContract } from './rules-from-contract';
import { toDqdl } from './to-dqdl';

describe('rulesFromContract', () => {
  it('derives completeness, key, enum, pattern, range and length rules for attendance', () => {
    const rules = rulesFromContract(AttendanceContract);
    const ids = rules.map((r) => r.id);
    expect(ids).toEqual([
      'attendance.student_id.required',
      'attendance.course_code.required',
      'attendance.section.required',
      'attendance.session_date.required',
      'attendance.status.required',
      'attendance.key',
      'attendance.course_code.pattern',
      'attendance.section.length.min',
      'attendance.section.length.max',
      'attendance.status.enum',
      'attendance.minutes_late.range.min',
      'attendance.minutes_late.range.max',
    ]);
    const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
    expect(byId['attendance.key']).toEqual({
      type: 'IsPrimaryKey',
      id: 'attendance.key',
      severity: 'error',
      columns: ['student_id', 'course_code', 'section', 'session_date'],
    });
    expect(byId['attendance.status.enum']).toMatchObject({
      condition: { kind: 'in', values: ['present', 'absent', 'late', 'excused'], allowNull: false },
    });
    // Optional column: nulls are excluded from the range check.
    expect(byId['attendance.minutes_late.range.max']).toMatchObject({
      condition: { kind: 'compare', threshold: { op: '<=', value: 300 } },
      where: 'minutes_late IS NOT NULL',
    });
  });

  it('has one IsComplete per required column and a key rule for every contract', () => {
    for (const contract of DATASET_CONTRACTS) {
      const rules = rulesFromContract(contract);
      const complete = rules.filter((r) => r.type === 'IsComplete').map((r) => (r.type === 'IsComplete' ? r.column : ''));
      expect(complete).toEqual(requiredColumns(contract).map((c) => c.name));
      expect(rules.filter((r) => r.type === 'IsPrimaryKey')).toHaveLength(1);
    }
  });

  it('skips plaintext checks on tokenized and encrypted columns, and allows null in optional enums', () => {
    const rules = rulesFromContract(AdmissionsContract);
    const columnsChecked = rules.filter((r) => r.type === 'ColumnValues').map((r) => (r.type === 'ColumnValues' ? r.column : ''));
    expect(columnsChecked).not.toContain('email');
    expect(columnsChecked).not.toContain('date_of_birth');
    expect(columnsChecked).toContain('country');
    const gender = rules.find((r) => r.id === 'admissions.gender.enum');
    expect(gender).toMatchObject({ condition: { kind: 'in', values: ['f', 'm', 'x', 'u'], allowNull: true } });
  });

  it('adds the per-dataset extra rules, with references at severity warn', () => {
    const rules = datasetRules(AttendanceContract);
    expect(rules.find((r) => r.type === 'RowCount')).toMatchObject({ threshold: { op: '>', value: 0 } });
    expect(rules.find((r) => r.id === 'attendance.student_id.known_student')).toMatchObject({
      type: 'ReferentialIntegrity',
      severity: 'warn',
      reference: { dataset: 'students', columns: ['student_id'] },
    });
  });

  it('writes every dataset ruleset as DQDL that parses back to the same rules', () => {
    for (const contract of DATASET_CONTRACTS) {
      const rules = datasetRules(contract);
      expect(parseDqdl(toDqdl(rules))).toEqual(rules);
    }
  });
});

describe('attendance dataset rules on DuckDB', () => {
  let engine: DuckDbEngine;
  const rules: Rule[] = datasetRules(AttendanceContract);

  beforeAll(async () => {
    engine = await DuckDbEngine.open({ mode: 'pipeline' });
    await engine.run(`
      CREATE TABLE students AS SELECT * FROM (VALUES ('tok-1'), ('tok-2')) AS s(student_id);
      CREATE TABLE courses AS SELECT * FROM (VALUES ('CS101', 'A'), ('MA200', 'B1')) AS c(course_code, section);
      CREATE TABLE attendance AS SELECT student_id, course_code, section, CAST(session_date AS DATE) AS session_date, status,
        CAST(minutes_late AS BIGINT) AS minutes_late, CAST(NULL AS TIMESTAMPTZ) AS recorded_at, 'lms' AS source_system
      FROM (VALUES
        ('tok-1', 'CS101', 'A',  '2025-09-01', 'present', NULL),
        ('tok-1', 'CS101', 'A',  '2025-09-08', 'late',    15),
        ('tok-2', 'MA200', 'B1', '2025-09-01', 'absent',  0)
      ) AS t(student_id, course_code, section, session_date, status, minutes_late);
    `);
  });

  afterAll(async () => {
    await engine.close();
  });

  it('passes every rule on valid trusted rows (the row-count anomaly rule warns until it has history)', async () => {
    const history = { 'attendance.row_count.anomaly': [3, 3, 4, 3, 3] };
    const results = await evaluateRules(engine, 'attendance', rules, { history });
    expect(results.filter((r) => r.outcome !== 'passed')).toEqual([]);
    expect(summariseResults(results)).toEqual({ total: rules.length, passed: rules.length, warned: 0, failed: 0, score: 1 });
    const learning = await evaluateRules(engine, 'attendance', rules);
    expect(learning.filter((r) => r.outcome !== 'passed').map((r) => [r.ruleId, r.outcome])).toEqual([
      ['attendance.row_count.anomaly', 'warned'],
    ]);
  });

  it('fails the broken rules and warns on unknown references', async () => {
    await engine.run(`
      CREATE TABLE attendance_bad AS SELECT * FROM attendance;
      INSERT INTO attendance_bad VALUES
        ('tok-1', 'CS101', 'A', DATE '2025-09-01', 'present', NULL, NULL, 'lms'),
        ('tok-9', 'cs1', 'TOOLONG', DATE '2025-09-02', 'asleep', 301, NULL, 'lms');
    `);
    const results = await evaluateRules(engine, 'attendance_bad', rules);
    const notPassed = Object.fromEntries(results.filter((r) => r.outcome !== 'passed').map((r) => [r.ruleId, r.outcome]));
    expect(notPassed).toEqual({
      'attendance.key': 'failed',
      'attendance.course_code.pattern': 'failed',
      'attendance.section.length.max': 'failed',
      'attendance.status.enum': 'failed',
      'attendance.minutes_late.range.max': 'failed',
      'attendance.student_id.known_student': 'warned',
      'attendance.course_section.known_course': 'warned',
      'attendance.row_count.anomaly': 'warned',
    });
    const summary = summariseResults(results);
    expect(summary).toMatchObject({ failed: 5, warned: 3, passed: rules.length - 8 });
    // The 3 warnings are left out: passed against passed plus the 5 failed, rounded down.
    expect(summary.score).toBe(Math.floor(((rules.length - 8) / (rules.length - 3)) * 1000) / 1000);
  });
});
