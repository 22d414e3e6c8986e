import type { FastifyInstance } from 'fastify';
import type { Role } from '@acad/access';
import { buildServer } from './build-server';
import { Attacker, type Atom, type Match } from './release/attacker.test-support';
import { sampleLake, type SampleLake } from './sample-lake.test-support';

const T = 5;
type Json = Record<string, unknown>;
type Caller = Role | 'anonymous';
const STAGES: Record<string, string[]> = {
  applications: ['not offered', 'offered only', 'accepted only', 'enrolled'],
  offers: ['offered only', 'accepted only', 'enrolled'],
  acceptances: ['accepted only', 'enrolled'],
  enrolments: ['enrolled'],
};
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
/** A released row's label: 'all' (a total) matches every value. */
const label = (v: unknown) => (v === 'all' || v === null || v === undefined ? undefined : String(v));

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
  /** Every filter combination of a dashboard, as its own filter lists offer them. */
  const everyFilter = async (id: string, keys: string[], caller: Caller = 'anonymous') => {
    const base = await get(caller, `/api/dashboards/${id}`);
    const filters = base['filters'] as Record<string, string[]>;
    const lists = keys.map((k) => ['', ...(filters[`${k === 'term' ? 'terms' : `${k}s`}`] ?? [])]);
    const out: Array<{ selected: Record<string, string>; data: Json }> = [];
    for (const a of lists[0])
      for (const b of lists[1] ?? ['']) {
        const selected = Object.fromEntries([[keys[0], a], ...(keys[1] ? [[keys[1], b]] : [])].filter(([, v]) => v !== ''));
        const query = new URLSearchParams(selected).toString();
        out.push({ selected, data: await get(caller, `/api/dashboards/${id}${query ? `?${query}` : ''}`) });
      }
    return out;
  };
  const rowsOf = async (caller: Caller, product: string) =>
    (await get(caller, `/api/datasets/${product}/rows?limit=1000`))['rows'] as Json[];

  beforeAll(async () => {
    lake = await sampleLake(30);
    app = await buildServer(lake.settings);
  }, 180_000);
  afterAll(() => app?.close());

  const GENDERS = ['f', 'm', 'x', 'u', 'not stated'];
  async function admissionsUniverse(): Promise<Record<string, string[]>> {
    const dashboard = (await get('anonymous', '/api/dashboards/admissions'))['filters'] as Record<string, string[]>;
    const countries = (await rowsOf('anonymous', 'admissions_demographics')).map((r) => String(r['country'])).filter((c) => c !== 'all');
    return { t: dashboard['terms'], p: dashboard['programmes'], c: [...new Set(countries)], g: GENDERS, s: STAGES['applications'] };
  }

  async function admissionsAtoms(): Promise<Atom[]> {
    const rows = await truth(
      `SELECT intake_term AS t, program_code AS p, country AS c, coalesce(gender, 'not stated') AS g,
         CASE WHEN status IN ('offered', 'declined') THEN 'offered only' WHEN status = 'accepted' THEN 'accepted only'
              WHEN status = 'enrolled' THEN 'enrolled' ELSE 'not offered' END AS s, count(*) AS n
       FROM trusted.admissions GROUP BY ALL`,
    );
    return rows.map((r) => ({
      key: { t: String(r['t']), p: String(r['p']), c: String(r['c']), g: String(r['g']), s: String(r['s']) },
      truth: Number(r['n']),
    }));
  }

  /** Gender as a release labels it; releases from before "not stated" folded it into "u". */
  const genderMatch = (g: string | undefined, foldsNotStated: boolean) => (g === 'u' && foldsNotStated ? ['u', 'not stated'] : g);

  it('shows analysts the true aggregates: funnel, gender and country totals equal trusted.admissions', async () => {
    const atoms = await admissionsAtoms();
    const sum = (keep: (a: Atom) => boolean) => atoms.filter(keep).reduce((s, a) => s + a.truth, 0);
    const charts = (await get('analyst', '/api/dashboards/admissions'))['charts'] as Record<string, Json[]>;
    expect(charts['funnel'].find((s) => s['stage'] === 'applications')?.['count']).toBe(sum(() => true));
    for (const g of charts['byGender']) expect(g['applications']).toBe(sum((a) => a.key['g'] === g['gender']));
    for (const c of charts['byCountry']) expect(c['applications']).toBe(sum((a) => a.key['c'] === c['country']));
    expect(charts['byGender'].some((g) => g['gender'] === 'not stated')).toBe(true);
  });

  it('leaves every suppressed admissions number a public reader can reach with a feasible interval wider than the threshold', async () => {
    const universe = await admissionsUniverse();
    const attacker = new Attacker(universe, await admissionsAtoms());
    const demographics = await rowsOf('anonymous', 'admissions_demographics');
    const folds = !demographics.some((r) => r['gender'] === 'not stated');
    const listed = (rows: Json[], keys: Record<string, string>) =>
      rows.map((r) => Object.fromEntries(Object.entries(keys).map(([d, column]) => [d, String(r[column])])));
    for (const { selected, data } of await everyFilter('admissions', ['term', 'programme'])) {
      const charts = data['charts'] as Record<string, Json[]>;
      const at: Match = { t: selected['term'], p: selected['programme'] };
      for (const s of charts['funnel'] ?? [])
        attacker.count({
          label: `funnel ${JSON.stringify(at)} ${s['stage']}`,
          match: { ...at, s: STAGES[String(s['stage'])] },
          value: num(s['count']),
        });
      for (const r of charts['byProgramme'] ?? []) {
        const m = { ...at, p: String(r['programme']) };
        attacker.count({ label: `programme ${JSON.stringify(m)}`, match: m, value: num(r['applications']) });
        attacker.rate({ ...m, s: STAGES['offers'] }, m, num(r['offer_rate']), 4);
        attacker.rate({ ...m, s: STAGES['acceptances'] }, { ...m, s: STAGES['offers'] }, num(r['yield']), 4);
      }
      for (const r of charts['byGender'] ?? [])
        attacker.count({
          label: `gender ${JSON.stringify(at)} ${r['gender']}`,
          match: { ...at, g: genderMatch(String(r['gender']), folds) },
          value: num(r['applications']),
        });
      for (const r of charts['byCountry'] ?? [])
        attacker.count({
          label: `country ${JSON.stringify(at)} ${r['country']}`,
          match: { ...at, c: String(r['country']) },
          value: num(r['applications']),
        });
      // Each list names every non-empty group for the selection, so a missing one is empty.
      if (charts['funnel']?.length) {
        if (!selected['programme']) attacker.complete(at, ['p'], listed(charts['byProgramme'] ?? [], { p: 'programme' }), universe);
        if ((charts['byCountry'] ?? []).length) attacker.complete(at, ['c'], listed(charts['byCountry'], { c: 'country' }), universe);
      }
    }
    const funnelRows = await rowsOf('anonymous', 'admissions_funnel');
    attacker.complete({}, ['t', 'p'], listed(funnelRows, { t: 'intake_term', p: 'program_code' }), universe);
    for (const r of funnelRows) {
      const m = { t: String(r['intake_term']), p: String(r['program_code']) };
      for (const stage of Object.keys(STAGES))
        attacker.count({ label: `funnel row ${JSON.stringify(m)} ${stage}`, match: { ...m, s: STAGES[stage] }, value: num(r[stage]) });
    }
    const byCountryRows = demographics.filter((r) => r['country'] !== 'all' && r['intake_term'] !== 'all' && r['program_code'] !== 'all');
    attacker.complete({}, ['t', 'p', 'c'], listed(byCountryRows, { t: 'intake_term', p: 'program_code', c: 'country' }), universe);
    for (const r of demographics) {
      const m: Match = {
        t: label(r['intake_term']),
        p: label(r['program_code']),
        c: label(r['country']),
        g: genderMatch(label(r['gender']), folds),
      };
      attacker.count({ label: `demographics ${JSON.stringify(m)}`, match: m, value: num(r['applications']) });
      attacker.count({ label: `demographics ${JSON.stringify(m)} enrolled`, match: { ...m, s: 'enrolled' }, value: num(r['enrolments']) });
    }
    expect(attacker.suppressedCount).toBeGreaterThan(0);
    // The linear relaxation over the whole sample, every third suppressed number: the exact integer
    // check over every cell runs on random small populations (release-cubes.spec.ts).
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
      const genders = ((data['charts'] as Record<string, Json[]>)['byGender'] ?? []).filter((g) => g['gender'] !== 'not stated');
      if (genders.length === 1) recovered.push(`dashboard: ${selected['term']} ${selected['programme']} is ${genders[0]['gender']}`);
    }
    expect(recovered).toEqual([]);
  }, 120_000);
});
