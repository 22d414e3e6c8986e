import { admissionsView, GENDER_GRAIN_CHAIN } from '../release/admissions-release';
import { countSuppressed, releasedRow, type ReleasedNumber } from '../release/cube-reader';
import { releasedLake } from '../release/released-lake';
import { chosen, type DashboardInput } from './dashboard-source';

export interface AdmissionsFilters {
  term?: string;
  programme?: string;
}

const STAGES = ['applications', 'offers', 'acceptances', 'enrolments'] as const;

/**
 * Funnel, offer and yield rates by programme, applications by gender and by country, for the
 * filters: true counts for roles whose policies allow them, the released cube for the others.
 * Every number is a cell of the family's cube, never a sum of what survived suppression.
 */
export async function admissionsDashboard(input: DashboardInput, filters: AdmissionsFilters) {
  const view = admissionsView((await releasedLake(input.open)).admissions, input.role);
  const selected = { term: filters.term, programme: filters.programme };
  if (!view)
    return {
      id: 'admissions',
      released: false,
      filters: { terms: [], programmes: [], selected },
      charts: {
        funnel: [],
        byProgramme: [],
        byGender: [],
        genderWithheld: null,
        byCountry: [],
        countryWithheld: null,
        suppressedCells: 0,
        empty: true,
      },
    };
  const { family, reader } = view;
  const { term, programme, country, gender, stages } = family;
  const t = chosen((p) => term.find(p), filters.term);
  const p = chosen((path) => programme.find(path), filters.programme);
  const shown: ReleasedNumber[] = [];
  const count = (cell: number[]) => {
    const n = reader.count(cell);
    shown.push(n);
    return n;
  };
  const filterLists = { terms: term.leaves().map((x) => term.labels[x]), programmes: programme.leaves().map((x) => programme.labels[x]) };
  if (t === undefined || p === undefined || !reader.listed([0, t, p, 0, 0]))
    return {
      id: 'admissions',
      released: reader.released,
      filters: { ...filterLists, selected },
      charts: {
        funnel: [],
        byProgramme: [],
        byGender: [],
        genderWithheld: null,
        byCountry: [],
        countryWithheld: null,
        suppressedCells: 0,
        empty: true,
      },
    };
  const funnel = STAGES.map((stage) => {
    const n = count([stages[stage], t, p, 0, 0]);
    return { stage, count: n.value, suppressed: n.suppressed };
  });
  const byProgramme = (p === 0 ? programme.leaves() : [p])
    .filter((q) => reader.listed([0, t, q, 0, 0]))
    .map((q) => {
      const cell = (s: number) => [s, t, q, 0, 0];
      const rates = {
        offer_rate: reader.ratio(cell(stages.offers), cell(0)),
        yield: reader.ratio(cell(stages.acceptances), cell(stages.offers)),
      };
      shown.push(rates.offer_rate, rates.yield);
      return releasedRow({ programme: programme.labels[q] }, { applications: count(cell(0)), ...rates });
    });
  // Gender is broken down only as finely as the masked-column rule allows (a term, a programme, …).
  const needed = p !== 0 ? 2 : t !== 0 ? 1 : 0;
  const genderWithheld =
    view.genderGrain >= needed
      ? null
      : `Applications by gender are not released for a single ${GENDER_GRAIN_CHAIN[needed].split(' × ').at(-1)}: a group that small could give back the gender that analysts see masked.`;
  const byGender =
    genderWithheld === null
      ? gender
          .leaves()
          .filter((g) => reader.listed([0, t, p, 0, g]))
          .map((g) => releasedRow({ gender: gender.labels[g] }, { applications: count([0, t, p, 0, g]) }))
      : [];
  // Released by country for a term or all terms only (see publishAdmissions).
  const countryWithheld =
    reader.released && p !== 0 ? 'Applications by country are not released for a single programme: too few people per country.' : null;
  const byCountry = (countryWithheld ? [] : country.leaves())
    .filter((c) => reader.listed([0, t, p, c, 0]))
    .map((c) => releasedRow({ country: country.labels[c] }, { applications: count([0, t, p, c, 0]) }))
    // Largest first by what is released (a hidden value must not order the list), suppressed last.
    .sort(
      (a, b) =>
        Number(b['applications'] ?? -1) - Number(a['applications'] ?? -1) || String(a['country']).localeCompare(String(b['country'])),
    );
  return {
    id: 'admissions',
    released: reader.released,
    filters: { ...filterLists, selected },
    charts: {
      funnel,
      byProgramme,
      byGender,
      genderWithheld,
      byCountry,
      countryWithheld,
      suppressedCells: countSuppressed(shown),
      empty: false,
    },
  };
}
