import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAttendanceCsv } from './large-attendance';
import { parseSampleCsv, takeCensus, validateAttendance } from './sample-contracts.test-support';

describe('writeAttendanceCsv', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'large-attendance-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('streams exactly the requested rows in small chunks: all valid, keys unique, byte count right', async () => {
    const path = join(folder, 'clean.csv');
    const progress: number[] = [];
    const result = await writeAttendanceCsv(path, {
      rows: 30_000,
      seed: 'bench',
      chunkSize: 64 * 1024,
      onProgress: (rows) => progress.push(rows),
    });
    const content = await readFile(path, 'utf8');
    const [header, ...rows] = parseSampleCsv(content, ',');

    expect(result).toEqual({ path, rows: 30_000, bytes: Buffer.byteLength(content) });
    expect(header).toEqual([
      'student_id',
      'course_code',
      'section',
      'session_date',
      'status',
      'minutes_late',
      'recorded_at',
      'source_system',
    ]);
    expect(rows.length).toBe(30_000);
    const census = takeCensus(rows, validateAttendance, [0, 1, 2, 3]);
    expect(census).toMatchObject({ invalid: 0, exactDuplicates: 0, resubmissions: 0 });
    expect(new Set(rows.map((row) => row[4]))).toEqual(new Set(['present', 'absent', 'late', 'excused']));
    // Several chunks were written, each well under the whole file.
    expect(progress.length).toBeGreaterThan(10);
    expect(progress[progress.length - 1]).toBe(30_000);
  });

  it('is deterministic for a seed, differs across seeds, and fills the optional columns on request', async () => {
    const hashOf = async (name: string, seed: string): Promise<string> => {
      await writeAttendanceCsv(join(folder, name), { rows: 5_000, seed, optionalColumns: true });
      return createHash('sha256')
        .update(await readFile(join(folder, name)))
        .digest('hex');
    };
    expect(await hashOf('a.csv', 's1')).toBe(await hashOf('b.csv', 's1'));
    expect(await hashOf('c.csv', 's2')).not.toBe(await hashOf('a.csv', 's1'));
    const [, ...rows] = parseSampleCsv(await readFile(join(folder, 'a.csv'), 'utf8'), ',');
    expect(rows.every((row) => row[6] !== '' && row[7] !== '' && validateAttendance(row) === null)).toBe(true);
  });

  it('rejects a row count that is not a whole number', async () => {
    await expect(writeAttendanceCsv(join(folder, 'bad.csv'), { rows: 1.5 })).rejects.toThrow(RangeError);
  });
});
