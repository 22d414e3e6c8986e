import { datasetResource, rowAccess, visibleColumns } from '@acad/access';
import { sqlIdentifier } from '@acad/engine';
import { findPublished } from '../data/published-datasets';
import { attendanceRate, attendanceView } from '../release/attendance-release';
import { countSuppressed, releasedRow, type ReleasedNumber } from '../release/cube-reader';
import { releasedLake } from '../release/released-lake';
import { chosen, filterClause, type DashboardInput } from './dashboard-source';

export interface AttendanceFilters {
  term?: string;
  department?: string;
}

// Course → department from the course list (reference data, no student in it).
const courseDepartments = (relations: readonly string[]) =>
  relations.includes('trusted.courses')
    ? `(SELECT course_code, any_value(department) AS department FROM trusted.courses GROUP BY course_code)`
    : `(SELECT NULL::VARCHAR AS course_code, NULL::VARCHAR AS department WHERE false)`;

/** Weekly trend, by department, course × week heatmap and at-risk students, for the filters chosen. */
export async function attendanceDashboard(input: DashboardInput, filters: AttendanceFilters) {
  const view = attendanceView((await releasedLake(input.open)).attendance, input.role);
  const selected = { term: filters.term, department: filters.department };
  const empty = {
    trend: [],
    byDepartment: [],
    heatmap: { courses: [] as string[], weeks: [] as string[], cells: [] as Array<[number, number, number | null, number]> },
    atRisk: null as null | { total: number; students: Record<string, unknown>[]; columns: string[] },
    suppressedCells: 0,
    empty: true,
  };
  if (!view) return { id: 'attendance', released: false, filters: { terms: [], departments: [], selected }, charts: empty };
  const { family, reader } = view;
  const { unit, time, nodes } = family;
  const lists = { terms: time.atDepth(1).map((x) => time.labels[x]), departments: unit.atDepth(1).map((x) => unit.labels[x]) };
  const term = chosen((p) => time.find(p), filters.term);
  const department = chosen((p) => unit.find(p), filters.department);
  const atRisk = await atRiskStudents(input, filters);
  if (term === undefined || department === undefined)
    return { id: 'attendance', released: reader.released, filters: { ...lists, selected }, charts: { ...empty, atRisk } };
  const shown: ReleasedNumber[] = [];
  const rateOf = (u: number, w: number) => {
    const r = attendanceRate(view, u, w);
    shown.push(r.records, r.rate);
    return r;
  };
  const weeks = time.leaves().filter((w) => time.isWithin(w, term));
  const trend = weeks
    .filter((w) => reader.listed([nodes.records, department, w]))
    .map((w) => releasedRow({ week: time.labels[w] }, rateOf(department, w)));
  const byDepartment = (department === 0 ? unit.atDepth(1) : [department])
    .filter((d) => reader.listed([nodes.records, d, term]))
    .map((d) => releasedRow({ department: unit.labels[d] }, rateOf(d, term)));
  const courses = unit.atDepth(2).filter((c) => unit.isWithin(c, department));
  const cells: Array<[number, number, number | null, number]> = [];
  const courseAxis: string[] = [];
  const weekAxis = weeks.map((w) => time.labels[w]);
  for (const c of courses) {
    const row: Array<[number, number, number | null, number]> = [];
    weeks.forEach((w, wi) => {
      if (!reader.exists([nodes.counted, c, w])) return;
      const rate = reader.ratio([nodes.attended, c, w], [nodes.counted, c, w]);
      shown.push(rate);
      row.push([wi, courseAxis.length, rate.value, rate.suppressed ? 1 : 0]);
    });
    if (row.length === 0) continue;
    courseAxis.push(unit.labels[c]);
    cells.push(...row);
  }
  return {
    id: 'attendance',
    released: reader.released,
    filters: { ...lists, selected },
    charts: {
      trend,
      byDepartment,
      // Compact: axis labels once, then [week index, course index, rate, suppressed] per cell.
      heatmap: { courses: courseAxis, weeks: weekAxis, cells },
      atRisk,
      suppressedCells: countSuppressed(shown),
      empty: trend.length === 0,
    },
  };
}

/** At-risk students by pseudonymous key, for roles that may read the student-level product as it is. */
async function atRiskStudents(input: DashboardInput, filters: AttendanceFilters) {
  const { engine, relations } = input.open.lake;
  const dataset = findPublished('student_attendance_risk');
  if (!dataset || !relations.includes('curated.student_attendance_risk')) return null;
  if (rowAccess(input.role, 'acad:ReadRows', datasetResource('curated', dataset.name)) !== 'allowed') return null;
  const columns = visibleColumns(input.role, dataset, 'curated')
    .filter((c) => c.treatment === 'show')
    .map((c) => c.name);
  const courses = courseDepartments(relations);
  const f = filterClause([["coalesce(c.department, 'unknown')", filters.department]]);
  const where = `r.at_risk${f.sql}`;
  const [{ total }] = await engine.query<{ total: number }>(
    `SELECT count(*)::BIGINT AS total FROM curated.student_attendance_risk r LEFT JOIN ${courses} c USING (course_code) WHERE ${where}`,
    f.params,
  );
  const students = await engine.query(
    `SELECT ${columns.map((c) => `r.${sqlIdentifier(c)}`).join(', ')} FROM curated.student_attendance_risk r LEFT JOIN ${courses} c USING (course_code)
     WHERE ${where} ORDER BY r.attendance_rate NULLS FIRST, r.longest_absence_run DESC LIMIT 50`,
    f.params,
  );
  return { total, columns, students };
}
