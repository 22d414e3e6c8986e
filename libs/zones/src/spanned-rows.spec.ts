import { DuckDbEngine, type Engine } from '@acad/engine';
import { AttendanceContract } from '@acad/schemas';
import { AttendanceVsGradesModel, AttendanceWeeklyModel } from './models/index';
import { spannedRows, type BatchInput } from './refresh-curated-for-batch';

// A product by week reads only the trusted partitions (months) its touched weeks fall in; the
// property test in refresh-curated-for-batch.spec shows the products stay equal to a rebuild.

let engine: Engine;
beforeAll(async () => {
  engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
  await engine.registerView(
    'trusted.attendance',
    `SELECT 'S1000001' AS student_id, 'CS101' AS course_code, 'A' AS section, DATE '2025-09-01' AS session_date, 'present' AS status,
       NULL::INTEGER AS minutes_late, NULL::TIMESTAMP AS recorded_at, 'lms' AS source_system WHERE false`,
  );
});
afterAll(() => engine.close());

const file = (partition: string, name: string) => ({
  partition,
  key: `attendance/${partition}/${name}`,
  path: `/lake/${partition}/${name}`,
});
const input: BatchInput = {
  name: 'trusted.attendance',
  contract: AttendanceContract,
  files: [
    file('session_month=2025-08', 'part-a.parquet'),
    file('session_month=2025-09', 'part-b.parquet'),
    file('session_month=2025-09', 'deletes-c.parquet'),
    file('session_month=2025-10', 'part-d.parquet'),
    file('session_month=2025-11', 'part-e.parquet'),
  ],
  changedRows: 'changed',
};

async function filesRead(weeks: Array<string | null>): Promise<string[] | null> {
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE touched AS SELECT * FROM (VALUES ${weeks.map((w) => `(${w === null ? 'NULL' : `DATE '${w}'`}, 'CS101', 'A')`).join(', ')}) t(_g_week_start, _g_course_code, _g_section)`,
  );
  const rows = await spannedRows(engine, AttendanceWeeklyModel, input, 'touched');
  return rows === null ? null : input.files.map((f) => f.path).filter((path) => rows.includes(path));
}

describe('spannedRows', () => {
  it('reads the partitions of the touched weeks only, with their delete files', async () => {
    expect(await filesRead(['2025-10-06'])).toEqual(['/lake/session_month=2025-10/part-d.parquet']);
    // The week of Monday 29 September runs into October.
    expect(await filesRead(['2025-09-29'])).toEqual([
      '/lake/session_month=2025-09/part-b.parquet',
      '/lake/session_month=2025-09/deletes-c.parquet',
      '/lake/session_month=2025-10/part-d.parquet',
    ]);
    // Two weeks months apart: their months, not every month between them.
    expect(await filesRead(['2025-08-25', '2025-11-03'])).toEqual([
      '/lake/session_month=2025-08/part-a.parquet',
      '/lake/session_month=2025-11/part-e.parquet',
    ]);
  });

  it('reads the whole input for a group with no week, a week with no file, or a model with no span', async () => {
    expect(await filesRead(['2025-10-06', null])).toBeNull();
    expect(await filesRead(['2026-01-05'])).toBeNull();
    await engine.run(`CREATE OR REPLACE TEMP TABLE touched AS SELECT 'CS101' AS _g_course_code`);
    expect(await spannedRows(engine, AttendanceVsGradesModel, input, 'touched')).toBeNull();
  });
});
