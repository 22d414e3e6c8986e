import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbEngine } from '@acad/engine';
import { AdmissionsContract, AttendanceContract } from '@acad/schemas';
import { ANOMALY_HISTORY_BATCHES, evaluateBatchQuality, qualityBlock } from './evaluate-batch-quality';
import { LocalQualityHistoryStore } from './local-quality-history-store';
import type { Rule } from './rule';

describe('evaluateBatchQuality', () => {
  let engine: DuckDbEngine;

  beforeAll(async () => {
    engine = await DuckDbEngine.open({ mode: 'pipeline' });
    await engine.run(`
      CREATE SCHEMA batch;
      CREATE TABLE batch.admissions AS SELECT * FROM (VALUES
        ('A00000001', 'Ada',  'Lovelace', 'ada@uni.edu',  '+1 555-123-4567', DATE '2004-05-17', 'submitted'),
        ('A00000002', NULL,   'enc1:AAAAAQ', 'enc1:AAAAAg', NULL,            DATE '2003-01-02', 'offered'),
        ('A00000002', 'Grace', 'Hopper', 'grace@uni.edu', NULL,              DATE '2002-12-09', 'bogus')
      ) AS t(application_id, first_name, last_name, email, phone, date_of_birth, status);
      CREATE TABLE batch.attendance AS SELECT
        'tok_' || lpad(i::VARCHAR, 32, '0') AS student_id, 'CS101' AS course_code, 'A' AS section,
        DATE '2025-09-01' AS session_date, 'present' AS status, NULL::BIGINT AS minutes_late
      FROM range(4) t(i);
    `);
  });

  afterAll(async () => {
    await engine.close();
  });

  const homes: string[] = [];
  const tempHistory = () => {
    const home = mkdtempSync(join(tmpdir(), 'acad-batch-quality-'));
    homes.push(home);
    return new LocalQualityHistoryStore(home);
  };
  afterEach(() => {
    for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
  });

  it('fails the batch on an error rule, keeps warnings, and samples failing rows with PII masked', async () => {
    const rules: Rule[] = [
      { id: 'first_name.required', severity: 'error', type: 'IsComplete', column: 'first_name' },
      { id: 'key', severity: 'error', type: 'IsPrimaryKey', columns: ['application_id'] },
      {
        id: 'status.enum',
        severity: 'warn',
        type: 'ColumnValues',
        column: 'status',
        condition: { kind: 'in', values: ['submitted', 'offered'], allowNull: false },
      },
      { id: 'rows', severity: 'error', type: 'RowCount', threshold: { op: '>', value: 0 } },
    ];
    const result = await evaluateBatchQuality({
      engine,
      contract: AdmissionsContract,
      relation: 'batch.admissions',
      batchId: 'b-1',
      rules,
      now: new Date('2025-09-02T00:00:00Z'),
    });
    expect(result).toMatchObject({
      dataset: 'admissions',
      batchId: 'b-1',
      relation: 'batch.admissions',
      status: 'failed',
      evaluatedAt: '2025-09-02T00:00:00.000Z',
    });
    // The warning is reported, not scored: 1 passed against 2 failed.
    expect(result.summary).toEqual({ total: 4, passed: 1, warned: 1, failed: 2, score: 0.333 });
    expect(qualityBlock(result)).toEqual({ passed: 1, warned: 1, failed: 2, score: 0.333 });
    expect(result.failingSamples['first_name.required']).toEqual([
      {
        application_id: 'A00000002',
        first_name: null,
        last_name: '[encrypted]',
        email: '[encrypted]',
        phone: null,
        date_of_birth: '2003',
        status: 'offered',
      },
    ]);
    // Both rows of the duplicated key fail; names, e-mail, phone and birth date are masked.
    expect(result.failingSamples['key']).toHaveLength(2);
    expect(result.failingSamples['status.enum']).toEqual([
      {
        application_id: 'A00000002',
        first_name: 'G****',
        last_name: 'H*****',
        email: 'g****@uni.edu',
        phone: null,
        date_of_birth: '2002',
        status: 'bogus',
      },
    ]);
    const text = JSON.stringify(result);
    for (const plaintext of ['Grace', 'Hopper', 'grace@', 'Lovelace', '2002-12-09', '2003-01-02']) expect(text).not.toContain(plaintext);
    expect(result.failingSamples['rows']).toBeUndefined();
  });

  it('samples the rows whose reference is missing, as rows of other row-level rules', async () => {
    await engine.run(`CREATE OR REPLACE TABLE batch.known AS SELECT 'tok_' || lpad(i::VARCHAR, 32, '0') AS student_id FROM range(2) t(i)`);
    const rules: Rule[] = [
      {
        id: 'known_student',
        severity: 'warn',
        type: 'ReferentialIntegrity',
        columns: ['student_id'],
        reference: { dataset: 'students', columns: ['student_id'] },
        threshold: { op: '=', value: 1 },
      },
    ];
    const result = await evaluateBatchQuality({
      engine,
      contract: AttendanceContract,
      relation: 'batch.attendance',
      batchId: 'b-ri',
      rules,
      references: { students: 'batch.known' },
    });
    expect(result.results[0]).toMatchObject({ outcome: 'warned', failingRows: 2 });
    expect(result.failingSamples['known_student'].map((r) => r['student_id']).sort()).toEqual([
      `tok_${'2'.padStart(32, '0')}`,
      `tok_${'3'.padStart(32, '0')}`,
    ]);
    expect(result.failingSamples['known_student'][0]).toMatchObject({ course_code: 'CS101', section: 'A', status: 'present' });
  });

  it('passes a clean batch with the contract ruleset (tokens kept as they are)', async () => {
    const result = await evaluateBatchQuality({
      engine,
      contract: AttendanceContract,
      relation: 'batch.attendance',
      batchId: 'b-2',
      references: { students: 'batch.attendance', courses: 'batch.attendance' },
    });
    expect(result.results.filter((r) => r.outcome === 'failed')).toEqual([]);
    expect(result.status).toBe('passed');
  });

  it('records each batch in the history and judges DetectAnomalies against the past batches', async () => {
    const history = tempHistory();
    const rules: Rule[] = [
      { id: 'rows.anomaly', severity: 'error', type: 'DetectAnomalies', metric: { type: 'RowCount' }, k: 3, minHistory: 3 },
    ];
    const run = (batchId: string) =>
      evaluateBatchQuality({ engine, contract: AttendanceContract, relation: `batch.attendance_${batchId}`, batchId, rules, history });
    for (const [batchId, rows] of [
      ['b1', 4],
      ['b2', 4],
      ['b3', 4],
      ['b4', 40],
    ] as const) {
      await engine.run(`CREATE OR REPLACE TABLE batch.attendance_${batchId} AS SELECT * FROM batch.attendance, range(${rows / 4})`);
    }
    const first = await run('b1');
    expect(first.results[0]).toMatchObject({ outcome: 'warned', metric: 4, detail: expect.stringContaining('has 0') });
    await run('b2');
    await run('b3');
    const spike = await run('b4');
    expect(spike.results[0]).toMatchObject({ outcome: 'failed', metric: 40 });
    expect(spike.status).toBe('failed');
    // Re-running b3 does not count b3 as its own history: b1, b2 (and b4) are the past.
    const again = await run('b3');
    expect(again.results[0].detail).toMatch(/over 3 batch\(es\)/);
    expect((await history.history('attendance')).map((r) => r.batchId)).toEqual(['b1', 'b2', 'b4', 'b3']);
    expect((await history.latest('attendance'))?.summary.total).toBe(1);
  });

  it('judges DetectAnomalies against the latest ANOMALY_HISTORY_BATCHES batches only', async () => {
    const history = tempHistory();
    const past = (batchId: string, rows: number) => ({
      dataset: 'attendance',
      batchId,
      relation: 'r',
      evaluatedAt: '2025-09-01T00:00:00.000Z',
      status: 'passed' as const,
      summary: { total: 1, passed: 1, warned: 0, failed: 0, score: 1 },
      results: [
        {
          ruleId: 'rows.anomaly',
          type: 'DetectAnomalies' as const,
          severity: 'error' as const,
          outcome: 'passed' as const,
          metric: rows,
          threshold: { op: '>' as const, value: 0 },
          failingRows: null,
        },
      ],
      failingSamples: {},
    });
    // Long ago the batches had 4 rows; the latest ANOMALY_HISTORY_BATCHES had 40.
    for (let i = 0; i < 150; i += 1) await history.record(past(`old${i}`, 4));
    for (let i = 0; i < ANOMALY_HISTORY_BATCHES; i += 1) await history.record(past(`new${i}`, 40));
    const rules: Rule[] = [
      { id: 'rows.anomaly', severity: 'error', type: 'DetectAnomalies', metric: { type: 'RowCount' }, k: 3, minHistory: 3 },
    ];
    const judged = await evaluateBatchQuality({
      engine,
      contract: AttendanceContract,
      relation: 'batch.attendance',
      batchId: 'b-now',
      rules,
      history,
    });
    // 4 rows is what most batches ever had (the median of all 250), but far from recent behaviour.
    expect(judged.results[0]).toMatchObject({ outcome: 'failed', metric: 4 });
    expect(judged.results[0].detail).toMatch(new RegExp(`median 40 .* over ${ANOMALY_HISTORY_BATCHES} batch\\(es\\)`));
    // 250 durable history writes: over Jest's 5 s default on a loaded machine (seen at load ~30).
  }, 30_000);
});
