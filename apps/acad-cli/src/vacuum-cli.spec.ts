import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestAttendance, runAcad } from './lake-fixture.test-support';

describe('acad vacuum', () => {
  let home: string;
  const cli = (...args: string[]) => runAcad(home, args);

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'acad-cli-vacuum-'));
    expect((await cli('keys', 'init')).code).toBe(0);
    await ingestAttendance(home);
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('says what a dry run would remove, removes it when asked, and leaves the committed lake verifiable', async () => {
    const orphan = join(home, 'zones', 'trusted', 'attendance', 'session_month=2025-09', 'part-killed.parquet');
    await mkdir(join(orphan, '..'), { recursive: true });
    await writeFile(orphan, 'left by a killed batch');

    const dry = await cli('vacuum', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /^Would remove 1 file\(s\), 22 bytes; kept 6 \(readable as at any time since .*, 400 days\)\.\n {2}orphan {5}trusted\/attendance\/session_month=2025-09\/part-killed\.parquet \(22 bytes\)$/,
    );
    expect(existsSync(orphan)).toBe(true);

    const done = JSON.parse((await cli('vacuum', '--retention-days', '30', '--json')).stdout) as {
      removed: Array<{ key: string }>;
      retentionDays: number;
    };
    expect(done.retentionDays).toBe(30);
    expect(done.removed.map((f) => f.key)).toEqual(['attendance/session_month=2025-09/part-killed.parquet']);
    expect(existsSync(orphan)).toBe(false);
    expect((await cli('verify')).code).toBe(0);
  });

  it('names a bad retention and exits 2', async () => {
    const bad = await cli('vacuum', '--retention-days', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--retention-days.*expected a whole number of days/);
  });
});
