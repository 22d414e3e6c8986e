import { DuckDbEngine } from '@acad/engine';
import { AttendanceVsGradesModel } from './attendance-vs-grades';
import { GradeDistributionModel } from './grade-distribution';

let engine: DuckDbEngine;

// CS101 section A: six students; student i attends `attended[i]` of 10 sessions (one more excused) and earns `points[i]`.
const attended = [10, 9, 8, 6, 5, 3];
const points = [4, 4, 3, 2, 4, 0];
const grades = ['a', 'a', 'b', 'c', 'a', 'f'];
// MA200 section 1: two students only, one pass/no-pass.
const pearson = (xs: number[], ys: number[]) => {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(xs), mean(ys)];
  const cov = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0);
  return cov / Math.sqrt(xs.reduce((s, x) => s + (x - mx) ** 2, 0) * ys.reduce((s, y) => s + (y - my) ** 2, 0));
};

beforeAll(async () => {
  engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
  const attendance = attended.flatMap((n, s) =>
    Array.from(
      { length: 11 },
      (_, day) =>
        `('tok_${s}', 'CS101', 'A', DATE '2025-09-01' + INTERVAL ${day} DAY, '${day === 10 ? 'excused' : day < n ? 'present' : 'absent'}')`,
    ),
  );
  attendance.push("('tok_0', 'MA200', '1', DATE '2025-09-01', 'present')", "('tok_1', 'MA200', '1', DATE '2025-09-01', 'late')");
  await engine.registerView(
    'trusted.attendance',
    `SELECT student_id, course_code, section, CAST(session_date AS DATE) AS session_date, status FROM (VALUES ${attendance.join(', ')}) t(student_id, course_code, section, session_date, status)`,
  );
  const results = grades.map((g, s) => `('tok_${s}', 'CS101', 'A', '2025-FALL', '${g}', 3, ${points[s].toFixed(1)})`);
  results.push("('tok_0', 'MA200', '1', '2025-FALL', 'p', 2, NULL)", "('tok_1', 'MA200', '1', '2025-FALL', 'b', 2, 3.0)");
  await engine.registerView(
    'trusted.course_results',
    `SELECT student_id, course_code, section, term, grade, CAST(credits AS INTEGER) AS credits, CAST(grade_points AS DECIMAL(18, 1)) AS grade_points
     FROM (VALUES ${results.join(', ')}) t(student_id, course_code, section, term, grade, credits, grade_points)`,
  );
});
afterAll(() => engine.close());

describe('course_results curated models', () => {
  it('grade_distribution: true students and share per grade of a section, however small', async () => {
    const rows = await engine.query(`SELECT * FROM (${GradeDistributionModel.sql}) WHERE course_code = 'CS101'`);
    expect(rows).toEqual([
      { course_code: 'CS101', section: 'A', term: '2025-FALL', grade: 'a', students: 3, share: 0.5 },
      { course_code: 'CS101', section: 'A', term: '2025-FALL', grade: 'b', students: 1, share: 0.1667 },
      { course_code: 'CS101', section: 'A', term: '2025-FALL', grade: 'c', students: 1, share: 0.1667 },
      { course_code: 'CS101', section: 'A', term: '2025-FALL', grade: 'f', students: 1, share: 0.1667 },
    ]);
  });

  it('grade_distribution: shares of a section add up to one', async () => {
    await engine.registerView(
      'trusted.course_results',
      `SELECT 'tok_' || i AS student_id, 'BIO110' AS course_code, '01' AS section, '2025-FALL' AS term, CASE WHEN i < 6 THEN 'a' ELSE 'b' END AS grade
       FROM range(8) r(i)`,
    );
    const rows = await engine.query(GradeDistributionModel.sql);
    expect(rows.map((r) => [r['grade'], r['students'], r['share']])).toEqual([
      ['a', 6, 0.75],
      ['b', 2, 0.25],
    ]);
  });

  it('attendance_vs_grades: mean rate, mean grade points and Pearson correlation per course, small courses too', async () => {
    await engine.registerView(
      'trusted.course_results',
      `SELECT * FROM (VALUES ${grades.map((g, s) => `('tok_${s}', 'CS101', 'A', '${g}', ${points[s].toFixed(1)})`).join(', ')}, ('tok_0', 'MA200', '1', 'p', NULL), ('tok_1', 'MA200', '1', 'b', 3.0))
       t(student_id, course_code, section, grade, grade_points)`,
    );
    const rates = attended.map((n) => n / 10);
    const rows = await engine.query(AttendanceVsGradesModel.sql);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ course_code: 'CS101', students: 6 });
    expect(rows[0]['mean_attendance_rate']).toBeCloseTo(rates.reduce((a, b) => a + b) / 6, 4);
    expect(rows[0]['mean_grade_points']).toBeCloseTo(points.reduce((a, b) => a + b) / 6, 4);
    expect(rows[0]['correlation']).toBeCloseTo(pearson(rates, points), 4);
    // MA200: one graded pair (the P/NP result drops out); a correlation of one pair is undefined (NaN).
    expect(rows[1]).toEqual({ course_code: 'MA200', students: 1, mean_attendance_rate: 1, mean_grade_points: 3, correlation: Number.NaN });
  });
});
