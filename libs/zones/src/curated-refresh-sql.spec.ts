import { DuckDbEngine } from '@acad/engine';
import { DUCKDB_DIALECT, TRINO_DIALECT } from '@acad/schemas';
import { feedingRowsSql, mergeRefreshSql, touchedGroupsSql } from './curated-refresh-sql';
import { AttendanceByDepartmentModel, AttendanceWeeklyModel, CURATED_MODELS, GradeDistributionModel } from './models/index';

const glueTable = (input: string) => input.replace('.', '_');

describe('incremental refresh SQL', () => {
  it.each(CURATED_MODELS.map((m) => [m.name, m] as const))('%s renders for Trino with no DuckDB-only construct', (_name, model) => {
    for (const input of model.inputs) {
      const touched = touchedGroupsSql(TRINO_DIALECT, model, input, 'changed_rows');
      if (touched === null) continue;
      const merge = mergeRefreshSql(TRINO_DIALECT, model, 'curated_current', 'touched', (name) =>
        feedingRowsSql(TRINO_DIALECT, model, name, glueTable(name), 'touched'),
      );
      for (const sql of [touched, merge])
        for (const duckOnly of ['GROUP BY ALL', 'median(', '::', 'QUALIFY', 'EXCLUDE', 'BY NAME', 'trusted.'])
          expect(sql).not.toContain(duckOnly);
    }
  });

  it('says which inputs rebuild a product instead', () => {
    expect(touchedGroupsSql(DUCKDB_DIALECT, AttendanceByDepartmentModel, 'trusted.courses', 'changed')).toBeNull();
    expect(feedingRowsSql(DUCKDB_DIALECT, AttendanceByDepartmentModel, 'trusted.courses', 'trusted.courses', 'touched')).toBe(
      'trusted.courses',
    );
    expect(() => touchedGroupsSql(DUCKDB_DIALECT, AttendanceWeeklyModel, 'trusted.courses', 'changed')).toThrow(
      'Curated model attendance_weekly does not read trusted.courses',
    );
  });

  it('replaces the touched groups of a product, old rows and moved rows alike, and keeps the rest', async () => {
    const engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
    try {
      const rows = (values: string) => `SELECT * FROM (VALUES ${values}) t(student_id, course_code, section, term, grade)`;
      // After the batch: s1 moved from a to b in CS101 A; s3 is new in MA200 1; CS101 B is untouched.
      await engine.registerView(
        'trusted.course_results',
        rows(
          `('s1', 'CS101', 'A', 'T', 'b'), ('s2', 'CS101', 'A', 'T', 'a'), ('s4', 'CS101', 'B', 'T', 'c'), ('s3', 'MA200', '1', 'T', 'a')`,
        ),
      );
      // The product before the batch; CS101 B's row is deliberately stale, to show it is kept as it was.
      await engine.run(
        `CREATE TABLE current_product AS SELECT * FROM (VALUES ('CS101', 'A', 'T', 'a', 2::BIGINT, 1.0), ('CS101', 'B', 'T', 'c', 9::BIGINT, 1.0)) t(course_code, section, term, grade, students, share)`,
      );
      // What the batch changed: s1's new and old row, and s3.
      await engine.run(
        `CREATE TABLE touched AS ${touchedGroupsSql(DUCKDB_DIALECT, GradeDistributionModel, 'trusted.course_results', `(${rows(`('s1', 'CS101', 'A', 'T', 'b'), ('s1', 'CS101', 'A', 'T', 'a'), ('s3', 'MA200', '1', 'T', 'a')`)})`)}`,
      );
      const merged = mergeRefreshSql(DUCKDB_DIALECT, GradeDistributionModel, 'current_product', 'touched', (name) =>
        feedingRowsSql(DUCKDB_DIALECT, GradeDistributionModel, name, name, 'touched'),
      );
      expect(await engine.query(merged)).toEqual([
        { course_code: 'CS101', section: 'A', term: 'T', grade: 'a', students: 1, share: 0.5 },
        { course_code: 'CS101', section: 'A', term: 'T', grade: 'b', students: 1, share: 0.5 },
        { course_code: 'CS101', section: 'B', term: 'T', grade: 'c', students: 9, share: 1 },
        { course_code: 'MA200', section: '1', term: 'T', grade: 'a', students: 1, share: 1 },
      ]);
    } finally {
      await engine.close();
    }
  });
});
