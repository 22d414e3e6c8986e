import type { Role } from '@acad/access';
import { Attacker, type Atom, type Match } from './attacker.test-support';

export type Json = Record<string, unknown>;
export type Caller = Role | 'anonymous';
/** GET a path of the publishing server's API as a caller (over HTTP, or the same functions in process). */
export type Fetch = (caller: Caller, path: string) => Promise<Json>;

export const STAGES: Record<string, string[]> = {
  applications: ['not offered', 'offered only', 'accepted only', 'enrolled'],
  offers: ['offered only', 'accepted only', 'enrolled'],
  acceptances: ['accepted only', 'enrolled'],
  enrolments: ['enrolled'],
};
export const GENDERS = ['f', 'm', 'x', 'u', 'not stated'];
/** The stage of an application, from its status, as SQL over trusted.admissions. */
export const STAGE_SQL = `CASE WHEN status IN ('offered', 'declined') THEN 'offered only' WHEN status = 'accepted' THEN 'accepted only'
  WHEN status = 'enrolled' THEN 'enrolled' ELSE 'not offered' END`;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
/** A released row's label: 'all' (a total) matches every value. */
const label = (v: unknown) => (v === 'all' || v === null || v === undefined ? undefined : String(v));

/** A dashboard answer's rows per query (none where the query is withheld or not for the caller). */
export const queryRows = (data: Json): Record<string, Json[]> =>
  Object.fromEntries(Object.entries(data['queries'] as Record<string, { rows: Json[] } | null>).map(([k, v]) => [k, v?.rows ?? []]));

/** Every filter combination of a dashboard, as its own filter lists offer them. */
export async function everyFilter(fetch: Fetch, id: string, keys: string[], caller: Caller = 'anonymous') {
  const base = await fetch(caller, `/api/dashboards/${id}`);
  const filters = (base['filters'] as { options: Record<string, string[]> }).options;
  const lists = keys.map((k) => ['', ...(filters[k] ?? [])]);
  const out: Array<{ selected: Record<string, string>; data: Json }> = [];
  for (const a of lists[0])
    for (const b of lists[1] ?? ['']) {
      const selected = Object.fromEntries([[keys[0], a], ...(keys[1] ? [[keys[1], b]] : [])].filter(([, v]) => v !== ''));
      const query = new URLSearchParams(selected).toString();
      out.push({ selected, data: await fetch(caller, `/api/dashboards/${id}${query ? `?${query}` : ''}`) });
    }
  return out;
}

export const rowsOf = async (fetch: Fetch, caller: Caller, product: string) =>
  (await fetch(caller, `/api/datasets/${product}/rows?limit=1000`))['rows'] as Json[];

/**
 * Every number of the admissions family a public reader can reach (the dashboard under every
 * filter, the funnel and demographics rows), as facts of an attacker over term × programme ×
 * country × gender × stage.
 */
export async function publicAdmissionsAttacker(fetch: Fetch, truth: Atom[]): Promise<Attacker> {
  const dashboard = ((await fetch('anonymous', '/api/dashboards/admissions'))['filters'] as { options: Record<string, string[]> }).options;
  const demographics = await rowsOf(fetch, 'anonymous', 'admissions_demographics');
  const countries = [...new Set(demographics.map((r) => String(r['country'])).filter((c) => c !== 'all'))];
  const universe = { t: dashboard['term'], p: dashboard['programme'], c: countries, g: GENDERS, s: STAGES['applications'] };
  const attacker = new Attacker(universe, truth);
  // Releases from before "not stated" folded an empty gender into "u".
  const folds = !demographics.some((r) => r['gender'] === 'not stated');
  const gender = (g: string | undefined) => (g === 'u' && folds ? ['u', 'not stated'] : g);
  const listed = (rows: Json[], keys: Record<string, string>) =>
    rows.map((r) => Object.fromEntries(Object.entries(keys).map(([d, column]) => [d, String(r[column])])));
  for (const { selected, data } of await everyFilter(fetch, 'admissions', ['term', 'programme'])) {
    const charts = queryRows(data);
    const at: Match = { t: selected['term'], p: selected['programme'] };
    // The headline totals: the selection's applications and yield.
    for (const r of charts['totals'] ?? []) {
      attacker.count({ label: `totals ${JSON.stringify(at)}`, match: at, value: num(r['applications']) });
      attacker.rate({ ...at, s: STAGES['acceptances'] }, { ...at, s: STAGES['offers'] }, num(r['yield']), 4);
    }
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
        match: { ...at, g: gender(String(r['gender'])) },
        value: num(r['applications']),
      });
    for (const r of charts['byCountry'] ?? [])
      attacker.count({
        label: `country ${JSON.stringify(at)} ${r['country']}`,
        match: { ...at, c: String(r['country']) },
        value: num(r['applications']),
      });
    // Each list names every non-empty group of the selection, so a missing one is empty.
    if (charts['funnel']?.length) {
      if (!selected['programme']) attacker.complete(at, ['p'], listed(charts['byProgramme'] ?? [], { p: 'programme' }), universe);
      if ((charts['byCountry'] ?? []).length) attacker.complete(at, ['c'], listed(charts['byCountry'], { c: 'country' }), universe);
    }
  }
  const funnelRows = await rowsOf(fetch, 'anonymous', 'admissions_funnel');
  attacker.complete({}, ['t', 'p'], listed(funnelRows, { t: 'intake_term', p: 'program_code' }), universe);
  for (const r of funnelRows) {
    const m = { t: String(r['intake_term']), p: String(r['program_code']) };
    for (const stage of Object.keys(STAGES))
      attacker.count({ label: `funnel row ${JSON.stringify(m)} ${stage}`, match: { ...m, s: STAGES[stage] }, value: num(r[stage]) });
  }
  const byCountry = demographics.filter((r) => r['country'] !== 'all' && r['intake_term'] !== 'all' && r['program_code'] !== 'all');
  attacker.complete({}, ['t', 'p', 'c'], listed(byCountry, { t: 'intake_term', p: 'program_code', c: 'country' }), universe);
  for (const r of demographics) {
    const m: Match = { t: label(r['intake_term']), p: label(r['program_code']), c: label(r['country']), g: gender(label(r['gender'])) };
    attacker.count({ label: `demographics ${JSON.stringify(m)}`, match: m, value: num(r['applications']) });
    attacker.count({ label: `demographics ${JSON.stringify(m)} enrolled`, match: { ...m, s: 'enrolled' }, value: num(r['enrolments']) });
  }
  return attacker;
}
