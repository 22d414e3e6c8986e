import { join } from 'node:path';
import type { Role } from '@acad/access';
import { DuckDbEngine, sqlString } from '@acad/engine';
import { AttendanceWeeklyModel } from '@acad/zones';
import { releasedRows } from '../release/released-lake';
import type { DashboardDefinition } from './dashboard-definition';
import { evaluateDashboard, type DashboardAnswer } from './evaluate-dashboard';
import { loadDashboardDefinitions } from './load-dashboards';

const ATTENDANCE = loadDashboardDefinitions(join(__dirname, '../../dashboards')).find((d) => d.id === 'attendance') as DashboardDefinition;
// Department, course, section, students: MATH102 is too small for its weekly rate to be released.
const SECTIONS: Array<[string, string, string, number]> = [
  ['Mathematics', 'MATH101', '1', 12],
  ['Mathematics', 'MATH101', '2', 11],
  ['Mathematics', 'MATH102', '1', 3],
  ['History', 'HIST100', '1', 9],
];
const DATES = ['2025-09-01', '2025-09-03', '2025-09-08', '2025-09-15', '2025-09-17', '2025-09-22', '2026-02-02'];
const STATUS = ['present', 'present', 'present', 'late', 'absent', 'present', 'excused', 'present', 'absent'];

let engine: DuckDbEngine;
let open: { lake: { engine: DuckDbEngine; relations: string[]; close: () => Promise<void> } };
beforeAll(async () => {
  engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
  await engine.run('CREATE SCHEMA IF NOT EXISTS curated');
  const records = SECTIONS.flatMap(([, course, section, students], s) =>
    DATES.flatMap((date, d) =>
      Array.from({ length: students }, (_, i) => [course, section, date, `s${s}-${i}`, STATUS[(i * 7 + d * 3 + s) % STATUS.length]]),
    ),
  );
  const values = (rows: string[][]) => rows.map((r) => `(${r.map(sqlString).join(', ')})`).join(', ');
  await engine.registerView(
    'trusted.attendance',
    `SELECT course_code, section, CAST(session_date AS DATE) AS session_date, student_id, status
     FROM (VALUES ${values(records)}) t(course_code, section, session_date, student_id, status)`,
  );
  await engine.registerView(
    'trusted.courses',
    `SELECT * FROM (VALUES ${values(SECTIONS.map(([d, c, s]) => [c, s, d]))}) t(course_code, section, department)`,
  );
  await engine.run(`CREATE OR REPLACE TABLE curated.attendance_weekly AS ${AttendanceWeeklyModel.sql}`);
  open = { lake: { engine, relations: ['curated.attendance_weekly', 'trusted.courses'], close: () => Promise.resolve() } };
});
afterAll(() => engine.close());

const answer = (role: Role, chosen: Record<string, string> = {}) => evaluateDashboard(ATTENDANCE, { open, role }, chosen);
const rows = (a: DashboardAnswer, query: string) => a.queries[query]?.rows ?? [];

describe('a dashboard from its definition (the attendance source)', () => {
  it('gives roles that may read the products true counts at every level, a course’s weeks included', async () => {
    const all = await answer('analyst');
    expect(all.released).toBe(false);
    expect(all.filters.options).toMatchObject({ term: ['2025-FALL', '2026-SPRING'], department: ['History', 'Mathematics'] });
    expect(rows(all, 'byDepartment').map((r) => r['department'])).toEqual(['History', 'Mathematics']);
    const course = await answer('analyst', { department: 'Mathematics', course: 'MATH102' });
    expect(course.queries['trend']?.withheld).toBeNull();
    expect(rows(course, 'trend').map((r) => r['records'])).toEqual([6, 3, 6, 3, 3]);
    expect(rows(course, 'trend').every((r) => typeof r['rate'] === 'number')).toBe(true);
    // The at-risk students need their product, which this lake does not have: no query, no headline.
    expect(all.queries['atRisk']).toBeNull();
    expect(all.headlines.map((h) => h.label)).toEqual(['Attendance rate, latest week']);
  });

  it('lets the public drill department → course → weeks without reading a cell the release did not publish', async () => {
    // CubeReader throws on a hidden cell: every answer below coming back is the proof.
    const top = await answer('public');
    expect(top.released).toBe(true);
    let courses = 0;
    for (const department of top.filters.options.department ?? []) {
      const d = await answer('public', { department });
      expect(rows(d, 'byDepartment').map((r) => r['department'])).toEqual([department]);
      for (const course of d.filters.options.course ?? []) {
        const choices: Array<Record<string, string>> = [
          { department, course },
          { department, course, term: '2025-FALL', from: '2025-09-08', to: '2025-09-21' },
        ];
        for (const chosen of choices) {
          const c = await answer('public', chosen);
          // Records are not published per course: said so, never read; the course × week rates are.
          expect(c.queries['trend']?.columns).toEqual(['week', 'rate']);
          expect(c.queries['trend']?.withheld).toBe('records is not released per course and week.');
          expect(rows(c, 'heatmap').every((r) => r['course'] === course)).toBe(true);
        }
        courses++;
      }
    }
    expect(courses).toBe(3);
    const ranged = await answer('public', { term: '2025-FALL', from: '2025-09-08', to: '2025-09-21' });
    expect(rows(ranged, 'trend').map((r) => r['week'])).toEqual(['2025-09-08', '2025-09-15']);
  });

  it('keeps a suppressed number suppressed: the same cells as the released products, a small course’s rates withheld, never zero', async () => {
    const pub = await answer('public');
    const released = (await releasedRows(open, 'public', 'attendance_by_department'))?.rows ?? [];
    const math = await answer('public', { department: 'Mathematics' });
    for (const row of rows(math, 'trend')) {
      const product = released.find((r) => r['department'] === 'Mathematics' && r['week_start'] === row['week']);
      expect({ records: row['records'], rate: row['rate'] }).toEqual({ records: product?.['records'], rate: product?.['attendance_rate'] });
      expect(String(row['suppressed']).includes('records')).toBe(String(product?.['suppressed']).includes('records'));
    }
    const small = rows(pub, 'heatmap').filter((r) => r['course'] === 'MATH102');
    expect(small.length).toBeGreaterThan(0);
    for (const cell of small) expect(cell).toMatchObject({ rate: null, suppressed: 'rate' });
    expect(pub.suppressedCells).toBeGreaterThanOrEqual(small.length);
    const truth = rows(await answer('analyst'), 'heatmap').filter((r) => r['course'] === 'MATH102');
    expect(truth.every((r) => typeof r['rate'] === 'number' && r['suppressed'] === '')).toBe(true);
  });

  it('heads the page with the latest week’s rate and its change on the week before, from the released trend', async () => {
    for (const role of ['public', 'analyst'] as const) {
      const a = await answer(role, { term: '2025-FALL' });
      const trend = rows(a, 'trend');
      const [before, last] = trend.slice(-2);
      const [b, l] = [before['rate'], last['rate']];
      // A suppressed week is said to be so, and no change is computed from it.
      expect(a.headlines[0]).toMatchObject({
        format: 'percent',
        of: last['week'],
        value: l,
        suppressed: String(last['suppressed']).includes('rate'),
        change: typeof l === 'number' && typeof b === 'number' ? Math.round((l - b) * 10_000) / 10_000 : null,
      });
      if (role === 'analyst') expect(a.headlines[0].change).not.toBeNull();
    }
  });
});
