import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbEngine } from '@acad/engine';
import { sqlLiteral } from '@acad/schemas';
import { createZoneStores, readSnapshot, type LakeSnapshot } from '@acad/zones';
import { ingestAttendance, runAcad } from './lake-fixture.test-support';

jest.setTimeout(60_000);

describe('acad curated rebuild', () => {
  let home: string;
  const cli = (...args: string[]) => runAcad(home, args);
  const snapshot = () => readSnapshot(createZoneStores({ home }).platform);
  const rows = async (s: LakeSnapshot, product: string) => {
    const engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
    try {
      return await engine.query(
        `SELECT * FROM read_parquet(${sqlLiteral(join(home, 'zones', 'curated', s.curated.get(product) as string))})`,
      );
    } finally {
      await engine.close();
    }
  };

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'acad-cli-curated-'));
    expect((await cli('keys', 'init')).code).toBe(0);
    await ingestAttendance(home);
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('rebuilds every product with data in full and commits them as one refresh', async () => {
    const before = await snapshot();
    // Read before the rebuild: its commit removes the files it replaces.
    const rebuilt = ['attendance_weekly', 'student_attendance_risk', 'attendance_by_department'];
    const built = new Map<string, unknown[]>();
    for (const product of rebuilt) built.set(product, await rows(before, product));
    const result = await cli('curated', 'rebuild', '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    // Attendance alone: the products whose required inputs it satisfies (course_results is empty).
    expect(JSON.parse(result.stdout)).toEqual({ rebuilt });
    const after = await snapshot();
    expect(after.seq).toBe(before.seq + 1);
    expect(after.entries.at(-1)).toMatchObject({ kind: 'refresh', seq: after.seq });
    expect(Object.keys(after.entries.at(-1)?.curated ?? {})).toEqual(rebuilt);
    for (const product of rebuilt) {
      expect(after.curated.get(product)).toBe(`${product}/part-refresh-${after.seq}.parquet`);
      expect(await rows(after, product)).toEqual(built.get(product));
    }
  });

  it('rebuilds only the product named, and says so', async () => {
    const result = await cli('curated', 'rebuild', 'attendance_weekly');
    expect(result).toEqual({ code: 0, stdout: 'Rebuilt in full and committed: attendance_weekly', stderr: '' });
    const after = await snapshot();
    expect(Object.keys(after.entries.at(-1)?.curated ?? {})).toEqual(['attendance_weekly']);
  });

  it('refuses a product no model defines (usage error, exit 2) and commits nothing', async () => {
    const before = await snapshot();
    const result = await cli('curated', 'rebuild', 'attendance_monthly');
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'No curated product is named attendance_monthly' });
    expect((await snapshot()).seq).toBe(before.seq);
  });

  it('documents itself', async () => {
    const help = await cli('curated', 'rebuild', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: acad curated rebuild [options] [product]');
    expect(help.stdout).toContain('--json');
  });
});
