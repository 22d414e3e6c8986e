import {
  finestSafeGrain,
  Hierarchy,
  protectCube,
  RELEASE_FAMILIES,
  releaseModeFor,
  ReleaseCube,
  seesColumn,
  type ProtectionResult,
  type ReleasePolicy,
  type Role,
} from '@acad/access';
import type { DuckDbEngine } from '@acad/engine';
import { AdmissionsContract } from '@acad/schemas';
import { GENDER_NOT_STATED } from '@acad/zones';
import { CubeReader, releasedRow, type ReleasedTable } from './cube-reader';

/** Stages of an application: each an inner node or leaf of one tree, so offers ⊂ applications and so on. */
const STAGE_PATHS = [
  ['not offered'],
  ['offers', 'offered, not accepted'],
  ['offers', 'acceptances', 'accepted, not enrolled'],
  ['offers', 'acceptances', 'enrolments'],
];
/** Gender breakdowns may be released at most at these grains, coarse to fine (see `finestSafeGrain`). */
export const GENDER_GRAIN_CHAIN = ['all applications', 'intake term', 'intake term × programme', 'intake term × programme × country'];
export const ALL = 'all';

export interface AdmissionsFamily {
  cube: ReleaseCube;
  stage: Hierarchy;
  term: Hierarchy;
  programme: Hierarchy;
  country: Hierarchy;
  gender: Hierarchy;
  stages: { applications: number; offers: number; acceptances: number; enrolments: number };
  /** Finest grain of GENDER_GRAIN_CHAIN at which gender is released where anyone sees it masked (−1: none). */
  maskedGenderGrain: number;
  medians: Map<string, { median_gpa: unknown; median_test_score: unknown }>;
  protection: ProtectionResult;
}

type CubeRow = {
  t: string | null;
  p: string | null;
  c: string | null;
  g: string | null;
  applications: number;
  offers: number;
  acceptances: number;
  enrolments: number;
};

/**
 * The admissions family: admissions_demographics (term × programme × country × gender, every stage)
 * and admissions_funnel (its term × programme totals) as one cube, with what the dashboard shows
 * (funnel, programme, country and gender totals for every filter) published in it, protected once.
 */
export async function buildAdmissionsFamily(
  engine: DuckDbEngine,
  relations: readonly string[],
  policy: ReleasePolicy,
): Promise<AdmissionsFamily | null> {
  if (!relations.includes('curated.admissions_demographics') || !relations.includes('curated.admissions_funnel')) return null;
  // The engine sums every total (CUBE); a NULL key is a total, as the product has no NULL keys.
  const rows = await engine.query<CubeRow>(
    `SELECT intake_term AS t, program_code AS p, country AS c, gender AS g,
       sum(applications)::BIGINT AS applications, sum(offers)::BIGINT AS offers,
       sum(acceptances)::BIGINT AS acceptances, sum(enrolments)::BIGINT AS enrolments
     FROM curated.admissions_demographics GROUP BY CUBE (intake_term, program_code, country, gender)`,
  );
  const values = (key: 't' | 'p' | 'c' | 'g') => [...new Set(rows.map((r) => r[key]).filter((v): v is string => v !== null))].sort();
  const stage = Hierarchy.tree('stage', STAGE_PATHS);
  const [term, programme, country, gender] = (['t', 'p', 'c', 'g'] as const).map((k, i) =>
    Hierarchy.flat(['intake_term', 'program_code', 'country', 'gender'][i], values(k)),
  );
  const cube = new ReleaseCube([stage, term, programme, country, gender]);
  const stages = {
    applications: 0,
    offers: stage.at(['offers']),
    acceptances: stage.at(['offers', 'acceptances']),
    enrolments: stage.at(['offers', 'acceptances', 'enrolments']),
  };
  const at = (axis: Hierarchy, v: string | null) => (v === null ? 0 : axis.at([v]));
  for (const r of rows) {
    const rest = [at(term, r.t), at(programme, r.p), at(country, r.c), at(gender, r.g)];
    const a = Number(r.applications);
    const o = Number(r.offers);
    const c = Number(r.acceptances);
    const e = Number(r.enrolments);
    const put = (path: string[], n: number) => cube.set([stage.at(path), ...rest], n);
    put([], a);
    put(['not offered'], a - o);
    put(['offers'], o);
    put(['offers', 'offered, not accepted'], o - c);
    put(['offers', 'acceptances'], c);
    put(['offers', 'acceptances', 'accepted, not enrolled'], c - e);
    put(['offers', 'acceptances', 'enrolments'], e);
  }
  const byGender = [stages.applications, stages.enrolments];
  const maskedGenderGrain = finestSafeGrain(GENDER_GRAIN_CHAIN.length, (grain) => genderGroups(cube, byGender, grain), policy.threshold);
  publishAdmissions(cube, stages, byGender, maskedGenderGrain);
  const protection = protectCube(cube, { threshold: policy.threshold, method: RELEASE_FAMILIES.admissions.protection });
  const medians = new Map(
    (
      await engine.query<{ t: string; p: string; median_gpa: unknown; median_test_score: unknown }>(
        'SELECT intake_term AS t, program_code AS p, median_gpa, median_test_score FROM curated.admissions_funnel',
      )
    ).map((m) => [JSON.stringify([m.t, m.p]), { median_gpa: m.median_gpa, median_test_score: m.median_test_score }]),
  );
  return { cube, stage, term, programme, country, gender, stages, maskedGenderGrain, medians, protection };
}

/** Positions of the term, programme and country axes at a grain of the chain: totals beyond it. */
function grainPositions(cube: ReleaseCube, grain: number, withTotals: boolean): number[][] {
  return [1, 2, 3].map((k, i) => (grain > i ? [...(withTotals ? [0] : []), ...cube.axes[k].leaves()] : [0]));
}

/**
 * Groups at a grain of the chain, with how many stated a gender and how many genders they stated:
 * one group per stage broken down by gender, as the status an analyst reads beside the masked
 * gender names those rows too (the one enrolled applicant of a term is a group of one).
 */
function genderGroups(cube: ReleaseCube, stages: readonly number[], grain: number) {
  const genderAxis = cube.axes[4];
  const stated = genderAxis.leaves().filter((g) => genderAxis.labels[g] !== GENDER_NOT_STATED);
  return cube.cells([stages, ...grainPositions(cube, grain, false), [0]]).map((group) => {
    const counts = stated.map((g) => cube.values[group + g * cube.strides[4]]);
    return { stated: counts.reduce((s, n) => s + n, 0), values: counts.filter((n) => n > 0).length };
  });
}

function publishAdmissions(cube: ReleaseCube, stages: AdmissionsFamily['stages'], byGender: number[], genderGrain: number): void {
  const [, term, programme, country, gender] = cube.axes;
  const withTotal = (axis: Hierarchy) => [0, ...axis.leaves()];
  const counted = [stages.applications, stages.offers, stages.acceptances, stages.enrolments];
  // The funnel (with its rates) per term × programme and every total of it the dashboard filters show.
  cube.publish([counted, withTotal(term), withTotal(programme), [0], [0]]);
  // Applications by country for a term or all (not per programme: a programme × country table with
  // every total beside the term × programme × country rows leaves too little room), and the
  // demographics rows by country.
  cube.publish([[stages.applications], withTotal(term), [0], country.leaves(), [0]]);
  cube.publish([[stages.applications, stages.enrolments], term.leaves(), programme.leaves(), country.leaves(), [0]]);
  // Gender only at the grains the masked-column rule allows, and every total of them.
  if (genderGrain >= 0) cube.publish([byGender, ...grainPositions(cube, genderGrain, true), gender.leaves()]);
  // The funnel over everything is the dashboard's headline: hidden last.
  cube.keep([counted, [0], [0], [0], [0]]);
  // A listed row (or bar) counts someone, and every listed one is a published or suppressed cell, which
  // the protection knows not to be empty. Hidden cells are listed nowhere: a reader knows only that
  // they are not negative (marking them non-empty too left the finest cells no room, and totals were hidden instead).
}

/** How a role sees the family: through the release or as true counts, and how finely by gender. */
export interface AdmissionsView {
  family: AdmissionsFamily;
  reader: CubeReader;
  /** Finest grain of GENDER_GRAIN_CHAIN this view breaks gender down at (−1: none). */
  genderGrain: number;
}

export function admissionsView(family: AdmissionsFamily | null, role: Role): AdmissionsView | null {
  const mode = releaseModeFor(role, RELEASE_FAMILIES.admissions.products);
  if (!family || mode === 'denied') return null;
  const sees = mode === 'true-counts' && seesColumn(role, AdmissionsContract, 'gender');
  return {
    family,
    reader: new CubeReader(family.cube, mode === 'released'),
    genderGrain: sees ? GENDER_GRAIN_CHAIN.length - 1 : family.maskedGenderGrain,
  };
}

/** Rows of a product as the view releases them (for the funnel: released roles; for demographics: anyone with gender masked). */
export function admissionsRows(view: AdmissionsView, product: string): ReleasedTable {
  const { family, reader } = view;
  const { term, programme, country, gender, stages } = family;
  const s = stages;
  if (product === 'admissions_funnel') {
    const rows: Array<Record<string, unknown>> = [];
    for (const t of term.leaves())
      for (const p of programme.leaves()) {
        const cell = (stage: number) => [stage, t, p, 0, 0];
        if (!reader.listed(cell(s.applications))) continue;
        const applications = reader.count(cell(s.applications));
        const median = family.medians.get(JSON.stringify([term.labels[t], programme.labels[p]]));
        const shown = (v: unknown) => (applications.suppressed ? { value: null, suppressed: true } : ((v ?? null) as number | null));
        rows.push(
          releasedRow(
            { intake_term: term.labels[t], program_code: programme.labels[p] },
            {
              applications,
              offers: reader.count(cell(s.offers)),
              acceptances: reader.count(cell(s.acceptances)),
              enrolments: reader.count(cell(s.enrolments)),
              offer_rate: reader.ratio(cell(s.offers), cell(s.applications)),
              yield: reader.ratio(cell(s.acceptances), cell(s.offers)),
              median_gpa: shown(median?.median_gpa),
              median_test_score: shown(median?.median_test_score),
            },
          ),
        );
      }
    const columns = ['intake_term', 'program_code', 'applications', 'offers', 'acceptances', 'enrolments', 'offer_rate', 'yield'];
    return { columns: [...columns, 'median_gpa', 'median_test_score', 'suppressed'], rows };
  }
  const rows: Array<Record<string, unknown>> = [];
  const label = (axis: Hierarchy, p: number) => (p === 0 ? ALL : axis.labels[p]);
  const push = (t: number, p: number, c: number, g: number) => {
    if (!reader.listed([s.applications, t, p, c, g])) return;
    rows.push(
      releasedRow(
        { intake_term: label(term, t), program_code: label(programme, p), gender: label(gender, g), country: label(country, c) },
        { applications: reader.count([s.applications, t, p, c, g]), enrolments: reader.count([s.enrolments, t, p, c, g]) },
      ),
    );
  };
  for (const t of term.leaves()) for (const p of programme.leaves()) for (const c of country.leaves()) push(t, p, c, 0);
  if (view.genderGrain >= 0) {
    const [ts, ps, cs] = grainPositions(family.cube, view.genderGrain, false);
    for (const t of ts) for (const p of ps) for (const c of cs) for (const g of gender.leaves()) push(t, p, c, g);
  }
  return { columns: ['intake_term', 'program_code', 'gender', 'country', 'applications', 'enrolments', 'suppressed'], rows };
}
