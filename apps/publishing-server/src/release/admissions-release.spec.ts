import fc from 'fast-check';
import { DuckDbEngine, sqlString } from '@acad/engine';
import { AdmissionsDemographicsModel, AdmissionsFunnelModel } from '@acad/zones';
import { join } from 'node:path';
import { evaluateDashboard } from '../dashboards/evaluate-dashboard';
import { loadDashboardDefinitions } from '../dashboards/load-dashboards';
import { publicAdmissionsAttacker, queryRows, STAGE_SQL, type Caller, type Fetch, type Json } from './admissions-attack.test-support';
import type { Atom } from './attacker.test-support';
import { releasedRows } from './released-lake';

const T = 5;
const TERMS = ['2026-FALL', '2026-SPRING'];
const PROGRAMMES = ['BSC-CS', 'BA-HIST'];
const COUNTRIES = ['US', 'IE'];
const STATUSES = ['submitted', 'rejected', 'offered', 'declined', 'accepted', 'enrolled'];

const [ADMISSIONS] = loadDashboardDefinitions(join(__dirname, '../../dashboards')).filter((d) => d.id === 'admissions');

let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
  await engine.run('CREATE SCHEMA IF NOT EXISTS curated');
});
afterAll(() => engine.close());

/** A lake holding the two admissions products built from `applications`, and the API over it, in process. */
async function lakeOf(applications: Array<[string, string, string, string | null, string]>) {
  const values = applications.map((a) => `(${a.map((v) => (v === null ? 'NULL' : sqlString(v))).join(', ')})`).join(', ');
  await engine.registerView('trusted.admissions', `SELECT * FROM (VALUES ${values}) t(intake_term, program_code, country, gender, status)`);
  await engine.run(`CREATE OR REPLACE TABLE curated.admissions_demographics AS ${AdmissionsDemographicsModel.sql}`);
  await engine.run(
    `CREATE OR REPLACE TABLE curated.admissions_funnel AS ${AdmissionsFunnelModel.sql.replace('prior_gpa', 'NULL::DOUBLE').replace('test_score', 'NULL::DOUBLE')}`,
  );
  // A new lake object per population: released families are kept per lake.
  const open = {
    lake: {
      engine,
      relations: ['trusted.admissions', 'curated.admissions_demographics', 'curated.admissions_funnel'],
      close: () => Promise.resolve(),
    },
  };
  const fetch: Fetch = async (caller: Caller, path: string): Promise<Json> => {
    const role = caller === 'anonymous' ? 'public' : caller;
    const [route, query] = path.split('?');
    const params = Object.fromEntries(new URLSearchParams(query ?? ''));
    if (route === '/api/dashboards/admissions') return (await evaluateDashboard(ADMISSIONS, { open, role }, params)) as unknown as Json;
    const table = await releasedRows(open, role, route.split('/')[3]);
    return { rows: table?.rows ?? [] };
  };
  const truth = await engine.query<{ t: string; p: string; c: string; g: string; s: string; n: number }>(
    `SELECT intake_term AS t, program_code AS p, country AS c, coalesce(gender, 'not stated') AS g, ${STAGE_SQL} AS s, count(*)::INTEGER AS n
     FROM trusted.admissions GROUP BY ALL`,
  );
  const atoms: Atom[] = truth.map((r) => ({ key: { t: r.t, p: r.p, c: r.c, g: r.g, s: r.s }, truth: r.n }));
  return { fetch, atoms };
}

const application = fc.tuple(
  fc.constantFrom(...TERMS),
  fc.constantFrom(...PROGRAMMES),
  fc.constantFrom(...COUNTRIES),
  fc.constantFrom('f', 'm', 'x', 'u', null),
  fc.constantFrom(...STATUSES),
);

describe('the admissions release (issue 20)', () => {
  it('leaves every suppressed number the public can reach, in every table and under every filter, with an exact feasible interval wider than the threshold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(application, { minLength: 8, maxLength: 30 }), async (applications) => {
        const { fetch, atoms } = await lakeOf(applications);
        const attacker = await publicAdmissionsAttacker(fetch, atoms);
        expect(attacker.suspects(T)).toEqual([]);
      }),
      { numRuns: 5 },
    );
  }, 240_000);

  it('never gives back the masked gender of the few enrolled applicants of a group, to the public or an analyst (item 3)', async () => {
    // Ten applicants, five women and five men, of whom one (a woman) enrolled: the breakdown of
    // applications by gender is safe at every grain, that of enrolments at none (one row, whose
    // status an analyst reads beside its masked gender).
    const population: Array<[string, string, string, string | null, string]> = [
      ...Array.from({ length: 5 }, () => [TERMS[0], 'BSC-CS', 'US', 'm', 'submitted'] as [string, string, string, string, string]),
      ...Array.from({ length: 4 }, () => [TERMS[0], 'BSC-CS', 'US', 'f', 'rejected'] as [string, string, string, string, string]),
      [TERMS[0], 'BSC-CS', 'US', 'f', 'enrolled'],
    ];
    const { fetch } = await lakeOf(population);
    const recovered: string[] = [];
    for (const caller of ['anonymous', 'analyst'] as const) {
      const rows = (await fetch(caller, '/api/datasets/admissions_demographics/rows'))['rows'] as Json[];
      const grains = new Map<string, Json[]>();
      for (const r of rows.filter((r) => r['gender'] !== 'all')) {
        const grain = `${r['intake_term']}|${r['program_code']}|${r['country']}`;
        grains.set(grain, [...(grains.get(grain) ?? []), r]);
      }
      // A gender with enrolments not shown as zero, when every other gender shows zero, is the enrolled applicant's.
      for (const [grain, genders] of grains) {
        const possible = genders.filter((g) => g['enrolments'] !== 0);
        if (possible.length === 1) recovered.push(`${caller} ${grain}: ${possible[0]['gender']}`);
      }
    }
    expect(recovered).toEqual([]);
  });

  it('keeps the funnel over everything (the headline) on sparse populations where the protection used to hide all of it', async () => {
    // Two fixed draws of 83 and 82 applications spread over 160 finest groups: most hold 0–2 people,
    // and every protection found used to hide the funnel's totals (applications, offers, acceptances, enrolments).
    const draws = fc.sample(fc.array(application, { minLength: 40, maxLength: 120 }), { seed: 20, numRuns: 12 });
    for (const population of [draws[6], draws[9]]) {
      const { fetch } = await lakeOf(population);
      const charts = queryRows(await fetch('anonymous', '/api/dashboards/admissions'));
      const count = (stages: string[]) => population.filter((a) => stages.includes(a[4])).length;
      expect(charts['funnel'].map((s) => s['count'])).toEqual([
        population.length,
        count(['offered', 'declined', 'accepted', 'enrolled']),
        count(['accepted', 'enrolled']),
        count(['enrolled']),
      ]);
    }
  });

  it('publishes the true total (not a sum of what survived) whenever it is not itself small', async () => {
    const many: Array<[string, string, string, string | null, string]> = [];
    PROGRAMMES.forEach((p, i) =>
      COUNTRIES.forEach((c, j) =>
        many.push(
          ...Array.from(
            { length: 1 + ((i + j) % 4) * 3 },
            () => [TERMS[0], p, c, 'f', 'submitted'] as [string, string, string, string, string],
          ),
        ),
      ),
    );
    many.push([TERMS[1], 'BSC-CS', 'IE', null, 'enrolled']);
    const { fetch } = await lakeOf(many);
    const charts = queryRows(await fetch('anonymous', '/api/dashboards/admissions'));
    expect(charts['funnel'].find((s) => s['stage'] === 'applications')?.['count']).toBe(many.length);
    // The headline is that same cell.
    expect(((await fetch('anonymous', '/api/dashboards/admissions'))['headlines'] as Json[])[0]['value']).toBe(many.length);
  });
});
