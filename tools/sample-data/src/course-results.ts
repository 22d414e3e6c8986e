import type { CourseSection } from './courses';
import type { Enrolment } from './enrolment';
import { makeMessy, type Corruption } from './messy-table';
import type { Rng } from './prng';
import type { SampleDatasetHook } from './sample-world';
import { withStrayWhitespace } from './text-mess';

export const COURSE_RESULTS_COLUMNS = ['student_id', 'course_code', 'section', 'term', 'grade', 'credits', 'grade_points'] as const;
/** The grade roster export's header: mixed case. */
const HEADER = ['Student_ID', 'Course_Code', 'Section', 'Term', 'Grade', 'Credits', 'Grade_Points'];

const POINTS: Record<string, number> = { A: 4, B: 3, C: 2, D: 1, F: 0 };

/** Grade points follow attendance, with noise: the correlation the curated product measures. */
function letterGrade(attendanceRate: number, rng: Rng): string {
  const score = 4.6 * attendanceRate - 0.6 + rng.float(-0.9, 0.9);
  if (score >= 3.5) return 'A';
  if (score >= 2.5) return 'B';
  if (score >= 1.5) return 'C';
  if (score >= 0.7) return 'D';
  return 'F';
}

/** Per course: its credits and whether it is graded pass/no-pass (about one course in ten). */
function courseTraits(sections: readonly CourseSection[], rng: Rng): Map<string, { credits: number; passFail: boolean }> {
  const traits = new Map<string, { credits: number; passFail: boolean }>();
  for (const { courseCode } of sections) {
    if (!traits.has(courseCode))
      traits.set(courseCode, {
        credits: rng.weighted([
          [3, 60],
          [4, 25],
          [2, 10],
          [1, 5],
        ]),
        passFail: rng.chance(0.1),
      });
  }
  return traits;
}

const CORRUPTIONS: Record<string, Corruption> = {
  bad_id: (row) => [`X${row[0].trim().slice(1)}`, ...row.slice(1)],
  unknown_grade: (row, rng) => [...row.slice(0, 4), rng.pick(['E', 'A+', 'INC']), ...row.slice(5)],
  bad_credits: (row, rng) => [...row.slice(0, 5), rng.pick(['3.5', '12', 'three']), row[6]],
  grade_points_out_of_range: (row, rng) => [...row.slice(0, 6), rng.pick(['4.7', '-1', '5'])],
  missing_required: (row, rng) => {
    const copy = [...row];
    copy[rng.pick([0, 1, 3, 4])] = '';
    return copy;
  },
  wrong_column_count: (row, rng) => (rng.chance(0.5) ? row.slice(0, 6) : [...row, 'extra']),
};

/** course_results.csv: one grade per enrolment, consistent with students, courses and attendance profiles. */
export const courseResultsSampleHook: SampleDatasetHook = {
  dataset: 'course_results',
  fileName: 'course_results.csv',
  build: (world, rng) => {
    const traits = courseTraits(world.sections, rng.fork('courses'));
    const rowOf = ({ student, section, profile }: Enrolment): string[] => {
      const { credits, passFail } = traits.get(section.courseCode) ?? { credits: 3, passFail: false };
      const letter = letterGrade(profile.attendanceRate, rng);
      const grade = passFail ? (letter === 'F' || letter === 'D' ? 'NP' : 'P') : letter;
      const points = passFail ? '' : rng.pick([POINTS[letter].toFixed(1), String(POINTS[letter]), POINTS[letter].toFixed(2)]);
      return [
        withStrayWhitespace(student.studentId, rng, 0.01),
        section.courseCode,
        section.section,
        section.term.code,
        rng.chance(0.05) ? grade.toLowerCase() : grade,
        String(credits),
        points,
      ];
    };
    return {
      dataset: 'course_results',
      fileName: 'course_results.csv',
      columns: COURSE_RESULTS_COLUMNS,
      dialect: { delimiter: ',', lineEnding: '\n', bom: false, quoteAll: false },
      table: makeMessy(
        HEADER,
        world.enrolments.map(rowOf),
        CORRUPTIONS,
        0.02,
        { exactRate: 0.01, resubmissionRate: 0, maxDistance: 20 },
        rng,
      ),
    };
  },
};
