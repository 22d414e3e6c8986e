import { existsSync, readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pendingLandingFiles, refusedLandingEntries } from './land-file';
import { runLandingFiles } from './run-landing-files';
import type { ZoneContext } from './zone-context';
import { keysIn, tempDir, testZoneContext } from './zone-fixture.test-support';

jest.setTimeout(60_000);

// Issue 18, item 2: a symbolic link in landing (a dataset folder, or a file) is never followed:
// nothing outside ACAD_HOME is read, committed or deleted, and the run says so.

const CSV = 'student_id,course_code,section,session_date,status\nS1234567,CS101,A,2025-09-01,present\n';

describe('landing never leaves the lake', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let ctx: ZoneContext;
  let outside: string;
  let landing: string;

  beforeEach(async () => {
    work = await tempDir('acad-links-');
    ctx = testZoneContext(join(work.path, 'home'));
    outside = join(work.path, 'outside');
    landing = join(work.path, 'home', 'zones', 'landing');
    await mkdir(outside, { recursive: true });
    await mkdir(landing, { recursive: true });
    await writeFile(join(outside, 'export.csv'), CSV);
  });
  afterEach(() => work.remove());

  async function expectOutsideUntouchedAndNothingCommitted() {
    expect(readFileSync(join(outside, 'export.csv'), 'utf8')).toBe(CSV);
    expect(await keysIn(ctx.stores.platform, '_log/')).toEqual([]);
    for (const zone of ['raw', 'trusted', 'rejected'] as const)
      expect({ zone, keys: await keysIn(ctx.stores[zone]) }).toEqual({ zone, keys: [] });
  }

  it('refuses a dataset folder that is a link to a folder outside ACAD_HOME', async () => {
    await symlink(outside, join(landing, 'attendance'));
    expect(await pendingLandingFiles(ctx.stores.landing)).toEqual([]);
    expect(await pendingLandingFiles(ctx.stores.landing, 'attendance')).toEqual([]);
    expect(await refusedLandingEntries(ctx.stores.landing, 'attendance')).toEqual([
      { dataset: 'attendance', key: 'attendance', why: 'landing/attendance is a symbolic link, which the store never follows' },
    ]);
    // Even named directly, as the old listing named it, the file behind the link is not read.
    const [summary] = await runLandingFiles(ctx, [{ dataset: 'attendance', key: 'attendance/export.csv' }]);
    expect(summary).toMatchObject({
      dataset: 'attendance',
      status: 'rejected',
      problem: expect.stringMatching(/^landing\/attendance is a symbolic link, which the store never follows: .*left in place/),
    });
    await expectOutsideUntouchedAndNothingCommitted();
    expect(existsSync(join(landing, 'attendance'))).toBe(true);
  });

  it('refuses a file in landing that is a link, and runs the real files beside it', async () => {
    await mkdir(join(landing, 'attendance'));
    await symlink(join(outside, 'export.csv'), join(landing, 'attendance', 'linked.csv'));
    await writeFile(join(landing, 'attendance', 'real.csv'), CSV.replace('S1234567', 'S7654321'));
    expect((await pendingLandingFiles(ctx.stores.landing)).map((f) => f.key)).toEqual(['attendance/real.csv']);
    const summaries = await runLandingFiles(ctx, [
      { dataset: 'attendance', key: 'attendance/linked.csv' },
      { dataset: 'attendance', key: 'attendance/real.csv' },
    ]);
    expect(summaries.map((s) => [s.file, s.status])).toEqual([
      ['linked.csv', 'rejected'],
      ['real.csv', 'committed'],
    ]);
    expect(summaries[0].problem).toMatch(/^landing\/attendance\/linked\.csv is a symbolic link/);
    expect(readFileSync(join(outside, 'export.csv'), 'utf8')).toBe(CSV);
    expect(await refusedLandingEntries(ctx.stores.landing)).toEqual([
      {
        dataset: 'attendance',
        key: 'attendance/linked.csv',
        why: 'landing/attendance/linked.csv is a symbolic link, which the store never follows',
      },
    ]);
  });
});
