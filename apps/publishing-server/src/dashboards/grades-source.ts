import { releasedRow, type ReleasedNumber } from '../release/cube-reader';
import { gradesView, versusRows, type GradesView } from '../release/grades-release';
import { releasedLake } from '../release/released-lake';
import type { DashboardQuery } from './dashboard-definition';
import {
  chosen as position,
  combinations,
  orderRows,
  withheldResult,
  type Chosen,
  type DashboardSource,
  type QueryResult,
} from './dashboard-source';

const GRADE_ORDER = ['a', 'b', 'c', 'd', 'f', 'p', 'np'];
// attendance_vs_grades, per course across terms: its measures come from that product's rows.
const VERSUS = ['mean_attendance_rate', 'mean_grade_points', 'correlation'];

/**
 * The grades family by grade, course and term: `students` per grade (grade_distribution, as true
 * counts or the released cube); with any of VERSUS, attendance_vs_grades per course (its `students`
 * are that course's graded students who attended), a withheld course's row suppressed whole.
 */
export const gradesSource: DashboardSource = {
  products: ['curated.grade_distribution', 'curated.attendance_vs_grades'],
  dimensions: ['grade', 'course', 'term'],
  measures: ['students', ...VERSUS],
  filters: ['term', 'course'],
  async view(input) {
    const view = gradesView((await releasedLake(input.open)).grades, input.role);
    if (!view) return null;
    const { term, unit } = view.family;
    return {
      released: view.reader.released,
      options: (filter) =>
        filter === 'term'
          ? term.leaves().map((t) => term.labels[t])
          : filter === 'course'
            ? unit.atDepth(1).map((c) => unit.labels[c])
            : [],
      run: (query, chosen) => (query.measures.some((m) => VERSUS.includes(m)) ? versus(view, query, chosen) : run(view, query, chosen)),
    };
  },
};

function versus(view: GradesView, query: DashboardQuery, chosen: Chosen): QueryResult {
  const columns = ['course', ...query.measures];
  if (query.by.join() !== 'course') return withheldResult(columns, 'Attendance against grades is published per course only.');
  const rows = versusRows(view)
    .filter((r) => !chosen.course || r['course_code'] === chosen.course)
    .map(({ course_code, suppressed, ...values }) => {
      const numbers: Record<string, ReleasedNumber> = Object.fromEntries(
        query.measures.map((m) => [m, { value: (values[m] ?? null) as number | null, suppressed: suppressed !== '' }]),
      );
      return releasedRow({ course: String(course_code) }, numbers);
    });
  return { columns, rows: orderRows(rows, query.order, 'course'), withheld: null };
}

function run(view: GradesView, query: DashboardQuery, chosen: Chosen): QueryResult {
  const { family, reader } = view;
  const { grade, unit, term } = family;
  const columns = [...query.by, ...query.measures];
  const fixed = { grade: 0, course: position((p) => unit.find(p), chosen.course), term: position((p) => term.find(p), chosen.term) };
  if (fixed.course === undefined || fixed.term === undefined) return { columns, rows: [], withheld: null };
  const lists = query.by.map((d) => {
    if (d === 'grade') return grade.leaves().sort((a, b) => GRADE_ORDER.indexOf(grade.labels[a]) - GRADE_ORDER.indexOf(grade.labels[b]));
    if (d === 'course') return fixed.course ? [fixed.course] : unit.atDepth(1);
    return fixed.term ? [fixed.term as number] : term.leaves();
  });
  const cellOf = (combo: number[]) =>
    (['grade', 'course', 'term'] as const).map((d) => (query.by.includes(d) ? combo[query.by.indexOf(d)] : (fixed[d] as number)));
  const combos = combinations(lists);
  // A level the release does not publish is said to be so, never read: the reader would refuse a hidden cell.
  if (combos.some((combo) => !reader.releasedAt(cellOf(combo))))
    return withheldResult(
      columns,
      `Not released at this level: students by ${query.by.join(' × ') || 'total'}${fixed.course ? ' for a single course' : ''}.`,
    );
  const rows = combos
    .filter((combo) => reader.listed(cellOf(combo)))
    .map((combo) => {
      const labels = Object.fromEntries(
        query.by.map((d, i) => [d, d === 'grade' ? grade.labels[combo[i]].toUpperCase() : (d === 'course' ? unit : term).labels[combo[i]]]),
      );
      return releasedRow(labels, { students: reader.count(cellOf(combo)) });
    });
  return { columns, rows: orderRows(rows, query.order, query.by[0]), withheld: null };
}
