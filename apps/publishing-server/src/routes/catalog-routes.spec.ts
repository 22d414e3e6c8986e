import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Role } from '@acad/access';
import { DuckDbEngine } from '@acad/engine';
import { evaluateBatchQuality, LocalQualityHistoryStore, parseDqdl } from '@acad/quality';
import { StudentsContract } from '@acad/schemas';
import { buildServer } from '../build-server';
import type { ColumnLineage, SearchResult } from '../data/catalog-view';
import type { DatasetQuality } from '../data/quality-view';
import { ingestInto, sampleLake, type SampleLake } from '../sample-lake.test-support';

type Caller = Role | 'anonymous';

// A student no students file has: the attendance row naming it breaks the known-student reference rule (a warning).
const UNKNOWN_STUDENT = 'S9999999';
// A student whose row breaks a rule in the quality record below: its name and e-mail must never be shown.
const PLAINTEXT = { first: 'Zebediah', last: 'Quartermain', email: 'zebediah.quartermain@example.org' };

describe('catalog search, column lineage and quality pages', () => {
  let lake: SampleLake;
  let app: FastifyInstance;
  const as = (caller: Caller, url: string) =>
    app.inject({ method: 'GET', url, headers: caller === 'anonymous' ? {} : { authorization: `Bearer ${lake.tokens[caller]}` } });
  const search = async (caller: Caller, q: string) => {
    const reply = await as(caller, `/api/catalog/search?q=${encodeURIComponent(q)}`);
    expect(reply.statusCode).toBe(200);
    return (reply.json() as { results: SearchResult[] }).results;
  };
  const hit = (results: SearchResult[], qualified: string) => results.find((r) => `${r.zone}.${r.name}` === qualified);

  beforeAll(async () => {
    lake = await sampleLake(40);
    const file = join(lake.home, 'attendance-late.csv');
    writeFileSync(
      file,
      'student_id,course_code,section,session_date,status,minutes_late,recorded_at,source_system\n' +
        `${UNKNOWN_STUDENT},HIST366,01,2025-09-08,present,0,2025-09-08T11:02:10.238Z,canvas-lms\n`,
    );
    await ingestInto(lake.home, 'attendance', file);

    // A students batch checked by a rule its rows break, recorded as the pipeline records it: the
    // failing rows kept in the record are the quality library's, masked by the contract's PII classes.
    const engine = await DuckDbEngine.open({ mode: 'pipeline' });
    try {
      await engine.run(
        `CREATE TABLE students_batch AS SELECT * FROM (VALUES ('S1234567', '${PLAINTEXT.first}', '${PLAINTEXT.last}', '${PLAINTEXT.email}', 'BSC-CS', 1949, 'active'))
           AS t(student_id, first_name, last_name, email, program_code, cohort_year, status)`,
      );
      await evaluateBatchQuality({
        engine,
        contract: StudentsContract,
        relation: 'students_batch',
        batchId: 'b-students-check',
        history: new LocalQualityHistoryStore(lake.home),
        rules: parseDqdl('Rules = [\n  # @rule students.cohort_year.recorded warn\n  ColumnValues "cohort_year" >= 1950\n]'),
      });
    } finally {
      await engine.close();
    }
    app = await buildServer(lake.settings);
  }, 240_000);
  afterAll(async () => {
    await app?.close();
  });

  describe('search', () => {
    it('matches names, columns, descriptions and tags, saying which field matched', async () => {
      expect(hit(await search('analyst', 'weekly'), 'curated.attendance_weekly')?.matched).toContain('name');
      expect(hit(await search('analyst', 'session_date'), 'trusted.attendance')?.matched).toEqual(['column session_date']);
      expect(hit(await search('analyst', 'lms'), 'trusted.attendance')?.matched).toEqual(['description']);
      expect(hit(await search('analyst', 'tokenized'), 'trusted.attendance')?.matched).toEqual(['column student_id (tag tokenized)']);
      expect(hit(await search('analyst', 'e-mail'), 'trusted.students')?.matched).toEqual(['column email (description)']);
      // Every word must be found; name matches rank first.
      expect((await search('analyst', 'attendance'))[0]).toMatchObject({ zone: 'curated', href: '/catalog/attendance_by_department' });
      expect(await search('analyst', 'weekly pii:direct')).toEqual([]);
    });

    it('finds only datasets the role may see, never the raw zone, and refuses roles without the catalog', async () => {
      const everything = (caller: Caller) => search(caller, 'course_code');
      expect((await everything('analyst')).map((r) => `${r.zone}.${r.name}`)).toEqual(
        expect.arrayContaining(['trusted.courses', 'trusted.attendance', 'curated.attendance_weekly']),
      );
      for (const r of await everything('admin')) expect(r.zone).not.toBe('raw');
      const viewer = await everything('viewer');
      expect(viewer.length).toBeGreaterThan(0);
      for (const r of viewer) expect(r.zone).toBe('curated');
      expect((await as('public', '/api/catalog/search?q=attendance')).statusCode).toBe(403);
      expect((await as('anonymous', '/api/catalog/search?q=attendance')).statusCode).toBe(401);
    });

    it('keeps the search in the URL: the page shows the results of ?q=', async () => {
      const page = await as('analyst', '/catalog?q=session_date');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('value="session_date"');
      expect(page.body).toContain('<a href="/catalog/attendance">trusted.attendance</a>');
      expect(page.body).toContain('<span class="badge">column session_date</span>');
      expect((await as('viewer', '/catalog?q=pii:direct')).body).toContain('No dataset you may see matches “pii:direct”.');
    });
  });

  describe('column lineage', () => {
    const byColumn = async (caller: Caller, dataset: string) => {
      const reply = await as(caller, `/api/datasets/${dataset}`);
      expect(reply.statusCode).toBe(200);
      const lineage = (reply.json() as { lineage: { byColumn: ColumnLineage[] } }).lineage.byColumn;
      return new Map(lineage.map((c) => [c.column, c]));
    };

    it('names the upstream columns feeding each product column, and their own sources', async () => {
      const weekly = await byColumn('analyst', 'attendance_weekly');
      expect(weekly.get('attendance_rate')?.upstream).toEqual([
        { name: 'trusted.attendance.status', known: true, children: [{ name: 'raw.attendance.status', known: true, children: [] }] },
      ]);
      expect(weekly.get('week_start')?.upstream.map((n) => n.name)).toEqual(['trusted.attendance.session_date']);
    });

    it('names the product columns computed from a trusted column', async () => {
      const attendance = await byColumn('analyst', 'attendance');
      expect(attendance.get('status')?.downstream).toEqual(
        expect.arrayContaining(['curated.attendance_weekly.attendance_rate', 'curated.attendance_by_department.attendance_rate']),
      );
    });

    it('shows it on the dataset page, linking what the role may open', async () => {
      const analyst = (await as('analyst', '/catalog/attendance_weekly')).body;
      expect(analyst).toContain('Column lineage');
      expect(analyst).toContain('<a href="/catalog/attendance"><code>trusted.attendance.status</code></a>');
      const viewer = (await as('viewer', '/catalog/attendance_weekly')).body;
      expect(viewer).toContain('<code>trusted.attendance.status</code>');
      expect(viewer).not.toContain('<a href="/catalog/attendance">');
    });
  });

  describe('quality history', () => {
    const quality = async (caller: Caller, dataset: string) => {
      const reply = await as(caller, `/api/datasets/${dataset}/quality`);
      expect(reply.statusCode).toBe(200);
      return reply.json() as DatasetQuality;
    };

    it('gives each rule its DQDL, latest outcome and history over the batches, and says what the score means', async () => {
      const q = await quality('analyst', 'attendance');
      expect(q.batches).toHaveLength(2);
      expect(q.batches.map((b) => b.score)).toEqual([1, 1]);
      expect(q.scoreMeaning).toMatch(/warnings .* never count against it/);
      const known = q.rules.find((r) => r.ruleId === 'attendance.student_id.known_student');
      expect(known).toMatchObject({
        severity: 'warn',
        definition: { kind: 'dqdl', text: 'ReferentialIntegrity "student_id" "students.student_id" = 1' },
        latest: { outcome: 'warned', failingRows: 1, threshold: '= 1' },
      });
      expect(known?.history.map((h) => h.batchId)).toEqual(q.batches.map((b) => b.batchId));
      expect(known?.history[1].outcome).toBe('warned');
      expect(q.rules.find((r) => r.ruleId === 'attendance.parse')?.definition.kind).toBe('contract');
      // An anomaly rule still learning has no bound to show yet.
      expect(q.rules.find((r) => r.ruleId === 'attendance.row_count.anomaly')?.latest).toMatchObject({
        outcome: 'warned',
        threshold: null,
      });
      // Failing and warned rules come first.
      expect(q.rules[0].latest.outcome).not.toBe('passed');
    });

    it('shows the failing rows as the record keeps them: the identifier as its token, never the student number', async () => {
      const known = (await quality('analyst', 'attendance')).rules.find((r) => r.ruleId === 'attendance.student_id.known_student');
      expect(known?.samples?.rows).toHaveLength(1);
      expect(known?.samples?.rows[0]).toMatchObject({ course_code: 'HIST366', student_id: expect.stringMatching(/^tok_/) });
      expect(known?.samples?.columns).not.toContain('_batch_id');
      for (const url of ['/api/datasets/attendance/quality', '/catalog/attendance/quality'])
        expect((await as('admin', url)).body).not.toContain(UNKNOWN_STUDENT);
    });

    it('never shows a failing row’s name or e-mail in plaintext, on the API or the page, to any role', async () => {
      const q = await quality('registrar', 'students');
      const rule = q.rules.find((r) => r.ruleId === 'students.cohort_year.recorded');
      expect(rule?.latest.outcome).toBe('warned');
      // The row is shown (masked), so the check below is about what is shown, not about an empty page.
      expect(rule?.samples?.rows[0]).toMatchObject({
        first_name: 'Z*******',
        last_name: 'Q**********',
        email: 'z*******************@example.org',
      });
      for (const caller of ['admin', 'registrar', 'analyst'] as const)
        for (const url of ['/api/datasets/students/quality', '/catalog/students/quality']) {
          const body = (await as(caller, url)).body;
          // Analysts see no direct-identifier column at all, masked or not.
          if (caller === 'analyst') expect(body).not.toContain('Q**********');
          else expect(body).toContain('Q**********');
          for (const value of Object.values(PLAINTEXT)) expect(body).not.toContain(value);
        }
    });

    it('renders rules, outcomes, the history chart and the score explanation on the page', async () => {
      const page = await as('analyst', '/catalog/attendance/quality');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('What the score means');
      expect(page.body).toContain('<span class="outcome outcome-warned">Warned</span> <h3>attendance.student_id.known_student</h3>');
      expect(page.body).toContain('ReferentialIntegrity &quot;student_id&quot; &quot;students.student_id&quot; = 1');
      expect(page.body).toMatch(
        /<svg class="spark"[^>]*aria-label="History of the last 2 batches, oldest first: 1 passed, 1 warned, 0 failed"/,
      );
      expect(page.body).toContain('id="scoreHistory"');
    });

    it('is gated like the dataset: hidden and curated datasets are not found', async () => {
      for (const url of ['/api/datasets/attendance/quality', '/catalog/attendance/quality']) {
        expect((await as('viewer', url)).statusCode).toBe(404);
        expect((await as('public', url)).statusCode).toBe(404);
      }
      expect((await as('analyst', '/api/datasets/attendance_weekly/quality')).statusCode).toBe(404);
      expect((await as('analyst', '/api/datasets/nothing/quality')).statusCode).toBe(404);
    });
  });
});
