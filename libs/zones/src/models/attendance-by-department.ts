import type { CuratedModel } from './curated-model';

export const AttendanceByDepartmentModel: CuratedModel = {
  name: 'attendance_by_department',
  description: 'Attendance rate per department and ISO week (sections without a known course count as "unknown").',
  inputs: ['trusted.attendance', 'trusted.courses'],
  requiredInputs: ['trusted.attendance'],
  columnLineage: {
    department: ['trusted.courses.department'],
    week_start: ['trusted.attendance.session_date'],
    attendance_rate: ['trusted.attendance.status'],
    records: ['trusted.attendance.student_id'],
  },
  sql: `
SELECT coalesce(c.department, 'unknown') AS department, CAST(date_trunc('week', a.session_date) AS DATE) AS week_start,
  count(*)::BIGINT AS records,
  round(count(*) FILTER (WHERE a.status IN ('present', 'late')) / nullif(count(*) FILTER (WHERE a.status <> 'excused'), 0), 4) AS attendance_rate
FROM trusted.attendance a
LEFT JOIN trusted.courses c ON c.course_code = a.course_code AND c.section = a.section
GROUP BY ALL
ORDER BY department, week_start`,
};
