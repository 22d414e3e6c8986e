import { readSnapshot } from './commit-log';
import { land } from './lake-integrity.test-support';
import { vacuumLake } from './vacuum-lake';
import { verifyLake } from './verify-lake';
import type { ZoneContext } from './zone-context';
import { keysIn, tempDir, testZoneContext } from './zone-fixture.test-support';

jest.setTimeout(60_000);

const ATTENDANCE = 'student_id,course_code,section,session_date,status,minutes_late,recorded_at';

describe('vacuumLake', () => {
  let home: Awaited<ReturnType<typeof tempDir>>;
  let files: Awaited<ReturnType<typeof tempDir>>;
  let ctx: ZoneContext;
  let firstProduct: string;

  beforeAll(async () => {
    home = await tempDir('acad-vacuum-home-');
    files = await tempDir('acad-vacuum-files-');
    ctx = testZoneContext(home.path);
    await land(ctx, files.path, 'attendance', 'day-1.csv', [ATTENDANCE, 'S0000001,CS101,A,2025-09-01,present,,2025-09-01T10:00:00Z']);
    firstProduct = (await readSnapshot(ctx.stores.platform)).curated.get('attendance_weekly') as string;
    await land(ctx, files.path, 'attendance', 'day-2.csv', [ATTENDANCE, 'S0000001,CS101,A,2025-09-02,absent,,2025-09-02T10:00:00Z']);
  });
  afterAll(async () => {
    await home.remove();
    await files.remove();
  });

  it('removes the files of a batch that never committed, and only those; a dry run removes nothing', async () => {
    // What a batch killed after writing its files and before its commit leaves behind.
    await ctx.stores.trusted.put('attendance/session_month=2025-09/part-killed.parquet', 'x');
    await ctx.stores.curated.put('attendance_weekly/part-killed.parquet', 'yy');
    await ctx.stores.raw.put('attendance/batch=killed/records.parquet.enc', 'zzz');
    const before = {
      trusted: await keysIn(ctx.stores.trusted),
      curated: await keysIn(ctx.stores.curated),
      raw: await keysIn(ctx.stores.raw),
    };

    const dry = await vacuumLake(ctx, { dryRun: true });
    expect(dry.removed.map((f) => `${f.zone}/${f.key} ${f.why}`).sort()).toEqual([
      'curated/attendance_weekly/part-killed.parquet orphan',
      'raw/attendance/batch=killed/records.parquet.enc orphan',
      'trusted/attendance/session_month=2025-09/part-killed.parquet orphan',
    ]);
    expect(dry.bytes).toBe(6);
    expect(await keysIn(ctx.stores.trusted)).toEqual(before.trusted);

    const done = await vacuumLake(ctx);
    expect(done.removed).toHaveLength(3);
    expect(await keysIn(ctx.stores.trusted)).toEqual(before.trusted.filter((k) => !k.includes('killed')));
    expect(await keysIn(ctx.stores.curated)).toEqual(before.curated.filter((k) => !k.includes('killed')));
    expect(await keysIn(ctx.stores.raw)).toEqual(before.raw.filter((k) => !k.includes('killed')));
    // Everything committed is still there and intact.
    const verified = await verifyLake(ctx.stores, ctx.protection.envelopeKeys);
    expect(verified.counts.missing).toBe(0);
    expect(verified.counts['hash-mismatch']).toBe(0);
    expect((await vacuumLake(ctx)).removed).toEqual([]);
  });

  it('keeps a superseded file while a commit within the retention window needs it, and removes it after', async () => {
    // The first batch's product, superseded by the second batch's, stays for a reader "as at" day 1.
    await ctx.stores.curated.put(firstProduct, 'as at day 1');
    expect((await vacuumLake(ctx, { dryRun: true })).removed).toEqual([]);
    const later = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
    const expired = await vacuumLake({ ...ctx, now: () => later }, { retentionDays: 1 });
    // Every product the first batch built was superseded by the second's; the one put back among them.
    expect(expired.removed.every((f) => f.zone === 'curated' && f.why === 'superseded')).toBe(true);
    expect(expired.removed).toContainEqual({ zone: 'curated', key: firstProduct, bytes: 11, why: 'superseded' });
    expect(expired.removed.map((f) => f.key.split('/')[0]).sort()).toEqual([
      'attendance_by_department',
      'attendance_weekly',
      'student_attendance_risk',
    ]);
    expect(await keysIn(ctx.stores.curated, 'attendance_weekly/')).toEqual([
      (await readSnapshot(ctx.stores.platform)).curated.get('attendance_weekly'),
    ]);
  });

  it('refuses a retention that is not a number of days', async () => {
    await expect(vacuumLake(ctx, { retentionDays: -1 })).rejects.toThrow('retention must be a number of days ≥ 0, not -1');
  });
});
