import { defineCuratedModel, inputByName } from './curated-model';

export const AttendanceByDepartmentModel = defineCuratedModel({
  name: 'attendance_by_department',
  description: 'Attendance rate per department and ISO week (sections without a known course count as "unknown").',
  grain: ['department', 'week_start'],
  // A week's rows are every department's: an attendance row feeds its week's groups. A course's
  // department cannot be told from an attendance row, so a late or corrected course rebuilds
  // the product (reference data changes rarely, and a department change moves all its weeks).
  refreshBy: ['week_start'],
  groupsOf: {
    'trusted.attendance': (d) => ({ week_start: d.weekStart('session_date') }),
    'trusted.courses': 'rebuild',
  },
  // A week's rows are its seven days' sessions.
  spans: { 'trusted.attendance': { column: 'session_date', group: 'week_start', days: 7 } },
  columnLineage: {
    department: ['trusted.courses.department'],
    week_start: ['trusted.attendance.session_date'],
    attendance_rate: ['trusted.attendance.status'],
    records: ['trusted.attendance.student_id'],
  },
  render: (d, relation = inputByName) => {
    const department = `coalesce(c.department, 'unknown')`;
    const week = d.weekStart('a.session_date');
    return `
SELECT ${department} AS department, ${week} AS week_start,
  ${d.cast('count(*)', 'bigint')} AS records,
  round(${d.ratio(d.countWhere(`a.status IN ('present', 'late')`), `nullif(${d.countWhere(`a.status <> 'excused'`)}, 0)`)}, 4) AS attendance_rate
FROM ${relation('trusted.attendance')} a
LEFT JOIN ${relation('trusted.courses', { optional: true })} c ON c.course_code = a.course_code AND c.section = a.section
${d.groupBy([department, week])}
ORDER BY department, week_start`;
  },
});
