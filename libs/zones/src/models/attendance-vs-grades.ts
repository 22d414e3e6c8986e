import { defineCuratedModel, inputByName } from './curated-model';

const ENROLMENT = ['student_id', 'course_code', 'section'];

export const AttendanceVsGradesModel = defineCuratedModel({
  name: 'attendance_vs_grades',
  description:
    'Per course: students with both attendance and a graded result (joined on the tokenized student id), their mean attendance rate and grade points, ' +
    'and the Pearson correlation between the two.',
  grain: ['course_code'],
  refreshBy: ['course_code'],
  groupsOf: {
    'trusted.attendance': () => ({ course_code: 'course_code' }),
    'trusted.course_results': () => ({ course_code: 'course_code' }),
  },
  columnLineage: {
    course_code: ['trusted.course_results.course_code'],
    students: ['trusted.course_results.student_id', 'trusted.attendance.student_id'],
    mean_attendance_rate: ['trusted.attendance.status'],
    mean_grade_points: ['trusted.course_results.grade_points'],
    correlation: ['trusted.attendance.status', 'trusted.course_results.grade_points'],
  },
  render: (d, relation = inputByName) => `
WITH rates AS (
  SELECT student_id, course_code, section,
    ${d.ratio(d.countWhere(`status IN ('present', 'late')`), `nullif(${d.countWhere(`status <> 'excused'`)}, 0)`)} AS attendance_rate
  FROM ${relation('trusted.attendance')}
  ${d.groupBy(ENROLMENT)}
),
pairs AS (
  -- P/NP results carry no grade points and drop out here.
  SELECT g.course_code, r.attendance_rate, ${d.cast('g.grade_points', 'double')} AS grade_points
  FROM ${relation('trusted.course_results')} g
  JOIN rates r ON r.student_id = g.student_id AND r.course_code = g.course_code AND r.section = g.section
  WHERE g.grade_points IS NOT NULL AND r.attendance_rate IS NOT NULL
)
SELECT course_code,
  ${d.cast('count(*)', 'bigint')} AS students,
  round(avg(attendance_rate), 4) AS mean_attendance_rate,
  round(avg(grade_points), 4) AS mean_grade_points,
  round(corr(attendance_rate, grade_points), 4) AS correlation
FROM pairs
${d.groupBy(['course_code'])}
ORDER BY course_code`,
});
