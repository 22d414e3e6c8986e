import { DuckDbEngine } from '@acad/engine';
import { AdmissionsContract, AttendanceContract, CoursesContract } from '@acad/schemas';
import { externalTableDdl, mergeSql, partitionValue } from './athena-batch-sql';

describe('Athena batch SQL', () => {
  const maps = new Map([['student_id', 'stg_b1_map_student_id']]);

  it('merges with the trusted rows of the touched partitions only, the batch winning ties', () => {
    const sql = mergeSql({ contract: AttendanceContract, validated: 'stg_b1_validated', maps, existing: 'trusted_attendance' });
    expect(sql).toContain(`FROM trusted_attendance\n  WHERE "session_month" IN (SELECT DISTINCT substr(acad_partition, 15) FROM batch)`);
    expect(sql).toContain('ORDER BY "recorded_at" DESC NULLS LAST, _source DESC');
    expect(sql).toContain('m0.p AS "student_id"');
    expect(sql).not.toMatch(/QUALIFY|EXCLUDE|GROUP BY ALL/);
  });

  it('reads only the batch before the first load', () => {
    const sql = mergeSql({ contract: AttendanceContract, validated: 'v', maps });
    expect(sql).not.toContain('existing');
    expect(sql).toContain(
      'FROM (SELECT "student_id", "course_code", "section", "session_date", "status", "minutes_late", "recorded_at", "source_system", _source FROM batch)',
    );
  });

  it('partition values in Trino, and Hive DDL for staged files', () => {
    expect(partitionValue(AttendanceContract, 'w.')).toBe(`coalesce(date_format(w."session_date", '%Y-%m'), '__null__')`);
    expect(partitionValue({ ...CoursesContract, partition: { name: 'term', column: 'term', transform: 'value' } })).toBe(
      `coalesce(CAST("term" AS VARCHAR), '__null__')`,
    );
    expect(externalTableDdl('t', [['a', 'string']], "s3://b/it's/")).toBe(
      "CREATE EXTERNAL TABLE t (`a` string) STORED AS PARQUET LOCATION 's3://b/it''s/'",
    );
  });
});

describe('Athena merge with direct identifiers (the Trino SQL run on the embedded engine)', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open({ mode: 'pipeline' });
  });
  afterAll(() => engine.close());

  const direct = AdmissionsContract.columns.filter((c) => c.pii === 'direct').map((c) => c.name);
  // One admissions row as validation types it; the worker's rows give its ciphertext and fingerprint.
  const admission = (id: string, status: string) =>
    `SELECT '${id}' AS application_id, 'Ada' AS first_name, 'Lovelace' AS last_name, 'ada@example.org' AS email, NULL AS phone,
       DATE '2000-01-01' AS date_of_birth, 'f' AS gender, 'GB' AS country, NULL AS postcode, 'BSC-CS' AS program_code,
       '2026-FALL' AS intake_term, DATE '2026-01-10' AS application_date, 3.5 AS prior_gpa, 1200 AS test_score,
       '${status}' AS status, NULL::DATE AS decision_date, NULL::DECIMAL(18, 2) AS scholarship_amount`;

  it('takes direct identifiers and the fingerprint from the worker, and counts a re-delivered row unchanged by key and fingerprint', async () => {
    await engine.run(
      `CREATE OR REPLACE TABLE validated AS
         SELECT *, 1::BIGINT AS _row_number, NULL::VARCHAR[] AS _violations FROM (${admission('A00000001', 'submitted')})
         UNION ALL SELECT *, 2::BIGINT, NULL::VARCHAR[] FROM (${admission('A00000002', 'offered')});
       CREATE OR REPLACE TABLE rows AS SELECT * FROM (VALUES
         (1::BIGINT, ${direct.map((c) => `'ct1-${c}'`).join(', ')}, 'fp-1'),
         (2::BIGINT, ${direct.map((c) => `'ct2-${c}'`).join(', ')}, 'fp-2-changed')) t(_row_number, ${direct.join(', ')}, _fingerprint);
       CREATE OR REPLACE TABLE trusted_admissions AS
         SELECT * REPLACE (${direct.map((c) => `'old-${c}' AS ${c}`).join(', ')}), 'fp-1' AS _fingerprint FROM (${admission('A00000001', 'submitted')})
         UNION ALL SELECT * REPLACE (${direct.map((c) => `'old-${c}' AS ${c}`).join(', ')}), 'fp-2' FROM (${admission('A00000002', 'submitted')})`,
    );
    const sql = mergeSql({
      contract: AdmissionsContract,
      validated: 'validated',
      maps: new Map(),
      rows: 'rows',
      existing: 'trusted_admissions',
    });
    // No plaintext direct identifier is ever looked up in Athena: they come ciphered by row number.
    expect(sql).toContain('LEFT JOIN rows r ON r._row_number = w._row_number');
    expect(sql).toContain('count_if(_source = 0) OVER (PARTITION BY "application_id", _fingerprint)');
    const merged = await engine.query<Record<string, unknown>>(
      `SELECT application_id, first_name, _fingerprint, _source, _unchanged, acad_partition FROM (${sql}) ORDER BY application_id`,
    );
    expect(merged).toEqual([
      // Re-delivered as it was: a duplicate, though its ciphertext differs from trusted's.
      {
        application_id: 'A00000001',
        first_name: 'ct1-first_name',
        _fingerprint: 'fp-1',
        _source: 1,
        _unchanged: true,
        acad_partition: 'intake_term=2026-FALL',
      },
      {
        application_id: 'A00000002',
        first_name: 'ct2-first_name',
        _fingerprint: 'fp-2-changed',
        _source: 1,
        _unchanged: false,
        acad_partition: 'intake_term=2026-FALL',
      },
    ]);
    expect(() => mergeSql({ contract: AdmissionsContract, validated: 'validated', maps: new Map() })).toThrow(/protected rows/);
  });
});
