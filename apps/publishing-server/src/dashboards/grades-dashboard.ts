import { countSuppressed, releasedRow, type ReleasedNumber } from '../release/cube-reader';
import { gradesView, versusRows } from '../release/grades-release';
import { releasedLake } from '../release/released-lake';
import { chosen, type DashboardInput } from './dashboard-source';

export interface GradesFilters {
  term?: string;
}

const GRADE_ORDER = ['a', 'b', 'c', 'd', 'f', 'p', 'np'];

/**
 * Students per grade over every section (of a term, or all), and per course mean attendance
 * against mean grade points with their correlation: true counts, or the released cube.
 */
export async function gradesDashboard(input: DashboardInput, filters: GradesFilters) {
  const view = gradesView((await releasedLake(input.open)).grades, input.role);
  const selected = { term: filters.term };
  const nothing = { distribution: [], suppressedCells: 0, attendanceVsGrades: [], empty: true };
  if (!view) return { id: 'grades', released: false, filters: { terms: [], selected }, charts: nothing };
  const { family, reader } = view;
  const { grade, term } = family;
  const terms = term.leaves().map((t) => term.labels[t]);
  const t = chosen((p) => term.find(p), filters.term);
  if (t === undefined) return { id: 'grades', released: reader.released, filters: { terms, selected }, charts: nothing };
  const shown: ReleasedNumber[] = [];
  const distribution = grade
    .leaves()
    .filter((g) => reader.listed([g, 0, t]))
    .sort((a, b) => GRADE_ORDER.indexOf(grade.labels[a]) - GRADE_ORDER.indexOf(grade.labels[b]))
    .map((g) => {
      const students = reader.count([g, 0, t]);
      shown.push(students);
      return releasedRow({ grade: grade.labels[g].toUpperCase() }, { students });
    });
  // attendance_vs_grades is per course across terms; a withheld course is counted, not drawn.
  const versus = versusRows(view);
  const withheld = versus.filter((r) => r['suppressed'] !== '').length;
  return {
    id: 'grades',
    released: reader.released,
    filters: { terms, selected },
    charts: {
      distribution,
      suppressedCells: countSuppressed(shown) + withheld,
      attendanceVsGrades: versus.filter((r) => r['suppressed'] === ''),
      empty: distribution.length === 0,
    },
  };
}
