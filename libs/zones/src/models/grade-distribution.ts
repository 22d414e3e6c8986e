import { SMALL_CELL_THRESHOLD } from './admissions-demographics';
import { defineCuratedModel, inputByName } from './curated-model';

const SECTION = ['course_code', 'section', 'term'];

export const GradeDistributionModel = defineCuratedModel({
  name: 'grade_distribution',
  description: `Students per course section, term and grade, and the share of the section; cells under ${SMALL_CELL_THRESHOLD} students are suppressed.`,
  inputs: ['trusted.course_results'],
  requiredInputs: ['trusted.course_results'],
  columnLineage: {
    course_code: ['trusted.course_results.course_code'],
    section: ['trusted.course_results.section'],
    term: ['trusted.course_results.term'],
    grade: ['trusted.course_results.grade'],
    students: ['trusted.course_results.student_id'],
    share: ['trusted.course_results.student_id', 'trusted.course_results.grade'],
    suppressed: ['trusted.course_results.student_id'],
  },
  render: (d, relation = inputByName) => {
    const small = `n < ${SMALL_CELL_THRESHOLD}`;
    return `
WITH cells AS (
  SELECT course_code, section, term, grade, count(*) AS n
  FROM ${relation('trusted.course_results')}
  ${d.groupBy([...SECTION, 'grade'])}
),
shared AS (
  SELECT course_code, section, term, grade, n, sum(n) OVER (PARTITION BY ${SECTION.join(', ')}) AS total FROM cells
)
SELECT course_code, section, term, grade,
  ${d.cast(`CASE WHEN ${small} THEN NULL ELSE n END`, 'bigint')} AS students,
  CASE WHEN ${small} THEN NULL ELSE round(${d.ratio('n', 'total')}, 4) END AS share,
  ${small} AS suppressed
FROM shared
ORDER BY course_code, section, term, grade`;
  },
});
