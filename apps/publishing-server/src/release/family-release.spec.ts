import fc from 'fast-check';
import { auditCube, releasePolicy } from '@acad/access';
import { DuckDbEngine, sqlString } from '@acad/engine';
import { AttendanceWeeklyModel, GradeDistributionModel } from '@acad/zones';
import { buildAttendanceFamily } from './attendance-release';
import { buildGradesFamily } from './grades-release';

const T = 5;
const policy = releasePolicy({ threshold: T });

let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
  await engine.run('CREATE SCHEMA IF NOT EXISTS curated');
});
afterAll(() => engine.close());

const values = (rows: ReadonlyArray<ReadonlyArray<string>>) => rows.map((r) => `(${r.map((v) => sqlString(v)).join(', ')})`).join(', ');

const SECTIONS = [
  ['Physics', 'PHYS101', '1'],
  ['Physics', 'PHYS101', '2'],
  ['Physics', 'PHYS102', '1'],
  ['History', 'HIST100', '1'],
];
const DATES = ['2025-09-01', '2025-09-03', '2025-09-09', '2026-02-02'];
const STATUSES = ['present', 'late', 'absent', 'excused'];
const GRADES = ['A', 'B', 'C', 'D', 'F', 'p', 'np'];

const fail = (why: string): never => {
  throw new Error(why);
};
const narrow = ({ max, min }: { max: number; min: number }) => max - min <= T;

/** The exact attacker of `auditCube` (integer bounds over every number the family publishes) on random small populations. */
describe('the attendance and grades releases (issue 20)', () => {
  it('leave every suppressed attendance number (late, absent, excused, present and records) with an exact feasible interval wider than the threshold', async () => {
    const record = fc.tuple(
      fc.integer({ min: 0, max: SECTIONS.length - 1 }),
      fc.constantFrom(...DATES),
      fc.integer({ min: 1, max: 12 }),
      fc.constantFrom(...STATUSES),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(record, { minLength: 10, maxLength: 60, selector: ([s, d, st]) => `${s}|${d}|${st}` }),
        async (records) => {
          await engine.registerView(
            'trusted.attendance',
            `SELECT course_code, section, CAST(session_date AS DATE) AS session_date, student_id, status FROM (VALUES ${values(
              records.map(([s, d, student, status]) => [SECTIONS[s][1], SECTIONS[s][2], d, `s${student}`, status]),
            )}) t(course_code, section, session_date, student_id, status)`,
          );
          await engine.registerView(
            'trusted.courses',
            `SELECT * FROM (VALUES ${values(SECTIONS.map(([d, c, s]) => [c, s, d]))}) t(course_code, section, department)`,
          );
          await engine.run(`CREATE OR REPLACE TABLE curated.attendance_weekly AS ${AttendanceWeeklyModel.sql}`);
          const family = await buildAttendanceFamily(engine, ['curated.attendance_weekly', 'trusted.courses'], policy);
          expect(family).not.toBeNull();
          const audit = auditCube(family?.cube ?? fail('no attendance family'));
          expect(audit.filter(narrow)).toEqual([]);
        },
      ),
      { numRuns: 4 },
    );
  }, 600_000);

  it('leave every suppressed grade count, and every section total a share could be divided back to, with an exact feasible interval wider than the threshold', async () => {
    const result = fc.tuple(
      fc.integer({ min: 0, max: SECTIONS.length - 1 }),
      fc.constantFrom('2025-FALL', '2026-SPRING'),
      fc.constantFrom(...GRADES),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(result, { minLength: 10, maxLength: 80 }), async (results) => {
        await engine.registerView(
          'trusted.course_results',
          `SELECT * FROM (VALUES ${values(
            results.map(([s, term, grade], i) => [SECTIONS[s][1], SECTIONS[s][2], term, grade, `s${i}`]),
          )}) t(course_code, section, term, grade, student_id)`,
        );
        await engine.run(`CREATE OR REPLACE TABLE curated.grade_distribution AS ${GradeDistributionModel.sql}`);
        const family = await buildGradesFamily(engine, ['curated.grade_distribution'], policy);
        expect(family).not.toBeNull();
        expect(auditCube(family?.cube ?? fail('no grades family')).filter(narrow)).toEqual([]);
      }),
      { numRuns: 4 },
    );
  }, 600_000);
});
