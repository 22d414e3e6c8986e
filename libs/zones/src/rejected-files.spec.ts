import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { landFile } from './land-file';
import {
  RejectedFileNotFound,
  LandingFileInTheWay,
  discardRejectedFile,
  findRejectedFile,
  listRejectedFiles,
  restoreRejectedFile,
} from './rejected-files';
import { runLandingFiles } from './run-landing-files';
import type { ZoneContext } from './zone-context';
import { keysIn, tempDir, testZoneContext } from './zone-fixture.test-support';

jest.setTimeout(60_000);

// Issue 18, item 4: a file rejected whole leaves landing for the rejected area, sealed, with a
// reason record; it can be listed, shown, put back to run again, or discarded.

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
// A delivery with PII and no session_date: rejected whole.
const BROKEN = Buffer.from('student_id,course_code,section,status\nS1234567,CS101,A,présent\n', 'utf8');

describe('the rejected area', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let ctx: ZoneContext;

  beforeEach(async () => {
    work = await tempDir('acad-rejected-');
    ctx = testZoneContext(join(work.path, 'home'));
  });
  afterEach(() => work.remove());

  async function reject(name: string, bytes: Buffer) {
    const path = join(work.path, name);
    await writeFile(path, bytes);
    const key = await landFile(ctx.stores.landing, 'attendance', path);
    const [summary] = await runLandingFiles(ctx, [{ dataset: 'attendance', key }]);
    return { key, summary };
  }

  it('takes a rejected file out of landing, sealed, with a reason record that holds no value of the file', async () => {
    const { key, summary } = await reject('no-date.csv', BROKEN);
    expect(summary).toMatchObject({ status: 'rejected', file: 'no-date.csv', batchId: expect.stringMatching(/^b[0-9a-f]{20}$/) });
    expect(await keysIn(ctx.stores.landing)).toEqual([]);

    const [record] = await listRejectedFiles(ctx.stores);
    expect(record).toEqual({
      id: summary.batchId,
      dataset: 'attendance',
      file: 'no-date.csv',
      landingKey: key,
      key: `attendance/${summary.batchId}/no-date.csv.enc`,
      problem: 'missing required column session_date',
      rejectedAt: expect.any(String),
      bytes: expect.any(Number),
      contentSha256: sha256(BROKEN),
      runId: 'test-run',
    });
    expect(await findRejectedFile(ctx.stores, record.id)).toEqual(record);
    for (const object of await keysIn(ctx.stores.rejected)) {
      const text = (await ctx.stores.rejected.getBytes(object)).toString('latin1');
      expect({ object, leaks: text.includes('S1234567') || text.includes('CS101') }).toEqual({ object, leaks: false });
    }
    // A run now finds nothing to do: the file is no longer retried at every run.
    expect(await runLandingFiles(ctx, [])).toEqual([]);
  });

  it('puts a rejected file back in landing byte for byte, and runs it again from there', async () => {
    const { summary } = await reject('no-date.csv', BROKEN);
    const restored = await restoreRejectedFile(ctx, summary.batchId);
    expect(await keysIn(ctx.stores.rejected)).toEqual([]);
    expect(sha256(await ctx.stores.landing.getBytes(restored.landingKey))).toBe(sha256(BROKEN));
    // Still broken: it goes back to the rejected area under the same id.
    const [again] = await runLandingFiles(ctx, [{ dataset: 'attendance', key: restored.landingKey }]);
    expect(again).toMatchObject({ status: 'rejected', batchId: summary.batchId });
    expect((await listRejectedFiles(ctx.stores)).map((r) => r.id)).toEqual([summary.batchId]);
  });

  it('keeps a file of the same name waiting in landing: a retry does not overwrite it', async () => {
    const { key, summary } = await reject('daily.csv', BROKEN);
    await ctx.stores.landing.put(key, 'student_id,course_code,section,session_date,status\n');
    await expect(restoreRejectedFile(ctx, summary.batchId)).rejects.toBeInstanceOf(LandingFileInTheWay);
    expect(await listRejectedFiles(ctx.stores)).toHaveLength(1);
  });

  it('keeps each rejected version of a file name apart, and discards one for good', async () => {
    const first = await reject('daily.csv', BROKEN);
    const second = await reject('daily.csv', Buffer.concat([BROKEN, Buffer.from('S7654321,CS101,A,absent\n')]));
    expect((await listRejectedFiles(ctx.stores)).map((r) => r.id).sort()).toEqual([first.summary.batchId, second.summary.batchId].sort());
    await discardRejectedFile(ctx.stores, first.summary.batchId);
    expect((await listRejectedFiles(ctx.stores)).map((r) => r.id)).toEqual([second.summary.batchId]);
    expect((await keysIn(ctx.stores.rejected)).every((k) => k.startsWith(`attendance/${second.summary.batchId}/`))).toBe(true);
    await expect(discardRejectedFile(ctx.stores, first.summary.batchId)).rejects.toBeInstanceOf(RejectedFileNotFound);
    await expect(findRejectedFile(ctx.stores, '../attendance')).rejects.toThrow('No rejected file with id ../attendance');
  });
});
