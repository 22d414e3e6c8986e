import { DuckDbEngine } from '@acad/engine';
import { DUCKDB_DIALECT, TRINO_DIALECT } from '@acad/schemas';
import { feedingRowsSql, mergeRefreshSql, replaceDeltaSql, replacedGroupsSql, touchedGroupsSql } from './curated-refresh-sql';
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
      const replace =
        model.replace?.input === input
          ? [
              replacedGroupsSql(TRINO_DIALECT, model, 'touched', 'changed_rows'),
              replaceDeltaSql(TRINO_DIALECT, model, 'curated_current', 'replaced', 'changed_rows'),
            ]
          : [];
      for (const sql of [touched, merge, ...replace])
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

  it("moves a corrected week's status counts without reading its other rows, and recomputes a week that gained a row", async () => {
    const engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
    try {
      const rows = (values: string) =>
        `SELECT student_id, course_code, section, CAST(d AS DATE) AS session_date, status, CAST(c AS INTEGER) AS _change FROM (VALUES ${values}) t(student_id, course_code, section, d, status, c)`;
      // After the batch, trusted holds only the second week's rows: the first week's other rows are
      // left out on purpose, as a refresh that read them would count them.
      await engine.registerView(
        'trusted.attendance',
        `SELECT * EXCLUDE (_change) FROM (${rows(`('s1', 'CS101', 'A', '2025-09-08', 'present', 1), ('s4', 'CS101', 'A', '2025-09-08', 'late', 1)`)})`,
      );
      await engine.run(
        `CREATE TABLE current_product AS SELECT course_code, section, CAST(w AS DATE) AS week_start, s::BIGINT AS sessions, n::BIGINT AS students, p::BIGINT AS present, l::BIGINT AS late, a::BIGINT AS absent, e::BIGINT AS excused, r AS attendance_rate
         FROM (VALUES ('CS101', 'A', '2025-09-01', 2, 3, 4, 0, 2, 0, 0.6667), ('CS101', 'A', '2025-09-08', 1, 1, 1, 0, 0, 0, 1.0), ('MA200', '1', '2025-09-01', 1, 1, 1, 0, 0, 0, 1.0)) t(course_code, section, w, s, n, p, l, a, e, r)`,
      );
      // The batch: s2's session of 1 September corrected from present to excused (written and
      // replaced), and a new row for s4 in the week of 8 September.
      await engine.run(
        `CREATE TABLE changed AS ${rows(`('s2', 'CS101', 'A', '2025-09-01', 'excused', 1), ('s2', 'CS101', 'A', '2025-09-01', 'present', -1), ('s4', 'CS101', 'A', '2025-09-08', 'late', 1)`)}`,
      );
      const model = AttendanceWeeklyModel;
      await engine.run(`CREATE TABLE touched AS ${touchedGroupsSql(DUCKDB_DIALECT, model, 'trusted.attendance', 'changed')}`);
      await engine.run(`CREATE TABLE replaced AS ${replacedGroupsSql(DUCKDB_DIALECT, model, 'touched', 'changed')}`);
      expect(await engine.query('SELECT * FROM replaced')).toEqual([
        { _g_course_code: 'CS101', _g_section: 'A', _g_week_start: '2025-09-01' },
      ]);
      await engine.run('CREATE TABLE recomputed AS SELECT * FROM touched EXCEPT SELECT * FROM replaced');
      const merged = mergeRefreshSql(
        DUCKDB_DIALECT,
        model,
        'current_product',
        'touched',
        (name) => feedingRowsSql(DUCKDB_DIALECT, model, name, name, 'recomputed'),
        replaceDeltaSql(DUCKDB_DIALECT, model, 'current_product', 'replaced', 'changed'),
      );
      const week = { course_code: 'CS101', section: 'A', late: 0, excused: 0 };
      expect(await engine.query(merged)).toEqual([
        // Moved: one present fewer, one excused more; sessions and students as they were.
        { ...week, week_start: '2025-09-01', sessions: 2, students: 3, present: 3, absent: 2, excused: 1, attendance_rate: 0.6 },
        // Recomputed from trusted's rows of that week.
        { ...week, week_start: '2025-09-08', sessions: 1, students: 2, present: 1, late: 1, absent: 0, attendance_rate: 1 },
        {
          course_code: 'MA200',
          section: '1',
          week_start: '2025-09-01',
          sessions: 1,
          students: 1,
          present: 1,
          late: 0,
          absent: 0,
          excused: 0,
          attendance_rate: 1,
        },
      ]);
    } finally {
      await engine.close();
    }
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
