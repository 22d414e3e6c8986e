import { defineCuratedModel, inputByName } from './curated-model';

const SECTION = ['course_code', 'section', 'term'];

// True counts; the release step decides what the public sees (a share only beside a published section total).
export const GradeDistributionModel = defineCuratedModel({
  name: 'grade_distribution',
  description: 'Students per course section, term and grade, and the share of the section.',
  grain: ['course_code', 'section', 'term', 'grade'],
  // A grade's share depends on the whole section: a changed result refreshes its section.
  refreshBy: SECTION,
  groupsOf: { 'trusted.course_results': () => ({ course_code: 'course_code', section: 'section', term: 'term' }) },
  columnLineage: {
    course_code: ['trusted.course_results.course_code'],
    section: ['trusted.course_results.section'],
    term: ['trusted.course_results.term'],
    grade: ['trusted.course_results.grade'],
    students: ['trusted.course_results.student_id'],
    share: ['trusted.course_results.student_id', 'trusted.course_results.grade'],
  },
  render: (d, relation = inputByName) => `
WITH cells AS (
  SELECT course_code, section, term, grade, count(*) AS n
  FROM ${relation('trusted.course_results')}
  ${d.groupBy([...SECTION, 'grade'])}
),
shared AS (
  SELECT course_code, section, term, grade, n, sum(n) OVER (PARTITION BY ${SECTION.join(', ')}) AS total FROM cells
)
SELECT course_code, section, term, grade,
  ${d.cast('n', 'bigint')} AS students,
  round(${d.ratio('n', 'total')}, 4) AS share
FROM shared
ORDER BY course_code, section, term, grade`,
});
