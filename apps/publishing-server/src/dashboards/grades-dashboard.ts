import { DEFAULT_SUPPRESSION_THRESHOLD } from '@acad/access';
import { filterClause, productSource, type DashboardInput } from './dashboard-source';

export interface GradesFilters {
  term?: string;
}

const T = DEFAULT_SUPPRESSION_THRESHOLD;
const GRADE_ORDER = `CASE grade WHEN 'a' THEN 1 WHEN 'b' THEN 2 WHEN 'c' THEN 3 WHEN 'd' THEN 4 WHEN 'f' THEN 5 WHEN 'p' THEN 6 ELSE 7 END`;

/**
 * Grade distribution (students per grade, from cells the product did not suppress) and, per course,
 * mean attendance against mean grade points with their correlation. Empty for roles denied the products.
 */
export async function gradesDashboard(input: DashboardInput, filters: GradesFilters) {
  const { engine } = input;
  const distribution = productSource(input, 'grade_distribution');
  const versus = productSource(input, 'attendance_vs_grades');
  const empty = { distribution: [], suppressedCells: 0, attendanceVsGrades: [] };
  if (!distribution) return { id: 'grades', filters: { terms: [], selected: filters }, charts: empty };

  const terms = await engine.query<{ t: string }>(`SELECT DISTINCT term AS t FROM ${distribution} ORDER BY t`);
  const f = filterClause([['term', filters.term]]);
  const grades = await engine.query(
    `SELECT upper(grade) AS grade, CASE WHEN sum(students) < ${T} THEN NULL ELSE sum(students) END::BIGINT AS students
     FROM ${distribution} WHERE true${f.sql} GROUP BY grade ORDER BY min(${GRADE_ORDER})`,
    f.params,
  );
  const [{ n }] = await engine.query<{ n: number }>(
    `SELECT count(*) FILTER (WHERE suppressed)::BIGINT AS n FROM ${distribution} WHERE true${f.sql}`,
    f.params,
  );
  // attendance_vs_grades is per course across terms; its suppressed courses carry nulls and are left out.
  const attendanceVsGrades = versus
    ? await engine.query(
        `SELECT course_code AS course, students, mean_attendance_rate, mean_grade_points, correlation FROM ${versus}
         WHERE NOT suppressed ORDER BY course_code`,
      )
    : [];
  return {
    id: 'grades',
    filters: { terms: terms.map((t) => t.t), selected: filters },
    charts: { distribution: grades, suppressedCells: n, attendanceVsGrades },
  };
}
