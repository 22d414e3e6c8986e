import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { createToken, listTokens, revokeToken, type Role } from '@acad/access';
import { DuckDbEngine, sqlIdentifier, sqlString } from '@acad/engine';
import { buildServer } from './build-server';
import { sampleLake, type SampleLake } from './sample-lake.test-support';

// exceljs declares its own Buffer type (an ArrayBuffer): hand it one.
const arrayBufferOf = (bytes: Buffer): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

type Caller = Role | 'anonymous';
const CALLERS: Caller[] = ['admin', 'registrar', 'analyst', 'viewer', 'public', 'anonymous'];
const ALL = 200;

// route → expected status per caller (a number for all, or per caller).
const MATRIX: Array<[string, string, number | Partial<Record<Caller, number>>]> = [
  ['GET', '/healthz', ALL],
  // Anonymous callers are asked for a token (401); a role that may not is refused (403).
  ['GET', '/metrics', { admin: 200, registrar: 403, analyst: 403, viewer: 403, public: 403, anonymous: 401 }],
  ['GET', '/api/session', ALL],
  ['GET', '/api/datasets', { admin: 200, registrar: 200, analyst: 200, viewer: 200, public: 403, anonymous: 401 }],
  ['GET', '/api/datasets/admissions', { admin: 200, registrar: 200, analyst: 200, viewer: 404, public: 404, anonymous: 404 }],
  ['GET', '/api/datasets/admissions/rows?limit=50', { admin: 200, registrar: 200, analyst: 200, viewer: 404, public: 404, anonymous: 404 }],
  [
    'GET',
    '/api/datasets/admissions/rows?format=csv',
    { admin: 200, registrar: 200, analyst: 200, viewer: 404, public: 404, anonymous: 404 },
  ],
  ['GET', '/api/datasets/students/rows?limit=50', { admin: 200, registrar: 200, analyst: 200, viewer: 404, public: 404, anonymous: 404 }],
  ['GET', '/api/datasets/attendance/rows?limit=20', { admin: 200, registrar: 200, analyst: 200, viewer: 404, public: 404, anonymous: 404 }],
  ['GET', '/api/datasets/attendance_weekly', ALL],
  ['GET', '/api/datasets/attendance_weekly/rows?limit=100', ALL],
  ['GET', '/api/datasets/admissions_demographics/rows?format=json', ALL],
  ['GET', '/api/datasets/admissions_funnel/rows?format=parquet', ALL],
  [
    'GET',
    '/api/datasets/student_attendance_risk/rows',
    // Viewers read rows only through the release step, which has no release of a student-level product.
    { admin: 200, registrar: 200, analyst: 200, viewer: 403, public: 404, anonymous: 404 },
  ],
  ['GET', '/api/datasets/nothing/rows', { admin: 404, registrar: 404, analyst: 404, viewer: 404, public: 404, anonymous: 404 }],
  ['POST', '/api/query', { admin: 200, registrar: 200, analyst: 200, viewer: 403, public: 403, anonymous: 401 }],
  ['GET', '/api/dashboards/attendance', ALL],
  ['GET', '/api/dashboards/admissions?term=2026-FALL', ALL],
  ['GET', '/api/dashboards/grades', ALL],
  ['GET', '/api/dashboards/nope', { admin: 404, registrar: 404, analyst: 404, viewer: 404, public: 404, anonymous: 404 }],
  ['GET', '/api/dashboards', ALL],
  ['GET', '/api/dashboards/attendance?from=2025-09-01&to=2025-10-31', ALL],
  // A filter the dashboard does not have, or a malformed date, is refused by name.
  [
    'GET',
    '/api/dashboards/admissions?course=MATH101',
    { admin: 400, registrar: 400, analyst: 400, viewer: 400, public: 400, anonymous: 400 },
  ],
  [
    'GET',
    '/api/dashboards/attendance?from=yesterday',
    { admin: 400, registrar: 400, analyst: 400, viewer: 400, public: 400, anonymous: 400 },
  ],
  ['GET', '/attendance', ALL],
  ['GET', '/', ALL],
  ['GET', '/admissions', ALL],
  ['GET', '/grades', ALL],
  ['GET', '/catalog', { admin: 200, registrar: 200, analyst: 200, viewer: 200, public: 403, anonymous: 401 }],
  ['GET', '/catalog/admissions', { admin: 200, registrar: 200, analyst: 200, viewer: 403, public: 403, anonymous: 401 }],
  ['GET', '/catalog/attendance_weekly', ALL],
  ['GET', '/sign-in', ALL],
];

describe('publishing server', () => {
  let lake: SampleLake;
  let app: FastifyInstance;
  const as = (caller: Caller, method: string, url: string, payload?: unknown, remoteAddress?: string) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: caller === 'anonymous' ? {} : { authorization: `Bearer ${lake.tokens[caller]}` },
      ...(payload ? { payload: payload as object } : {}),
      ...(remoteAddress ? { remoteAddress } : {}),
    });
  // The query route allows 30 requests a minute per token: each SQL test asks with tokens of its own.
  let client = 0;
  const clientTokens = new Map<string, string>();
  const query = (caller: Caller, sql: string) => {
    if (caller === 'anonymous') return as(caller, 'POST', '/api/query', { sql });
    const name = `${caller}-client-${client}`;
    let token = clientTokens.get(name);
    if (!token) clientTokens.set(name, (token = createToken(lake.home, { user: name, role: caller }).token));
    return app.inject({ method: 'POST', url: '/api/query', headers: { authorization: `Bearer ${token}` }, payload: { sql } });
  };

  beforeAll(async () => {
    lake = await sampleLake(60);
    app = await buildServer(lake.settings, { queryTimeoutMs: 8000 });
  }, 120_000);
  afterAll(() => app?.close());

  describe('authorisation matrix', () => {
    const responses = new Map<string, LightMyRequestResponse>();
    /** The recorded response to `key` ("caller METHOD url"), which the matrix must hold. */
    const reply = (key: string): LightMyRequestResponse => {
      const response = responses.get(key);
      if (!response) throw new Error(`The matrix recorded no response to ${key}`);
      return response;
    };
    beforeAll(async () => {
      for (const [method, url] of MATRIX) {
        for (const caller of CALLERS) {
          const payload = method === 'POST' ? { sql: 'select count(*) as n from curated.attendance_weekly' } : undefined;
          responses.set(`${caller} ${method} ${url}`, await as(caller, method, url, payload));
        }
      }
    }, 120_000);

    it.each(MATRIX)('%s %s answers each role as its policies say', (method, url, expected) => {
      const got = Object.fromEntries(CALLERS.map((c) => [c, responses.get(`${c} ${method} ${url}`)?.statusCode]));
      const want = Object.fromEntries(CALLERS.map((c) => [c, typeof expected === 'number' ? expected : expected[c]]));
      expect(got).toEqual(want);
    });

    it('sends no plaintext direct identifier, and no encrypted one, to any role but the registrar', () => {
      expect(lake.piiValues.length).toBeGreaterThan(20);
      let seenByRegistrar = 0;
      for (const [key, response] of responses) {
        const caller = key.split(' ')[0] as Caller;
        const body = response.rawPayload.toString('latin1') + response.body;
        const leaked = lake.piiValues.filter((v) => body.includes(v));
        if (caller === 'registrar') seenByRegistrar += leaked.length;
        else {
          expect({ key, leaked }).toEqual({ key, leaked: [] });
          expect(body).not.toMatch(/enc1:/);
        }
      }
      // The positive control: the registrar does get the decrypted values.
      expect(seenByRegistrar).toBeGreaterThan(0);
    });

    it('leaves direct-identifier columns out of rows for analysts, and masks sensitive ones', () => {
      const analyst = reply('analyst GET /api/datasets/admissions/rows?limit=50').json();
      const names = analyst.columns.map((c: { name: string }) => c.name);
      expect(names).not.toEqual(expect.arrayContaining(['email']));
      for (const direct of ['first_name', 'last_name', 'email', 'phone', 'date_of_birth']) expect(names).not.toContain(direct);
      expect(analyst.rows.length).toBeGreaterThan(0);
      expect(new Set(analyst.rows.map((r: { gender: string | null }) => r.gender).filter(Boolean))).toEqual(new Set(['*']));
      const registrar = reply('registrar GET /api/datasets/admissions/rows?limit=50').json();
      expect(registrar.rows.some((r: { email: string }) => lake.piiValues.includes(r.email))).toBe(true);
      // Values are decrypted with their row's key, which is selected for that alone and not answered.
      expect(Object.keys(registrar.rows[0]).sort()).toEqual(registrar.columns.map((c: { name: string }) => c.name).sort());
      const students = reply('analyst GET /api/datasets/students/rows?limit=50').json();
      expect(Object.keys(students.rows[0]).every((k) => !/name|email|birth|phone/.test(k))).toBe(true);
    });

    it('shows admin direct identifiers masked only, in rows, downloads and SQL, and lets no filter reach them', async () => {
      const admin = responses.get('admin GET /api/datasets/admissions/rows?limit=50')?.json();
      const direct = admin.columns.filter((c: { pii: string }) => c.pii === 'direct');
      expect(direct.map((c: { treatment: string }) => c.treatment)).toEqual(['mask', 'mask', 'mask', 'mask', 'mask']);
      expect(admin.rows.length).toBeGreaterThan(0);
      for (const row of admin.rows) {
        expect(row.email).toMatch(/^[^*@]\*+@/);
        expect(row.date_of_birth).toMatch(/^\d{4}$/);
      }
      const csv = responses.get('admin GET /api/datasets/admissions/rows?format=csv')?.body ?? '';
      expect(csv.split('\r\n')[0]).toContain('email');
      expect(lake.piiValues.filter((v) => csv.includes(v))).toEqual([]);
      expect((await as('admin', 'GET', '/api/datasets/admissions/rows?filter.email=x')).statusCode).toBe(400);
      const sql = await query('admin', 'select first_name, email, phone from trusted.admissions limit 20');
      const text = sql.body;
      expect(sql.statusCode).toBe(200);
      expect(lake.piiValues.filter((v) => text.includes(v))).toEqual([]);
      expect(text).not.toMatch(/enc1:/);
    });

    it('gives the public suppressed aggregates only: no group of 1 to 4 students, nothing derived from one', () => {
      const body = reply('public GET /api/datasets/attendance_weekly/rows?limit=100').json();
      expect(body.suppressed).toBe(true);
      expect(body.rows.length).toBeGreaterThan(0);
      for (const row of body.rows) {
        for (const c of ['students', 'present', 'late', 'absent', 'excused'])
          expect(row[c] === null || row[c] === 0 || row[c] >= 5).toBe(true);
        // Every value the row withholds is null, and a rate is withheld with any count it comes from.
        const withheld = String(row.suppressed).split(',').filter(Boolean);
        for (const c of withheld) expect(row[c]).toBeNull();
        if (['present', 'late', 'absent'].some((c) => withheld.includes(c))) expect(row.attendance_rate).toBeNull();
      }
      expect(body.rows.some((r: { suppressed: string }) => r.suppressed.includes('late'))).toBe(true);
      const funnel = reply('public GET /api/dashboards/admissions?term=2026-FALL').json();
      for (const p of funnel.queries.byProgramme.rows) expect(p.applications === null || p.applications >= 5).toBe(true);
      for (const h of funnel.headlines) expect(h.value === null || h.format === 'percent' || h.value >= 5).toBe(true);
      expect(reply('viewer GET /api/datasets/attendance_weekly/rows?limit=100').json().suppressed).toBe(true);
      expect(reply('analyst GET /api/datasets/attendance_weekly/rows?limit=100').json().suppressed).toBe(false);
      const dashboard = reply('public GET /api/dashboards/attendance').json();
      expect(dashboard.queries.trend.rows.length).toBeGreaterThan(0);
      expect(dashboard.queries.atRisk).toBeNull();
      // The at-risk headline is left out where its query is not for the role.
      expect(dashboard.headlines.map((h: { label: string }) => h.label)).toEqual(['Attendance rate, latest week']);
      const analyst = responses.get('analyst GET /api/dashboards/attendance')?.json();
      expect(analyst.queries.atRisk.columns).toContain('student_key');
      expect(analyst.headlines[1]).toMatchObject({ format: 'count', value: analyst.queries.atRisk.total });
      expect(reply('viewer GET /api/dashboards/attendance').json().queries.atRisk).toBeNull();
      // A week range narrows the trend to its weeks.
      const range = responses.get('public GET /api/dashboards/attendance?from=2025-09-01&to=2025-10-31')?.json();
      for (const w of range.queries.trend.rows) expect(w.week >= '2025-09-01' && w.week <= '2025-10-31').toBe(true);
    });

    it('shows the grades dashboard from course_results to roles that may read its products, and only suppressed aggregates to the public', () => {
      const grades = responses.get('analyst GET /api/dashboards/grades')?.json();
      expect(grades.filters.options.term).toEqual(['2025-FALL']);
      const distribution = grades.queries.distribution.rows;
      const versus = grades.queries.attendanceVsGrades.rows.filter((c: { suppressed: string }) => c.suppressed === '');
      expect(distribution.map((g: { grade: string }) => g.grade)).toEqual(expect.arrayContaining(['A', 'B', 'C']));
      for (const g of distribution) expect(g.students === null || g.students >= 5).toBe(true);
      expect(versus.length).toBeGreaterThan(0);
      for (const c of versus) {
        expect(c.students).toBeGreaterThanOrEqual(5);
        expect(c.correlation === null || (c.correlation >= -1 && c.correlation <= 1)).toBe(true);
      }
      // The sample grades follow attendance, so most courses correlate positively.
      const positive = versus.filter((c: { correlation: number | null }) => (c.correlation ?? 0) > 0).length;
      expect(positive / versus.length).toBeGreaterThan(0.5);
      // Both grade products are aggregates: the public sees them with every cell under 5 suppressed.
      const publicQueries = responses.get('public GET /api/dashboards/grades')?.json().queries;
      const publicVersus = publicQueries.attendanceVsGrades.rows as Array<Record<string, unknown>>;
      expect(publicVersus.filter((c) => c['suppressed'] === '').length).toBeGreaterThan(0);
      for (const cell of [...publicQueries.distribution.rows, ...publicVersus] as Array<Record<string, unknown>>) {
        const students = cell['students'] as number | null;
        expect(students === null || students >= 5).toBe(true);
        // A withheld course is listed as suppressed, every number of it null, never a zero.
        if (students === null)
          for (const m of ['students', 'mean_attendance_rate', 'mean_grade_points', 'correlation']) {
            expect(cell[m] ?? null).toBeNull();
            if (m in cell) expect(String(cell['suppressed'])).toContain(m);
          }
      }
      // The dashboards a role may read, with their filters and charts.
      const list = responses.get('public GET /api/dashboards')?.json().dashboards as Array<{ id: string; charts: unknown[] }>;
      expect(list.map((d) => d.id)).toEqual(['attendance', 'admissions', 'grades']);
    });

    it('escapes formulas in CSV and writes real Parquet', () => {
      const csv = reply('analyst GET /api/datasets/admissions/rows?format=csv');
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.headers['content-disposition']).toMatch(/attachment; filename="admissions.csv"/);
      expect(csv.body.split('\r\n')[0]).toMatch(/^application_id,gender,country/);
      for (const line of csv.body.split('\r\n').slice(1)) expect(line).not.toMatch(/(^|,)[=+@-]/);
      expect(reply('public GET /api/datasets/admissions_funnel/rows?format=parquet').rawPayload.subarray(0, 4).toString()).toBe('PAR1');
    });

    it('downloads rows as CSV (BOM when asked) and typed XLSX that read back as they were served', async () => {
      const json = JSON.parse((await as('analyst', 'GET', '/api/datasets/attendance_weekly/rows?limit=1000&sort=week_start')).body) as {
        rows: Array<Record<string, unknown>>;
      };
      const csv = await as('analyst', 'GET', '/api/datasets/attendance_weekly/rows?format=csv&bom=true&sort=week_start&limit=1000');
      expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const parsed = parse(csv.body, { bom: true, columns: true }) as Array<Record<string, string>>;
      expect(parsed).toHaveLength(json.rows.length);
      expect(parsed[0]['week_start']).toBe(json.rows[0]['week_start']);
      expect(Number(parsed[0]['sessions'])).toBe(json.rows[0]['sessions']);

      const xlsx = await as('analyst', 'GET', '/api/datasets/attendance_weekly/rows?format=xlsx&sort=week_start&limit=1000');
      expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(xlsx.headers['content-disposition']).toBe('attachment; filename="attendance_weekly.xlsx"');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(arrayBufferOf(xlsx.rawPayload));
      const sheet = book.getWorksheet('attendance_weekly');
      if (!sheet) throw new Error('no sheet named after the dataset');
      const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
      expect(header).toEqual(Object.keys(json.rows[0]));
      expect(sheet.getRow(1).font?.bold).toBe(true);
      expect(sheet.rowCount).toBe(json.rows.length + 1);
      const cell = (name: string) => sheet.getRow(2).getCell(header.indexOf(name) + 1);
      expect(cell('week_start').value).toEqual(new Date(`${String(json.rows[0]['week_start'])}T00:00:00Z`));
      expect(cell('sessions').value).toBe(json.rows[0]['sessions']);
      expect(typeof cell('attendance_rate').value).toBe('number');
      expect(cell('course_code').value).toBe(json.rows[0]['course_code']);
    });

    it('downloads a query result as formula-escaped CSV and typed XLSX', async () => {
      const sql = `SELECT '=1+1' AS formula, 42::INTEGER AS n, DATE '2025-09-01' AS day, -2.5 AS negative`;
      const ask = (format: string) =>
        app.inject({
          method: 'POST',
          url: `/api/query?format=${format}`,
          headers: { authorization: `Bearer ${createToken(lake.home, { user: `download-${format}`, role: 'analyst' }).token}` },
          payload: { sql },
        });
      const csv = await ask('csv');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-disposition']).toBe('attachment; filename="query.csv"');
      expect(parse(csv.body, { columns: true })).toEqual([{ formula: "'=1+1", n: '42', day: '2025-09-01', negative: '-2.5' }]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(arrayBufferOf((await ask('xlsx')).rawPayload));
      const row = book.getWorksheet('query')?.getRow(2);
      if (!row) throw new Error('no sheet named query');
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]).toEqual([
        '=1+1',
        42,
        new Date('2025-09-01T00:00:00Z'),
        -2.5,
      ]);
      expect(row.getCell(1).type).toBe(ExcelJS.ValueType.String);
    });

    it('sends security headers and never a CORS allow-origin', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/dashboards/attendance', headers: { origin: 'https://evil.example' } });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  describe('rows API', () => {
    it('filters and sorts on contract columns with bound values, and refuses anything else', async () => {
      const filtered = (
        await as('analyst', 'GET', '/api/datasets/attendance_weekly/rows?filter.course_code=CS101&sort=-week_start&limit=5')
      ).json();
      expect(filtered.rows.every((r: { course_code: string }) => r.course_code === 'CS101')).toBe(true);
      const injected = await as(
        'analyst',
        'GET',
        `/api/datasets/attendance_weekly/rows?filter.course_code=${encodeURIComponent("x' OR '1'='1")}`,
      );
      expect(injected.statusCode).toBe(200);
      expect(injected.json().rows).toEqual([]);
      expect((await as('analyst', 'GET', '/api/datasets/attendance_weekly/rows?sort=1;drop')).statusCode).toBe(400);
      expect((await as('analyst', 'GET', '/api/datasets/admissions/rows?filter.gender=f')).statusCode).toBe(400);
      expect((await as('analyst', 'GET', '/api/datasets/admissions/rows?filter.email=x')).statusCode).toBe(400);
      expect((await as('analyst', 'GET', '/api/datasets/attendance/rows?limit=1001')).statusCode).toBe(400);
      expect((await as('analyst', 'GET', '/api/datasets/attendance/rows?bogus=1')).statusCode).toBe(400);
    });
  });

  describe('SQL sandbox', () => {
    beforeEach(() => {
      client += 1;
    });

    const refused: Array<[string, string]> = [
      ['read_text of a path', "select * from read_text('/etc/passwd')"],
      ['read_csv of a path', "select * from read_csv('/etc/hosts')"],
      ['read_parquet of the lake', "select * from read_parquet('ZONES/**/*.parquet')"],
      ['glob', "select * from glob('/etc/*')"],
      ['COPY', "COPY (select 1) TO 'OUT'"],
      ['COPY in a WITH', "WITH a AS (select 1) COPY a TO 'OUT'"],
      ['ATTACH', "ATTACH 'OUT' AS x"],
      ['INSTALL', 'INSTALL httpfs'],
      ['LOAD', 'LOAD httpfs'],
      ['PRAGMA', 'PRAGMA database_list'],
      ['SET', 'SET enable_external_access = true'],
      ['several statements', 'select 1; drop table trusted.attendance'],
      ['CREATE', 'CREATE TABLE trusted.x AS SELECT 1'],
      ['DROP', 'DROP TABLE trusted.attendance'],
      ['INSERT', "INSERT INTO trusted.courses (course_code) VALUES ('ZZ999')"],
      ['UPDATE', "UPDATE trusted.attendance SET status = 'present'"],
      ['DELETE', 'DELETE FROM trusted.attendance'],
      ['DELETE in a WITH', 'WITH a AS (select 1) DELETE FROM trusted.attendance'],
      ['read_text in a subquery', "select (select count(*) from read_text('/etc/passwd')) as n"],
      ['setting through a function', 'select * from duckdb_secrets()'],
    ];

    it.each(refused)('refuses %s with a 4xx and changes nothing', async (name, template) => {
      // Each case as its own admin: queries are rate-limited per token, and a 429 would pass for a refusal.
      const token = createToken(lake.home, { user: `sandbox-${refused.findIndex(([n]) => n === name)}`, role: 'admin' }).token;
      const asAdmin = (sql: string) =>
        app.inject({ method: 'POST', url: '/api/query', headers: { authorization: `Bearer ${token}` }, payload: { sql } });
      const out = join(lake.home, 'sandbox-out.csv');
      const sql = template.replace('ZONES', join(lake.home, 'zones')).replace('OUT', out);
      const before = (await asAdmin('select count(*) as n from trusted.attendance')).json().rows;
      expect(before[0][0]).toBeGreaterThan(0);
      const response = await asAdmin(sql);
      if (response.statusCode === 200) {
        // duckdb_secrets() is a harmless read: it must simply show nothing.
        expect(response.json().rows).toEqual([]);
      } else {
        expect({ status: response.statusCode, error: response.json().error }).toEqual({
          status: 400,
          error: expect.stringMatching(/^(SQL_NOT_ALLOWED|QUERY_FAILED)$/),
        });
      }
      expect(existsSync(out)).toBe(false);
      expect((await asAdmin('select count(*) as n from trusted.attendance')).json().rows).toEqual(before);
    });

    // Texts a hand-written scanner read as one statement while DuckDB's lexer sees several, and
    // statements DuckDB calls a query but that are not one as written.
    const slipped: Array<[string, string]> = [
      [
        'E-string, wrapped',
        "select E'\\'' as a) q; create or replace table curated.attendance_weekly as select 0 as n; select * from (select 1 as b --'",
      ],
      ['E-string', "select E'\\'' as a; create or replace table curated.attendance_weekly as select 0 as n; select 1 --'"],
      ['dollar quotes', 'select $a$ $b$ $a$ as a; drop table curated.attendance_weekly; select $b$ x $b$'],
      ['nested comment', 'select 1 /* a /* b */ ; */ ; delete from curated.attendance_weekly'],
      ['PIVOT without IN', 'PIVOT curated.attendance_weekly ON course_code USING count(*)'],
      ['EXPLAIN ANALYZE', 'EXPLAIN ANALYZE CREATE TABLE curated.x AS SELECT 1'],
      ['CALL', 'CALL pragma_version()'],
      ['CHECKPOINT', 'CHECKPOINT'],
      ['USE', 'USE memory'],
    ];
    it.each(slipped)('refuses %s, and no other user of the role sees a change', async (_name, sql) => {
      const look = 'select count(*) as n, min(week_start) as w from curated.attendance_weekly';
      const before = (await query('analyst', look)).json().rows;
      expect(before[0][0]).toBeGreaterThan(0);
      const response = await query('analyst', sql);
      expect({ status: response.statusCode, error: response.json().error }).toEqual({
        status: 400,
        error: expect.stringMatching(/^(SQL_NOT_ALLOWED|QUERY_FAILED)$/),
      });
      const other = createToken(lake.home, { user: `analyst-${client}`, role: 'analyst' }).token;
      const seen = await app.inject({
        method: 'POST',
        url: '/api/query',
        headers: { authorization: `Bearer ${other}` },
        payload: { sql: look },
        remoteAddress: `10.1.0.${client}`,
      });
      expect(seen.json().rows).toEqual(before);
      expect((await query('analyst', look)).json().rows).toEqual(before);
    });

    it('serves each role from private read-only snapshot files holding only what it may see, never a plaintext identifier', async () => {
      expect((await query('registrar', 'select count(*) from trusted.admissions')).statusCode).toBe(200);
      const dir = join(lake.home, 'serving');
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const files = readdirSync(dir).filter((n) => /^rel-.*\.duckdb$/.test(n));
      expect(files.length).toBeGreaterThan(5);
      const plaintext = `(${lake.piiValues.map(sqlString).join(', ')})`;
      const engine = await DuckDbEngine.open({ mode: 'pipeline' });
      let encrypted = 0;
      try {
        for (const [i, name] of files.entries()) {
          expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
          await engine.run(`ATTACH ${sqlString(join(dir, name))} AS f${i} (READ_ONLY)`);
          const columns = await engine.query<{ c: string }>(
            `SELECT column_name AS c FROM information_schema.columns WHERE table_catalog = 'f${i}' AND data_type = 'VARCHAR'`,
          );
          for (const { c } of columns) {
            const [hits] = await engine.query<{ plain: number; sealed: number }>(
              `SELECT count(*) FILTER (WHERE ${sqlIdentifier(c)} IN ${plaintext}) AS plain, count(*) FILTER (WHERE ${sqlIdentifier(c)} LIKE 'enc1:%') AS sealed FROM f${i}.main.relation`,
            );
            expect({ name, c, plain: hits.plain }).toEqual({ name, c, plain: 0 });
            encrypted += hits.sealed;
          }
        }
      } finally {
        await engine.close();
      }
      // The positive control: the registrar's files do hold the direct identifiers, encrypted.
      expect(encrypted).toBeGreaterThan(0);
      const columnsOf = async (caller: Caller) =>
        (await query(caller, 'describe trusted.admissions')).json().rows.map((r: unknown[]) => r[0]);
      expect(await columnsOf('registrar')).toEqual(expect.arrayContaining(['email', 'phone', 'date_of_birth']));
      expect(await columnsOf('analyst')).not.toEqual(expect.arrayContaining(['email']));
      for (const direct of ['first_name', 'last_name', 'email', 'phone', 'date_of_birth'])
        expect(await columnsOf('analyst')).not.toContain(direct);
      const genders = (await query('analyst', 'select distinct gender from trusted.admissions where gender is not null')).json().rows;
      expect(genders).toEqual([['****']]);
    });

    describe('query pool', () => {
      const slowSql = 'select sum(hash(a * b)) from range(200000) x(a), range(200000) y(b)';
      let pool: FastifyInstance;
      let analystB: string;
      const post = (token: string, sql: string) =>
        pool.inject({
          method: 'POST',
          url: '/api/query',
          headers: { authorization: `Bearer ${token}` },
          payload: { sql },
          remoteAddress: `10.2.0.${client}`,
        });
      beforeAll(async () => {
        pool = await buildServer(lake.settings, { queryRowCap: 10, queryTimeoutMs: 2000, queryPerUser: 2 });
        analystB = createToken(lake.home, { user: 'analyst-b', role: 'analyst' }).token;
      });
      afterAll(() => pool?.close());

      it("stops a query past its time limit without failing another user's query in flight", async () => {
        const slow = post(lake.tokens.analyst, slowSql);
        await new Promise((r) => setTimeout(r, 300));
        const fast = post(analystB, 'select count(*) as n from curated.attendance_weekly');
        const [a, b] = await Promise.all([slow, fast]);
        expect(a.json().error).toBe('QUERY_TIMEOUT');
        expect(b.statusCode).toBe(200);
        expect(b.json().rows[0][0]).toBeGreaterThan(0);
      }, 90_000);

      it('refuses a query beyond the per-user limit with a clear 429, other users unaffected', async () => {
        const running = [post(lake.tokens.analyst, slowSql), post(lake.tokens.analyst, slowSql)];
        await new Promise((r) => setTimeout(r, 300));
        const third = await post(lake.tokens.analyst, 'select 1 as x');
        expect(third.statusCode).toBe(429);
        expect(third.json()).toMatchObject({
          error: 'TOO_MANY_QUERIES',
          message: expect.stringMatching(/already have 2 queries running or waiting/),
        });
        expect((await post(analystB, 'select 1 as x')).json().rows).toEqual([[1]]);
        expect((await Promise.all(running)).map((r) => r.json().error)).toEqual(['QUERY_TIMEOUT', 'QUERY_TIMEOUT']);
        expect((await post(lake.tokens.analyst, 'select 2 as x')).json().rows).toEqual([[2]]);
      }, 90_000);

      it('caps rows and stops a statement past its time limit, then keeps working', async () => {
        const many = await post(lake.tokens.analyst, 'select * from range(100)');
        expect(many.json()).toMatchObject({ truncated: true });
        expect(many.json().rows).toHaveLength(10);
        const slow = await post(lake.tokens.analyst, slowSql);
        expect(slow.statusCode).toBe(400);
        expect(slow.json().error).toBe('QUERY_TIMEOUT');
        const after = await post(lake.tokens.analyst, 'select 42 as answer');
        expect(after.json().rows).toEqual([[42]]);
      }, 60_000);
    });
  });

  describe('browser sessions', () => {
    const cookiesOf = (response: LightMyRequestResponse) => Object.fromEntries(response.cookies.map((c) => [c.name, c]));

    async function signIn(token: string, headers: Record<string, string> = {}) {
      const page = await app.inject({ method: 'GET', url: '/sign-in', headers });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
      const formCookie = cookiesOf(page)['acad_signin_csrf'].value;
      return app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: `acad_signin_csrf=${formCookie}` },
        payload: new URLSearchParams({ token, _csrf: csrf }).toString(),
      });
    }

    it('signs in with a token into an HttpOnly, SameSite=Strict cookie, and out only with the CSRF token', async () => {
      const response = await signIn(lake.tokens.viewer);
      expect(response.statusCode).toBe(303);
      const session = cookiesOf(response)['acad_session'];
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(session.secure).toBeFalsy();
      const cookie = `acad_session=${session.value}`;
      const me = (await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json();
      expect(me).toMatchObject({ user: 'viewer-user', role: 'viewer', via: 'session' });
      expect((await app.inject({ method: 'POST', url: '/sign-out', headers: { cookie } })).statusCode).toBe(403);
      const out = await app.inject({ method: 'POST', url: '/sign-out', headers: { cookie, 'x-csrf-token': me.csrf } });
      expect(out.statusCode).toBe(303);
      expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json().role).toBe('public');
    });

    it('refuses a sign-in without the form token, and a bad token', async () => {
      const noCsrf = await app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `token=${lake.tokens.admin}&_csrf=x`,
      });
      expect(noCsrf.statusCode).toBe(403);
      const bad = await signIn('acad_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      expect(bad.headers.location).toBe('/sign-in?error=1');
      expect(cookiesOf(bad)['acad_session']).toBeUndefined();
    });

    it('marks the cookie Secure behind a TLS proxy it trusts', async () => {
      const proxied = await buildServer(lake.settings, { trustProxy: true });
      try {
        const page = await proxied.inject({ method: 'GET', url: '/sign-in', headers: { 'x-forwarded-proto': 'https' } });
        expect(cookiesOf(page)['acad_signin_csrf'].secure).toBe(true);
      } finally {
        await proxied.close();
      }
    });

    it('ends sessions and bearer access when the token is revoked', async () => {
      const made = createToken(lake.home, { user: 'temp', role: 'analyst' });
      const cookie = `acad_session=${cookiesOf(await signIn(made.token))['acad_session'].value}`;
      expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json().role).toBe('analyst');
      revokeToken(lake.home, made.id);
      expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json().role).toBe('public');
      expect(
        (await app.inject({ method: 'GET', url: '/api/session', headers: { authorization: `Bearer ${made.token}` } })).statusCode,
      ).toBe(401);
      expect(listTokens(lake.home).find((t) => t.id === made.id)?.revoked).not.toBeNull();
    });
  });

  it('writes an append-only 0600 audit log of data access: who, what, rows, never values', async () => {
    await as('analyst', 'GET', '/api/datasets/attendance_weekly/rows?limit=3');
    const dir = join(lake.home, 'audit');
    const file = join(dir, readdirSync(dir).find((f) => /^audit-\d{4}-\d{2}-\d{2}\.jsonl$/.test(f)) as string);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const events = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events).toContainEqual(
      expect.objectContaining({
        user: 'analyst-user',
        role: 'analyst',
        route: '/api/datasets/:name/rows',
        dataset: 'attendance_weekly',
        rows: 3,
      }),
    );
    expect(events.some((e) => e.route === '/api/query' && Array.isArray(e.relations))).toBe(true);
    const text = readFileSync(file, 'utf8');
    for (const value of lake.piiValues) expect(text).not.toContain(value);
  });

  it('sends a dashboard answer gzipped to a client that accepts gzip, the same JSON as plain, and plain otherwise', async () => {
    const url = '/api/dashboards/attendance';
    const ask = (acceptEncoding?: string) =>
      app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${lake.tokens.analyst}`, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) },
      });
    const plain = await ask();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toMatch(/accept-encoding/i);
    const zipped = await ask('gzip, deflate, br');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(plain.json());
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    // Refused by weight, or only through * while gzip itself is refused: plain JSON.
    for (const refusing of ['gzip;q=0', 'gzip;q=0, *', 'identity', 'br'])
      expect({ refusing, encoding: (await ask(refusing)).headers['content-encoding'] }).toEqual({ refusing, encoding: undefined });
    expect((await ask('*')).headers['content-encoding']).toBe('gzip');
  });

  it('serves metrics in Prometheus text with request counts and latency by route and status', async () => {
    const metrics = await as('admin', 'GET', '/metrics');
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    expect(metrics.body).toMatch(/acad_http_requests_total\{method="GET",route="\/api\/dashboards\/:id",status="200"\} \d+/);
    expect(metrics.body).toMatch(
      /acad_http_request_duration_seconds_bucket\{le="0.05",method="GET",route="\/api\/dashboards\/:id",status="200"\}/,
    );
  });

  it('documents the API with OpenAPI at /docs', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/datasets',
        '/api/datasets/{name}',
        '/api/datasets/{name}/rows',
        '/api/query',
        '/api/dashboards/{id}',
        '/healthz',
      ]),
    );
    expect((await app.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
  });
});
