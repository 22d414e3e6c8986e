import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attendanceCsv, randomFile, smallAttendanceFiles } from './fixtures';

describe('fixtures', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-fixtures-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a random file of exactly the size asked, then reuses it', async () => {
    const first = await randomFile(dir, 3 * (1 << 20) + 5);
    expect(first.cached).toBe(false);
    expect((await stat(first.path)).size).toBe(3 * (1 << 20) + 5);
    expect(await randomFile(dir, 3 * (1 << 20) + 5)).toEqual({ path: first.path, cached: true });
  });

  it('generates a deterministic attendance CSV through the sample-data tool, cached by rows and seed', async () => {
    const first = await attendanceCsv(dir, 300, 'fixture');
    expect(first.cached).toBe(false);
    const lines = (await readFile(first.path, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('student_id,course_code,section,session_date,status,minutes_late,recorded_at,source_system');
    expect(lines).toHaveLength(301);
    expect(await attendanceCsv(dir, 300, 'fixture')).toEqual({ path: first.path, cached: true });
    // No half-written file is left beside the finished one.
    expect(await readdir(dir)).toEqual([`attendance-300-fixture.csv`]);
  }, 30_000);

  it('makes small files from one seed each', async () => {
    const { paths, cached } = await smallAttendanceFiles(dir, 2, 50, 'fixture');
    expect(cached).toBe(false);
    const [a, b] = await Promise.all(paths.map((p) => readFile(p, 'utf8')));
    expect(a.trimEnd().split('\n')).toHaveLength(51);
    expect(a).not.toBe(b);
    expect((await smallAttendanceFiles(dir, 2, 50, 'fixture')).cached).toBe(true);
  }, 30_000);
});
