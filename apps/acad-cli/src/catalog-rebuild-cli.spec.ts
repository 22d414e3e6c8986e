import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestAttendance, runAcad } from './lake-fixture.test-support';

// The fixture commits a batch without a catalog: the state a crash between the commit and the
// catalog write leaves behind.
describe('acad catalog rebuild', () => {
  let home: string;
  const cli = (...args: string[]) => runAcad(home, args);

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'acad-cli-catalog-rebuild-'));
    expect((await cli('keys', 'init')).code).toBe(0);
    await ingestAttendance(home);
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('records the committed batch the catalog lost, with the products it built, and changes nothing the second time', async () => {
    const before = JSON.parse((await cli('catalog', 'show', 'attendance', '--json')).stdout) as {
      recentBatches: unknown[];
      source: string;
    };
    expect(before.recentBatches).toEqual([]);
    expect(before.source).toBe('contract');

    const rebuilt = await cli('catalog', 'rebuild', '--json');
    expect(rebuilt.code).toBe(0);
    const report = JSON.parse(rebuilt.stdout) as {
      recorded: Array<{ seq: number; dataset: string; file: string }>;
      alreadyRecorded: number;
      products: string[];
    };
    expect(report.recorded).toEqual([expect.objectContaining({ seq: 1, dataset: 'attendance', file: 'attendance.csv' })]);
    expect(report.alreadyRecorded).toBe(0);
    expect(report.products.sort()).toEqual(['attendance_by_department', 'attendance_weekly', 'student_attendance_risk']);

    const after = JSON.parse((await cli('catalog', 'show', 'attendance', '--json')).stdout) as {
      source: string;
      rows: number;
      recentBatches: Array<{ status: string; file: string; rows: { read: number; accepted: number; quarantined: number } }>;
    };
    expect(after.source).toBe('catalog');
    expect(after.rows).toBe(1);
    expect(after.recentBatches).toEqual([
      expect.objectContaining({
        status: 'committed',
        file: 'attendance.csv',
        rows: expect.objectContaining({ read: 2, accepted: 1, quarantined: 1 }),
      }),
    ]);
    const product = JSON.parse((await cli('catalog', 'show', 'curated.attendance_weekly', '--json')).stdout) as {
      source: string;
      rows: number;
      columns: Array<{ name: string; storedAs: string }>;
    };
    expect(product.source).toBe('catalog');
    expect(product.rows).toBe(1);
    expect(product.columns.find((c) => c.name === 'week_start')?.storedAs).toBe('date');

    const again = await cli('catalog', 'rebuild');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('The catalog already holds every committed batch (1).');
  });

  it('answers --help without touching the lake', async () => {
    const help = await cli('catalog', 'rebuild', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/from the commit\s+log/);
  });
});
