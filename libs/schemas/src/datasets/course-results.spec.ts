import { validateRow } from '../compile/index';
import { getContract } from './registry';
import { CourseResultsContract } from './course-results';

describe('CourseResultsContract', () => {
  const good = {
    student_id: 'S2500123',
    course_code: 'CS101',
    section: '01',
    term: '2025-FALL',
    grade: ' B ',
    credits: '3',
    grade_points: '3.0',
  };

  it('is registered under its name', () => {
    expect(getContract('course_results')).toBe(CourseResultsContract);
  });

  it('accepts a letter grade and a pass without grade points; enum values are case-insensitive', () => {
    expect(validateRow(CourseResultsContract, good)).toMatchObject({ valid: true, row: { grade: 'b', credits: 3, grade_points: 3 } });
    expect(validateRow(CourseResultsContract, { ...good, grade: 'P', grade_points: '' }).violations).toEqual([]);
  });

  it.each([
    [{ student_id: 'X123' }, 'course_results.student_id.pattern'],
    [{ term: '2025-WINTER' }, 'course_results.term.pattern'],
    [{ grade: 'E' }, 'course_results.grade.enum'],
    [{ credits: '11' }, 'course_results.credits.range'],
    [{ credits: '2.5' }, 'course_results.credits.type'],
    [{ grade_points: '4.3' }, 'course_results.grade_points.range'],
    [{ section: '' }, 'course_results.section.required'],
  ])('rejects %p with %s', (change, rule) => {
    expect(validateRow(CourseResultsContract, { ...good, ...change }).violations).toContain(rule);
  });
});
