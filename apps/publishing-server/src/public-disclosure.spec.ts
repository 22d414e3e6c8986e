import type { FastifyInstance } from 'fastify';
import { buildServer } from './build-server';
import {
  publicAdmissionsAttacker,
  rowsOf as rowsVia,
  STAGE_SQL,
  everyFilter as everyFilterVia,
  queryRows,
  type Caller,
  type Json,
} from './release/admissions-attack.test-support';
import type { Atom } from './release/attacker.test-support';
import { sampleLake, type SampleLake } from './sample-lake.test-support';

const T = 5;

/**
 * Everything a reader without an account (and a viewer) can fetch, read as an attacker would
 * (issue 20): the exact solver over every published number, and the three attacks by name.
 */
describe('disclosure control of what the public can reach', () => {
  let lake: SampleLake;
  let app: FastifyInstance;
  const get = async (caller: Caller, url: string): Promise<Json> => {
    const headers = caller === 'anonymous' ? {} : { authorization: `Bearer ${lake.tokens[caller]}` };
    const response = await app.inject({ method: 'GET', url, headers });
    expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
    return response.json();
  };
  const truth = async (sql: string) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/query',
      headers: { authorization: `Bearer ${lake.tokens.admin}` },
      payload: { sql },
    });
    const { columns, rows } = response.json() as { columns: Array<{ name: string } | string>; rows: unknown[][] };
    const names = columns.map((c) => (typeof c === 'string' ? c : c.name));
    return rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
  };
  const everyFilter = (id: string, keys: string[], caller: Caller = 'anonymous') => everyFilterVia(get, id, keys, caller);
  const rowsOf = (caller: Caller, product: string) => rowsVia(get, caller, product);

  beforeAll(async () => {
    lake = await sampleLake(60);
    app = await buildServer(lake.settings);
  }, 180_000);
  afterAll(() => app?.close());

  async function admissionsAtoms(): Promise<Atom[]> {
    const rows = await truth(
      `SELECT intake_term AS t, program_code AS p, country AS c, coalesce(gender, 'not stated') AS g,
         ${STAGE_SQL} AS s, count(*) AS n
       FROM trusted.admissions GROUP BY ALL`,
    );
    return rows.map((r) => ({
      key: { t: String(r['t']), p: String(r['p']), c: String(r['c']), g: String(r['g']), s: String(r['s']) },
      truth: Number(r['n']),
    }));
  }

  // The file's first request builds every family's release (once per lake snapshot), linear programmes included.
  it('shows analysts the true aggregates: funnel, gender and country totals equal trusted.admissions', async () => {
    const atoms = await admissionsAtoms();
    const sum = (keep: (a: Atom) => boolean) => atoms.filter(keep).reduce((s, a) => s + a.truth, 0);
    const charts = queryRows(await get('analyst', '/api/dashboards/admissions'));
    expect(charts['funnel'].find((s) => s['stage'] === 'applications')?.['count']).toBe(sum(() => true));
    for (const g of charts['byGender']) expect(g['applications']).toBe(sum((a) => a.key['g'] === g['gender']));
    for (const c of charts['byCountry']) expect(c['applications']).toBe(sum((a) => a.key['c'] === c['country']));
    expect(charts['byGender'].some((g) => g['gender'] === 'not stated')).toBe(true);
  }, 120_000);

  it('leaves every suppressed admissions number a public reader can reach with a feasible interval wider than the threshold', async () => {
    const attacker = await publicAdmissionsAttacker(get, await admissionsAtoms());
    expect(attacker.suppressedCount).toBeGreaterThan(0);
    // The linear relaxation over the whole sample, every third suppressed number: the exact integer
    // check of every number runs on random small populations (release/admissions-release.spec.ts).
    expect(attacker.suspects(T, { integer: false, limit: 60 })).toEqual([]);
  }, 120_000);

  it('resists subtraction from a total published elsewhere (the funnel against the demographics rows)', async () => {
    const funnel = await rowsOf('anonymous', 'admissions_funnel');
    const demographics = await rowsOf('anonymous', 'admissions_demographics');
    const recovered: string[] = [];
    for (const total of funnel) {
      if (total['applications'] === null) continue;
      // The demographics rows of this term and programme that partition it (by country, or by gender and country).
      const parts = demographics.filter(
        (r) =>
          r['intake_term'] === total['intake_term'] &&
          r['program_code'] === total['program_code'] &&
          r['country'] !== 'all' &&
          r['country'] !== null,
      );
      const byGender = parts.some((r) => r['gender'] !== 'all');
      const partition = byGender ? parts : parts.filter((r) => r['gender'] === 'all' || r['gender'] === undefined);
      const hidden = partition.filter((r) => r['applications'] === null);
      if (hidden.length === 1)
        recovered.push(
          `${total['intake_term']} ${total['program_code']}: ${Number(total['applications']) - partition.reduce((s, r) => s + Number(r['applications'] ?? 0), 0)}`,
        );
    }
    expect(recovered).toEqual([]);
  });

  it('resists dividing a count by the share published beside it (grade_distribution)', async () => {
    const rows = await rowsOf('anonymous', 'grade_distribution');
    const sections = new Map<string, Json[]>();
    for (const r of rows)
      sections.set(`${r['course_code']}/${r['section']}/${r['term']}`, [
        ...(sections.get(`${r['course_code']}/${r['section']}/${r['term']}`) ?? []),
        r,
      ]);
    const recovered: string[] = [];
    for (const [section, cells] of sections) {
      const divisor = cells.find((c) => c['students'] !== null && c['share'] !== null && Number(c['share']) > 0);
      const hidden = cells.filter((c) => c['students'] === null);
      if (!divisor || hidden.length === 0) continue;
      const total = Math.round(Number(divisor['students']) / Number(divisor['share']));
      if (hidden.length === 1)
        recovered.push(`${section} ${hidden[0]['grade']}: ${total - cells.reduce((s, c) => s + Number(c['students'] ?? 0), 0)}`);
    }
    expect(rows.some((r) => r['students'] === null)).toBe(true);
    expect(recovered).toEqual([]);
  });

  it('resists joining a product to trusted.admissions to recover a masked gender (analyst)', async () => {
    const applications = (await get('analyst', '/api/datasets/admissions/rows?limit=1000'))['rows'] as Json[];
    expect(new Set(applications.map((a) => a['gender']).filter(Boolean))).toEqual(new Set(['*']));
    const groups = new Map<string, number>();
    const key = (t: unknown, p: unknown, c: unknown) => `${t}|${p}|${c}`;
    for (const a of applications)
      groups.set(
        key(a['intake_term'], a['program_code'], a['country']),
        (groups.get(key(a['intake_term'], a['program_code'], a['country'])) ?? 0) + 1,
      );
    const recovered: string[] = [];
    for (const caller of ['analyst', 'anonymous'] as const)
      for (const r of await rowsOf(caller, 'admissions_demographics')) {
        if (r['gender'] === 'all' || r['country'] === 'all') continue;
        if (groups.get(key(r['intake_term'], r['program_code'], r['country'])) === 1)
          recovered.push(`${caller}: ${key(r['intake_term'], r['program_code'], r['country'])} is ${r['gender']}`);
      }
    // And through the dashboard: a term × programme group of one beside its applications by gender.
    const pairs = new Map<string, number>();
    for (const a of applications)
      pairs.set(`${a['intake_term']}|${a['program_code']}`, (pairs.get(`${a['intake_term']}|${a['program_code']}`) ?? 0) + 1);
    for (const { selected, data } of await everyFilter('admissions', ['term', 'programme'], 'analyst')) {
      if (!selected['term'] || !selected['programme'] || pairs.get(`${selected['term']}|${selected['programme']}`) !== 1) continue;
      const genders = (queryRows(data)['byGender'] ?? []).filter((g) => g['gender'] !== 'not stated');
      if (genders.length === 1) recovered.push(`dashboard: ${selected['term']} ${selected['programme']} is ${genders[0]['gender']}`);
    }
    expect(recovered).toEqual([]);
  }, 120_000);
});
