import { attendanceLevelReleased, attendanceView, type AttendanceView } from '../release/attendance-release';
import { releasedRow, type ReleasedNumber } from '../release/cube-reader';
import { releasedLake } from '../release/released-lake';
import type { DashboardQuery } from './dashboard-definition';
import { combinations, orderRows, withheldResult, type Chosen, type DashboardSource, type QueryResult } from './dashboard-source';

const UNIT_DIMENSIONS = ['department', 'course'];
const TIME_DIMENSIONS = ['term', 'week'];
const LEVEL_NAMES = ['all departments', 'department', 'course'];
const PERIOD_NAMES = ['all terms', 'term', 'week'];

/**
 * The attendance family read by department → course and term → week: `records` (sessions recorded)
 * and `rate` (attended of counted), each only at the levels the release publishes for released readers.
 */
export const attendanceSource: DashboardSource = {
  products: ['curated.attendance_weekly', 'curated.attendance_by_department'],
  dimensions: [...UNIT_DIMENSIONS, ...TIME_DIMENSIONS],
  measures: ['records', 'rate'],
  filters: ['term', 'department', 'course', 'from', 'to'],
  async view(input) {
    const view = attendanceView((await releasedLake(input.open)).attendance, input.role);
    if (!view) return null;
    return {
      released: view.reader.released,
      options: (filter, chosen) => options(view, filter, chosen),
      run: (query, chosen) => run(view, query, chosen),
    };
  },
};

/** The unit and period the filters choose (a course wins over its department), undefined when a value names nothing. */
function selection(view: AttendanceView, chosen: Chosen) {
  const { unit, time } = view.family;
  const department = chosen.department ? unit.find([chosen.department]) : 0;
  const course =
    chosen.course && department !== undefined
      ? unit.atDepth(2).find((c) => unit.labels[c] === chosen.course && unit.isWithin(c, department))
      : 0;
  const term = chosen.term ? time.find([chosen.term]) : 0;
  if (department === undefined || course === undefined || term === undefined) return undefined;
  const weeks = time
    .leaves()
    .filter((w) => time.isWithin(w, term))
    .filter((w) => (!chosen.from || time.labels[w] >= chosen.from) && (!chosen.to || time.labels[w] <= chosen.to));
  return { unit: course || department, term, weeks };
}

function options(view: AttendanceView, filter: string, chosen: Chosen): string[] {
  const { unit, time } = view.family;
  // A course code can sit in two departments (sections under both): listed once.
  const labels = (positions: number[]) => [...new Set(positions.map((p) => unit.labels[p]))].sort();
  if (filter === 'term') return time.atDepth(1).map((t) => time.labels[t]);
  if (filter === 'department') return labels(unit.atDepth(1));
  if (filter === 'course') {
    const department = chosen.department ? unit.find([chosen.department]) : 0;
    return department === undefined ? [] : labels(unit.atDepth(2).filter((c) => unit.isWithin(c, department)));
  }
  if (filter === 'from' || filter === 'to') {
    const term = chosen.term ? time.find([chosen.term]) : 0;
    return term === undefined
      ? []
      : time
          .leaves()
          .filter((w) => time.isWithin(w, term))
          .map((w) => time.labels[w]);
  }
  return [];
}

function run(view: AttendanceView, query: DashboardQuery, chosen: Chosen): QueryResult {
  const { family, reader } = view;
  const { unit, time, nodes } = family;
  const columns = [...query.by, ...query.measures];
  const at = selection(view, chosen);
  if (!at) return { columns, rows: [], withheld: null };
  // Per dimension of the rows, the positions it runs over (the chosen one only, where a filter chose it).
  const lists = query.by.map((d) => {
    // The chosen department, or the department of the chosen course, or all.
    if (d === 'department') return unit.atDepth(1).filter((p) => unit.isWithin(at.unit, p) || unit.isWithin(p, at.unit));
    if (d === 'course') return unit.atDepth(2).filter((p) => unit.isWithin(p, at.unit));
    if (d === 'term') return time.atDepth(1).filter((p) => at.term === 0 || p === at.term);
    return at.weeks;
  });
  const finest = (kinds: string[], fallback: number, axis: 'unit' | 'time', combo: number[]) => {
    const ks = query.by.map((d, i) => (kinds.includes(d) ? i : -1)).filter((i) => i >= 0);
    const positions = ks.map((i) => combo[i]);
    const h = axis === 'unit' ? unit : time;
    return positions.sort((a, b) => h.depth(b) - h.depth(a))[0] ?? fallback;
  };
  const combos = combinations(lists).map((combo) => ({
    combo,
    u: finest(UNIT_DIMENSIONS, at.unit, 'unit', combo),
    t: finest(TIME_DIMENSIONS, at.term, 'time', combo),
  }));
  // A level the release does not publish is said to be so, never read: the reader would refuse a hidden cell.
  const level = combos[0] ?? { u: at.unit, t: at.term };
  const [unitDepth, timeDepth] = [unit.depth(level.u), time.depth(level.t)];
  const missing = query.measures.filter((m) => reader.released && !attendanceLevelReleased(m as 'records' | 'rate', unitDepth, timeDepth));
  const notReleased = missing.length
    ? `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not released per ${LEVEL_NAMES[unitDepth] ?? 'section'} and ${PERIOD_NAMES[timeDepth]}.`
    : null;
  const measures = query.measures.filter((m) => !missing.includes(m));
  if (measures.length === 0) return withheldResult(columns, notReleased as string);
  const rows = combos
    .filter(({ u, t }) => reader.exists([nodes.records, u, t]))
    .map(({ combo, u, t }) => {
      const labels = Object.fromEntries(query.by.map((d, i) => [d, (UNIT_DIMENSIONS.includes(d) ? unit : time).labels[combo[i]]]));
      const numbers: Record<string, ReleasedNumber> = {};
      for (const m of measures)
        numbers[m] = m === 'rate' ? reader.ratio([nodes.attended, u, t], [nodes.counted, u, t]) : reader.count([nodes.records, u, t]);
      return releasedRow(labels, numbers);
    });
  return { columns: [...query.by, ...measures], rows: orderRows(rows, query.order, query.by[0]), withheld: notReleased };
}
