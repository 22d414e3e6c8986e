import { AttendanceContract, CoursesContract } from '@acad/schemas';
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
