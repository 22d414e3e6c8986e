import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createToken, type Role } from '@acad/access';
import { buildServer } from '../build-server';
import { PUBLISHED_DATASETS } from '../data/published-datasets';
import { sampleLake, type SampleLake } from '../sample-lake.test-support';

type Caller = Role | 'anonymous';
const CALLERS: Caller[] = ['admin', 'registrar', 'analyst', 'viewer', 'public', 'anonymous'];
const MAY_QUERY = { admin: 200, registrar: 200, analyst: 200, viewer: 403, public: 403, anonymous: 401 };

describe('the SQL page and its APIs', () => {
  let lake: SampleLake;
  let app: FastifyInstance;
  // Each user a token of their own: the query route allows 30 requests a minute per token.
  const tokens = new Map<string, string>();
  const tokenOf = (user: string, role: Role) => {
    let token = tokens.get(user);
    if (!token) tokens.set(user, (token = createToken(lake.home, { user, role }).token));
    return token;
  };
  const as = (caller: Caller, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, user = `${caller}-user`) =>
    app.inject({
      method,
      url,
      headers: caller === 'anonymous' ? {} : { authorization: `Bearer ${tokenOf(user, caller)}` },
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    lake = await sampleLake(40);
    app = await buildServer(lake.settings, { queryTimeoutMs: 8000 });
  }, 120_000);
  afterAll(() => app?.close());

  it.each(['/sql', '/api/sql/schema', '/api/sql/history', '/api/sql/saved'])('%s answers only roles that may run SQL', async (url) => {
    const got: Record<string, number> = {};
    for (const caller of CALLERS) got[caller] = (await as(caller, 'GET', url)).statusCode;
    expect(got).toEqual(MAY_QUERY);
  });

  it('refuses the page to a viewer with the plain "not available" page, and shows the link only to roles that may query', async () => {
    const refused = await as('viewer', 'GET', '/sql');
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.body).toContain('not available to the <strong>viewer</strong> role');
    expect(refused.body).not.toContain('href="/sql"');
    expect((await as('viewer', 'GET', '/')).body).not.toContain('href="/sql"');
    expect((await as('public', 'GET', '/')).body).not.toContain('href="/sql"');
    for (const caller of ['admin', 'registrar', 'analyst'] as const) expect((await as(caller, 'GET', '/')).body).toContain('href="/sql"');
    const page = await as('analyst', 'GET', '/sql');
    expect(page.body).toContain('<a href="/sql" aria-current="page">SQL</a>');
  });

  it('lists exactly the tables and columns each role can query', async () => {
    for (const role of ['admin', 'registrar', 'analyst'] as const) {
      const { tables } = (await as(role, 'GET', '/api/sql/schema')).json() as {
        tables: Array<{ name: string; columns: Array<{ name: string }> }>;
      };
      const listed = new Map(tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
      // The role's own SQL is the judge: what is listed describes as listed, what is not cannot be read.
      const user = `${role}-schema-check`;
      for (const dataset of PUBLISHED_DATASETS) {
        const name = `${dataset.zone}.${dataset.name}`;
        const described = await as(role, 'POST', '/api/query', { sql: `describe ${name}` }, user);
        if (listed.has(name))
          expect({ name, columns: described.json().rows.map((r: unknown[]) => r[0]) }).toEqual({ name, columns: listed.get(name) });
        else expect({ name, status: described.statusCode }).toEqual({ name, status: 400 });
      }
    }
    const columnsOf = async (role: Role, table: string) =>
      ((await as(role, 'GET', '/api/sql/schema')).json().tables as Array<{ name: string; columns: Array<{ name: string }> }>)
        .find((t) => t.name === table)
        ?.columns.map((c) => c.name);
    expect(await columnsOf('registrar', 'trusted.admissions')).toEqual(expect.arrayContaining(['email', 'phone']));
    for (const direct of ['first_name', 'last_name', 'email', 'phone', 'date_of_birth'])
      expect(await columnsOf('analyst', 'trusted.admissions')).not.toContain(direct);
    expect(await columnsOf('analyst', 'curated.attendance_weekly')).toEqual(expect.arrayContaining(['course_code', 'attendance_rate']));
  }, 120_000);

  it("keeps each user's runs, newest first, with rows and duration", async () => {
    await as('analyst', 'POST', '/api/query', { sql: 'select 1 as one' }, 'history-ana');
    const ran = await as(
      'analyst',
      'POST',
      '/api/query',
      { sql: 'select course_code from curated.attendance_weekly limit 3' },
      'history-ana',
    );
    expect(ran.json()).toMatchObject({ columns: ['course_code'], durationMs: expect.any(Number) });
    // A failed run and a download are not kept.
    await as('analyst', 'POST', '/api/query', { sql: 'select nope from curated.attendance_weekly' }, 'history-ana');
    await as('analyst', 'POST', '/api/query?format=csv', { sql: 'select 2 as two' }, 'history-ana');
    const { entries } = (await as('analyst', 'GET', '/api/sql/history', undefined, 'history-ana')).json();
    expect(entries.map((e: { sql: string }) => e.sql)).toEqual([
      'select course_code from curated.attendance_weekly limit 3',
      'select 1 as one',
    ]);
    expect(entries[0]).toMatchObject({ rows: 3, durationMs: ran.json().durationMs, ranAt: expect.stringMatching(/^\d{4}-/) });
    expect((await as('analyst', 'GET', '/api/sql/history', undefined, 'history-ben')).json()).toEqual({ entries: [] });
  });

  it('saves a query whose link anyone who may run SQL opens, which only its owner lists and deletes', async () => {
    const created = await as(
      'analyst',
      'POST',
      '/api/sql/saved',
      { title: ' Weekly rates ', sql: 'select * from curated.attendance_weekly' },
      'saver',
    );
    expect(created.statusCode).toBe(201);
    const { query } = created.json();
    expect(query).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      title: 'Weekly rates',
      sql: 'select * from curated.attendance_weekly',
      savedAt: expect.any(String),
      mine: true,
    });
    expect((await as('analyst', 'GET', '/api/sql/saved', undefined, 'saver')).json().queries).toEqual([query]);
    const opened = await as('registrar', 'GET', `/api/sql/saved/${query.id}`);
    expect(opened.json()).toEqual({ query: { ...query, mine: false } });
    expect(opened.body).not.toContain('saver');
    expect((await as('registrar', 'GET', '/api/sql/saved')).json().queries).toEqual([]);
    expect((await as('viewer', 'GET', `/api/sql/saved/${query.id}`)).statusCode).toBe(403);
    expect((await as('anonymous', 'GET', `/api/sql/saved/${query.id}`)).statusCode).toBe(401);
    expect((await as('registrar', 'DELETE', `/api/sql/saved/${query.id}`)).statusCode).toBe(404);
    expect((await as('analyst', 'DELETE', `/api/sql/saved/${query.id}`, undefined, 'saver')).statusCode).toBe(204);
    expect((await as('registrar', 'GET', `/api/sql/saved/${query.id}`)).statusCode).toBe(404);
    expect((await as('analyst', 'GET', '/api/sql/saved/..%2F..%2Fhistory', undefined, 'saver')).statusCode).toBe(404);
    expect((await as('viewer', 'POST', '/api/sql/saved', { title: 'x', sql: 'select 1' })).statusCode).toBe(403);
    expect((await as('analyst', 'POST', '/api/sql/saved', { title: '', sql: 'select 1' })).statusCode).toBe(400);
  });

  it("says where in the statement an error is, without echoing the statement's text", async () => {
    const failed = await as(
      'analyst',
      'POST',
      '/api/query',
      { sql: "select\n  course_code,\n  'secret-literal' || nope\nfrom curated.attendance_weekly" },
      'errors',
    );
    expect(failed.statusCode).toBe(400);
    expect(failed.json()).toMatchObject({ error: 'QUERY_FAILED', position: { line: 3, column: 23 } });
    expect(failed.body).not.toContain('secret-literal');
  });

  it('serves the editor from node_modules through an import map the CSP allows by hash, and nothing else from there', async () => {
    const page = await as('analyst', 'GET', '/sql');
    const importMap = /<script type="importmap">(.*?)<\/script>/s.exec(page.body)?.[1] as string;
    const hash = createHash('sha256').update(importMap).digest('base64');
    expect(page.headers['content-security-policy']).toContain(`script-src 'self' 'sha256-${hash}'`);
    const { imports } = JSON.parse(importMap) as { imports: Record<string, string> };
    expect(Object.keys(imports)).toEqual(
      expect.arrayContaining([
        'codemirror',
        '@codemirror/lang-sql',
        '@codemirror/view',
        '@lezer/lr',
        'style-mod',
        'w3c-keyname',
        'crelt',
        '@marijn/find-cluster-break',
      ]),
    );
    for (const url of Object.values(imports)) {
      const module = await as('anonymous', 'GET', url);
      expect({ url, status: module.statusCode, type: module.headers['content-type'] }).toEqual({
        url,
        status: 200,
        type: 'text/javascript; charset=utf-8',
      });
    }
    const codemirror = imports['codemirror'];
    for (const url of [
      codemirror.replace(/index\.js$/, 'index.cjs'),
      codemirror.replace(/dist\/index\.js$/, 'package.json'),
      '/assets/esm/codemirror@6.0.2/../../package.json',
      '/assets/esm/%2e%2e/%2e%2e/package.json',
      '/assets/esm/fastify/package.json',
      '/assets/../package.json',
    ])
      expect({ url, status: (await as('anonymous', 'GET', url)).statusCode }).toEqual({ url, status: 404 });
  });
});
