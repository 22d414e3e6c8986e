import { readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readSnapshot } from './commit-log';
import { openLakeQuery } from './open-lake-query';
import { runLandingFiles } from './run-landing-files';
import type { ZoneContext } from './zone-context';
import { keysIn, tempDir, testZoneContext } from './zone-fixture.test-support';

jest.setTimeout(120_000);

// The cases the fuzz tests (landing-fuzz.spec.ts) and issue 18 found, pinned through whole runs
// (runLandingFiles, the API every caller uses): each stopped the run, stored what it must not, or
// left the wrong thing in landing.

const HEADER = 'student_id,course_code,section,session_date,status,source_system';
const ROW = (id: string, system = 'lms') => `${id},CS101,A,2025-09-01,present,${system}`;

describe('landing files that once broke a run', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let ctx: ZoneContext;

  beforeEach(async () => {
    work = await tempDir('acad-regressions-');
    ctx = testZoneContext(join(work.path, 'home'));
  });
  afterEach(() => work.remove());

  async function run(files: Array<[string, string | Buffer]>) {
    const landed = [];
    for (const [name, content] of files) {
      await ctx.stores.landing.put(`attendance/${name}`, content);
      landed.push({ dataset: 'attendance', key: `attendance/${name}` });
    }
    return runLandingFiles(ctx, landed);
  }

  async function trusted(sql: string) {
    const lake = await openLakeQuery(ctx.stores);
    try {
      return await lake.engine.query(sql);
    } finally {
      await lake.close();
    }
  }

  it('runs every file when one has a CRLF header and LF records (the CSV reader stopped, and the run with it)', async () => {
    const summaries = await run([
      ['a-mixed.csv', `${HEADER}\r\n${ROW('S0000001')}\n${ROW('S0000002')}\r\n`],
      // Found by the fuzz: comma-plus-space, CRLF then a blank line, then LF.
      ['b-spaced.csv', `${HEADER.replace(/,/g, ', ')}\r\n\r\n${ROW('S0000003').replace(/,/g, ', ')}\n`],
      // Found by the fuzz: UTF-16 with an LF header and CRLF records.
      ['c-utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n${ROW('S0000004')}\r\n`, 'utf16le')])],
      ['d-good.csv', `${HEADER}\n${ROW('S0000005')}\n`],
    ]);
    expect(summaries.map((s) => [s.file, s.status, s.rows.read, s.rows.accepted])).toEqual([
      ['a-mixed.csv', 'committed', 2, 2],
      ['b-spaced.csv', 'committed', 1, 1],
      ['c-utf16.csv', 'committed', 1, 1],
      ['d-good.csv', 'committed', 1, 1],
    ]);
  });

  it('quarantines a record whose value holds a NUL byte, in CSV or as \\u0000 in NDJSON, instead of storing it', async () => {
    const summaries = await run([
      ['nul.csv', `${HEADER}\n${ROW('S0000001', 'l\u0000ms')}\n${ROW('S0000002')}\n`],
      [
        'nul.ndjson',
        [
          JSON.stringify({
            student_id: 'S0000003',
            course_code: 'CS101',
            section: 'A',
            session_date: '2025-09-01',
            status: 'late',
            source_system: 'a\u0000b',
          }),
          JSON.stringify({ student_id: 'S0000004', course_code: 'CS101', section: 'A', session_date: '2025-09-01', status: 'present' }),
        ].join('\n'),
      ],
    ]);
    expect(summaries.map((s) => [s.file, s.status, s.rows])).toEqual([
      ['nul.csv', 'committed', { read: 2, accepted: 1, duplicates: 0, quarantined: 1 }],
      ['nul.ndjson', 'committed', { read: 2, accepted: 1, duplicates: 0, quarantined: 1 }],
    ]);
    expect(
      await trusted(`SELECT count(*)::INTEGER AS n FROM trusted.attendance WHERE contains(coalesce(source_system, ''), chr(0))`),
    ).toEqual([{ n: 0 }]);
  });

  it('keeps a UTF-8 file with one broken byte UTF-8: that record is quarantined, and the accents of the others survive', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\n${ROW('S0000001', 'Système')}\n${ROW('S0000002', 'Syst')}`),
      Buffer.from([0xe8]),
      Buffer.from('me\n'),
    ]);
    const [summary] = await run([['broken-byte.csv', bytes]]);
    expect(summary).toMatchObject({ status: 'committed', rows: { read: 2, accepted: 1, quarantined: 1 } });
    expect(await trusted('SELECT source_system FROM trusted.attendance')).toEqual([{ source_system: 'Système' }]);
  });

  it('rejects an empty file and a header without records as such, not by a quality rule, and moves them out of landing', async () => {
    const summaries = await run([
      ['empty.csv', ''],
      ['header-only.csv', `${HEADER}\n`],
    ]);
    expect(summaries.map((s) => [s.file, s.status, s.problem])).toEqual([
      ['empty.csv', 'rejected', 'empty.csv was rejected for dataset attendance: empty file'],
      ['header-only.csv', 'rejected', 'header-only.csv was rejected for dataset attendance: no data rows'],
    ]);
    expect(await keysIn(ctx.stores.landing)).toEqual([]);
    expect(await keysIn(ctx.stores.rejected)).toHaveLength(4);
  });

  it('never reads, commits or deletes a file behind a dataset folder linked outside ACAD_HOME', async () => {
    const outside = join(work.path, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'export.csv'), `${HEADER}\n${ROW('S0000001')}\n`);
    await mkdir(join(work.path, 'home', 'zones', 'landing'), { recursive: true });
    await symlink(outside, join(work.path, 'home', 'zones', 'landing', 'attendance'));
    const [summary] = await runLandingFiles(ctx, [{ dataset: 'attendance', key: 'attendance/export.csv' }]);
    expect(summary).toMatchObject({ status: 'rejected', problem: expect.stringMatching(/symbolic link/) });
    expect(readFileSync(join(outside, 'export.csv'), 'utf8')).toBe(`${HEADER}\n${ROW('S0000001')}\n`);
    expect((await readSnapshot(ctx.stores.platform)).entries).toEqual([]);
  });
});
