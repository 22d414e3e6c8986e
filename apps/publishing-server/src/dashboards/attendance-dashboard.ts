import { DEFAULT_SUPPRESSION_THRESHOLD, rowAccess, visibleColumns, datasetResource } from '@acad/access';
import { sqlIdentifier } from '@acad/engine';
import { findPublished } from '../data/published-datasets';
import { filterClause, productSource, termOf, type DashboardInput } from './dashboard-source';

export interface AttendanceFilters {
  term?: string;
  department?: string;
}

const T = DEFAULT_SUPPRESSION_THRESHOLD;

// Course → department from the course list (reference data, no student in it).
const courseDepartments = (relations: readonly string[]) =>
  relations.includes('trusted.courses')
    ? `(SELECT course_code, any_value(department) AS department FROM trusted.courses GROUP BY course_code)`
    : `(SELECT NULL::VARCHAR AS course_code, NULL::VARCHAR AS department WHERE false)`;

/** Weekly trend, by department, course × week heatmap and at-risk students, for the filters chosen. */
export async function attendanceDashboard(input: DashboardInput, filters: AttendanceFilters) {
  const { engine } = input;
  const byDept = productSource(input, 'attendance_by_department');
  const weekly = productSource(input, 'attendance_weekly');
  const courses = courseDepartments(input.relations);
  const empty = {
    trend: [],
    byDepartment: [],
    heatmap: { courses: [], weeks: [], cells: [] },
    atRisk: null as null | { total: number; students: Record<string, unknown>[]; columns: string[] },
  };
  if (!byDept || !weekly) return { id: 'attendance', filters: { terms: [], departments: [], selected: filters }, charts: empty };

  const terms = await engine.query<{ term: string }>(`SELECT DISTINCT ${termOf('week_start')} AS term FROM ${byDept} ORDER BY term`);
  const departments = await engine.query<{ department: string }>(`SELECT DISTINCT department FROM ${byDept} ORDER BY department`);
  const f = filterClause([
    [termOf('week_start'), filters.term],
    ['department', filters.department],
  ]);
  // Suppressed rows carry null counts and rates; they drop out of sums, and small sums are withheld.
  const trend = await engine.query(
    `SELECT CAST(week_start AS VARCHAR) AS week, sum(records)::BIGINT AS records,
       CASE WHEN sum(records) < ${T} THEN NULL ELSE round(sum(attendance_rate * records) / nullif(sum(records) FILTER (WHERE attendance_rate IS NOT NULL), 0), 4) END AS rate
     FROM ${byDept} WHERE true${f.sql} GROUP BY week_start ORDER BY week_start`,
    f.params,
  );
  const byDepartment = await engine.query(
    `SELECT department, sum(records)::BIGINT AS records,
       CASE WHEN sum(records) < ${T} THEN NULL ELSE round(sum(attendance_rate * records) / nullif(sum(records) FILTER (WHERE attendance_rate IS NOT NULL), 0), 4) END AS rate
     FROM ${byDept} WHERE true${f.sql} GROUP BY department ORDER BY department`,
    f.params,
  );
  const h = filterClause([
    [termOf('w.week_start'), filters.term],
    ["coalesce(c.department, 'unknown')", filters.department],
  ]);
  const cells = await engine.query<{ course: string; week: string; rate: number | null }>(
    `SELECT w.course_code AS course, CAST(w.week_start AS VARCHAR) AS week,
       round(sum(w.present + w.late) / nullif(sum(w.present + w.late + w.absent), 0), 4) AS rate
     FROM ${weekly} w LEFT JOIN ${courses} c USING (course_code)
     WHERE w.present IS NOT NULL${h.sql} GROUP BY w.course_code, w.week_start ORDER BY course, week`,
    h.params,
  );
  // Compact: axis labels once, then [week index, course index, rate] per cell (thousands of cells on a big lake).
  const courseAxis = [...new Set(cells.map((c) => c.course))];
  const weekAxis = [...new Set(cells.map((c) => c.week))].sort();
  const heatmap = {
    courses: courseAxis,
    weeks: weekAxis,
    cells: cells.map((c) => [weekAxis.indexOf(c.week), courseAxis.indexOf(c.course), c.rate]),
  };
  return {
    id: 'attendance',
    filters: { terms: terms.map((t) => t.term), departments: departments.map((d) => d.department), selected: filters },
    charts: { trend, byDepartment, heatmap, atRisk: await atRiskStudents(input, filters, courses) },
  };
}

/** At-risk students by pseudonymous key, for roles that may read the student-level product. */
async function atRiskStudents(input: DashboardInput, filters: AttendanceFilters, courses: string) {
  const dataset = findPublished('student_attendance_risk');
  if (!dataset || !input.relations.includes('curated.student_attendance_risk')) return null;
  if (rowAccess(input.role, 'acad:ReadRows', datasetResource('curated', dataset.name)) !== 'allowed') return null;
  const columns = visibleColumns(input.role, dataset, 'curated')
    .filter((c) => c.treatment === 'show')
    .map((c) => c.name);
  const f = filterClause([["coalesce(c.department, 'unknown')", filters.department]]);
  const where = `r.at_risk${f.sql}`;
  const [{ total }] = await input.engine.query<{ total: number }>(
    `SELECT count(*)::BIGINT AS total FROM curated.student_attendance_risk r LEFT JOIN ${courses} c USING (course_code) WHERE ${where}`,
    f.params,
  );
  const students = await input.engine.query(
    `SELECT ${columns.map((c) => `r.${sqlIdentifier(c)}`).join(', ')} FROM curated.student_attendance_risk r LEFT JOIN ${courses} c USING (course_code)
     WHERE ${where} ORDER BY r.attendance_rate NULLS FIRST, r.longest_absence_run DESC LIMIT 50`,
    f.params,
  );
  return { total, columns, students };
}
