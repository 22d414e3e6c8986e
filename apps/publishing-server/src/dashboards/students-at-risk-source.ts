import { datasetResource, rowAccess, visibleColumns } from '@acad/access';
import { sqlIdentifier } from '@acad/engine';
import { findPublished } from '../data/published-datasets';
import { filterClause, withheldResult, type DashboardSource } from './dashboard-source';

const LISTED = 50;

// Course → department from the course list (reference data, no student in it).
const courseDepartments = (relations: readonly string[]) =>
  relations.includes('trusted.courses')
    ? `(SELECT course_code, any_value(department) AS department FROM trusted.courses GROUP BY course_code)`
    : `(SELECT NULL::VARCHAR AS course_code, NULL::VARCHAR AS department WHERE false)`;

/**
 * student_attendance_risk for roles that may read the student-level product as it is (the others
 * cannot open the source): `students` at risk in all (no `by`), or by `student`, the lowest attendance
 * first (the first 50, by pseudonymous key, in the columns the role sees).
 */
export const studentsAtRiskSource: DashboardSource = {
  products: ['curated.student_attendance_risk'],
  dimensions: ['student'],
  measures: ['students'],
  filters: ['department', 'course'],
  async view(input) {
    const { engine, relations } = input.open.lake;
    const dataset = findPublished('student_attendance_risk');
    if (!dataset || !relations.includes('curated.student_attendance_risk')) return null;
    if (rowAccess(input.role, 'acad:ReadRows', datasetResource('curated', dataset.name)) !== 'allowed') return null;
    const columns = visibleColumns(input.role, dataset, 'curated')
      .filter((c) => c.treatment === 'show')
      .map((c) => c.name);
    return {
      released: false,
      options: () => [],
      async run(query, chosen) {
        if (query.by.length > 0 && query.by.join() !== 'student')
          return withheldResult(columns, 'Students at risk are listed by student only.');
        const f = filterClause([
          ["coalesce(c.department, 'unknown')", chosen.department],
          ['r.course_code', chosen.course],
        ]);
        const from = `curated.student_attendance_risk r LEFT JOIN ${courseDepartments(relations)} c USING (course_code) WHERE r.at_risk${f.sql}`;
        const [{ total }] = await engine.query<{ total: number }>(`SELECT count(*)::BIGINT AS total FROM ${from}`, f.params);
        if (query.by.length === 0) return { columns: ['students'], rows: [{ students: Number(total), suppressed: '' }], withheld: null };
        const rows = await engine.query(
          `SELECT ${columns.map((c) => `r.${sqlIdentifier(c)}`).join(', ')} FROM ${from}
           ORDER BY r.attendance_rate NULLS FIRST, r.longest_absence_run DESC LIMIT ${LISTED}`,
          f.params,
        );
        return { columns, rows, withheld: null, total: Number(total) };
      },
    };
  },
};
