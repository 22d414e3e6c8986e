import type { Hierarchy } from '@acad/access';
import { admissionsView, GENDER_GRAIN_CHAIN, type AdmissionsView } from '../release/admissions-release';
import { releasedRow, type ReleasedNumber } from '../release/cube-reader';
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

const STAGES = ['applications', 'offers', 'acceptances', 'enrolments'] as const;
type Stage = (typeof STAGES)[number];
// A rate is one stage over the one before it in the funnel.
const RATES: Record<string, [Stage, Stage]> = { offer_rate: ['offers', 'applications'], yield: ['acceptances', 'offers'] };
const AXES = ['term', 'programme', 'country', 'gender'] as const;

/**
 * The admissions family by term, programme, country, gender and funnel stage: the count of each
 * stage (`count` per `stage` row), and offer rate and yield, as true counts or the released cube.
 */
export const admissionsSource: DashboardSource = {
  products: ['curated.admissions_funnel', 'curated.admissions_demographics'],
  dimensions: [...AXES, 'stage'],
  measures: ['count', ...STAGES, ...Object.keys(RATES)],
  filters: ['term', 'programme'],
  async view(input) {
    const view = admissionsView((await releasedLake(input.open)).admissions, input.role);
    if (!view) return null;
    return {
      released: view.reader.released,
      options: (filter) => {
        const axis = filter === 'term' ? view.family.term : filter === 'programme' ? view.family.programme : undefined;
        return axis ? axis.leaves().map((x) => axis.labels[x]) : [];
      },
      run: (query, chosen) => run(view, query, chosen),
    };
  },
};

function run(view: AdmissionsView, query: DashboardQuery, chosen: Chosen): QueryResult {
  const { family, reader } = view;
  const axes: Record<(typeof AXES)[number], Hierarchy> = {
    term: family.term,
    programme: family.programme,
    country: family.country,
    gender: family.gender,
  };
  const columns = [...query.by, ...query.measures];
  const fixed = [position((p) => family.term.find(p), chosen.term), position((p) => family.programme.find(p), chosen.programme), 0, 0];
  if (fixed.some((p) => p === undefined)) return { columns, rows: [], withheld: null };
  // Gender is broken down only as finely as the masked-column rule allows (a term, a programme, …).
  const fine = (k: number) => query.by.includes(AXES[k]) || fixed[k] !== 0;
  if (query.by.includes('gender')) {
    const needed = fine(2) ? 3 : fine(1) ? 2 : fine(0) ? 1 : 0;
    if (view.genderGrain < needed)
      return withheldResult(
        columns,
        `Applications by gender are not released per ${GENDER_GRAIN_CHAIN[needed].split(' × ').at(-1)}: a group that small could give back the gender that analysts see masked.`,
      );
  }
  const lists = query.by.map((d) =>
    d === 'stage'
      ? STAGES.map((_, i) => i)
      : fixed[AXES.indexOf(d as never)]
        ? [fixed[AXES.indexOf(d as never)] as number]
        : axes[d as 'term'].leaves(),
  );
  const cellOf = (combo: number[], stage: Stage) => {
    const at = AXES.map((d, k) => (query.by.includes(d) ? combo[query.by.indexOf(d)] : (fixed[k] as number)));
    return [family.stages[stage], ...at];
  };
  const stageOf = (combo: number[], m: string): Stage =>
    m === 'count' ? (query.by.includes('stage') ? STAGES[combo[query.by.indexOf('stage')]] : 'applications') : (m as Stage);
  const combos = combinations(lists);
  // A level the release does not publish is said to be so, never read: the reader would refuse a hidden cell.
  const stagesRead = (combo: number[]) => [
    'applications' as Stage,
    ...query.measures.flatMap((m) => (RATES[m] ? RATES[m] : [stageOf(combo, m)])),
  ];
  if (combos.some((combo) => stagesRead(combo).some((s) => !reader.releasedAt(cellOf(combo, s))))) {
    const single = AXES.filter((_, k) => fixed[k] !== 0);
    return withheldResult(
      columns,
      `Not released at this level: ${query.measures.join(', ')} by ${query.by.join(' × ') || 'total'}${single.length ? ` for a single ${single.join(' and ')}` : ''}.`,
    );
  }
  const rows = combos
    .filter((combo) => reader.listed(cellOf(combo, 'applications')))
    .map((combo) => {
      const labels = Object.fromEntries(query.by.map((d, i) => [d, d === 'stage' ? STAGES[combo[i]] : axes[d as 'term'].labels[combo[i]]]));
      const numbers: Record<string, ReleasedNumber> = {};
      for (const m of query.measures)
        numbers[m] = RATES[m]
          ? reader.ratio(cellOf(combo, RATES[m][0]), cellOf(combo, RATES[m][1]))
          : reader.count(cellOf(combo, stageOf(combo, m)));
      return releasedRow(labels, numbers);
    });
  return { columns, rows: orderRows(rows, query.order, query.by[0]), withheld: null };
}
