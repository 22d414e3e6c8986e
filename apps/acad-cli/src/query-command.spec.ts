import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createZoneStores, readSnapshot } from '@acad/zones';
import { runCli } from './cli';
import { ingestAttendance, runAcad } from './lake-fixture.test-support';

describe('acad query on a lake with no data yet', () => {
  const home = mkdtempSync(join(tmpdir(), 'acad-query-empty-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('says to ingest a file first instead of naming a missing schema', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['query', 'select count(*) from trusted.attendance'], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: { ACAD_HOME: home, ACAD_LOG_LEVEL: 'silent' },
      cwd: home,
    });
    expect({ code, stdout: out.join('\n') }).toEqual({ code: 1, stdout: '' });
    expect(err.join('\n')).toMatch(/No data yet in .*: ingest a file first \(npm run ingest -- <file> --dataset <name>\)/);
    expect(err.join('\n')).not.toMatch(/schema/i);
  });
});

describe('acad query --as-of', () => {
  const home = mkdtempSync(join(tmpdir(), 'acad-query-as-of-'));
  const cli = (...args: string[]) => runAcad(home, args);
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  beforeAll(async () => {
    expect((await cli('keys', 'init')).code).toBe(0);
    await ingestAttendance(home); // commit 1: one row of 2025-09-01
    await ingestAttendance(home, 'S0000002,CS101,A,2025-09-02,present'); // commit 2
  });

  it('reads the lake as it was committed at a commit number, a day or a moment', async () => {
    const count = async (...asOf: string[]) => {
      const result = await cli('query', 'SELECT count(*) AS n FROM trusted.attendance', '--format', 'json', ...asOf);
      expect(result.stderr).toBe('');
      return (JSON.parse(result.stdout) as Array<{ n: number }>)[0].n;
    };
    expect(await count()).toBe(2);
    expect(await count('--as-of', '1')).toBe(1);
    expect(await count('--as-of', '2')).toBe(2);
    const [first, second] = (await readSnapshot(createZoneStores({ home }).platform)).entries;
    expect(await count('--as-of', first.committedAt)).toBe(first.committedAt === second.committedAt ? 2 : 1);
    expect(await count('--as-of', new Date().toISOString().slice(0, 10))).toBe(2);
    // The curated products as they were then: the commit replaced the product file, which stays for this reader.
    const sessions = async (...asOf: string[]) =>
      (
        JSON.parse(
          (await cli('query', 'SELECT sum(sessions)::INTEGER AS n FROM curated.attendance_weekly', '--format', 'json', ...asOf)).stdout,
        ) as Array<{ n: number }>
      )[0].n;
    expect(await sessions('--as-of', '1')).toBe(1);
    expect(await sessions()).toBe(2);
  });

  it('names an as-at the log cannot answer and exits 2', async () => {
    for (const [asOf, problem] of [
      ['3', 'commits run from 1 to 2'],
      ['2001-01-01', 'the first commit was made at '],
      ['yesterday', 'expected a commit number, a day (2025-10-01) or a moment'],
      ['2999-01-01', 'it is in the future (now is '],
      ['2999-01-01T00:00:00Z', 'it is in the future (now is '],
    ]) {
      const result = await cli('query', 'SELECT 1', '--as-of', asOf);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Cannot read the lake as at ${asOf}: ${problem}`);
    }
  });
});
