import fc from 'fast-check';
import type { BatchSummary } from './batch-summary';
import { landingFile } from './landing-files.arbitrary.test-support';
import { listRejectedFiles } from './rejected-files';
import { runLandingFiles } from './run-landing-files';
import type { ZoneContext } from './zone-context';
import { keysIn, tempDir, testZoneContext } from './zone-fixture.test-support';

// Issue 18, item 3, through a whole run: random files landed together (so small ones are promoted
// as a group) never stop the run, each ends committed, duplicate or rejected (or failed by an
// error rule of its quality gate, e.g. no record accepted), and every batch accounts for its
// records. Few runs: each is a real promotion through every zone.

describe('runs of random landing files', () => {
  let home: Awaited<ReturnType<typeof tempDir>>;
  let ctx: ZoneContext;
  let n = 0;

  beforeAll(async () => {
    home = await tempDir('acad-run-fuzz-');
    ctx = testZoneContext(home.path);
  });
  afterAll(() => home.remove());

  it('settles every file, never stopping the run, and keeps read = accepted + duplicates + quarantined', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(landingFile, { minLength: 1, maxLength: 3 }), async (files) => {
        const landed = [];
        for (const { name, bytes } of files) {
          n += 1;
          const key = `attendance/${n}-${name}`;
          await ctx.stores.landing.put(key, bytes);
          landed.push({ dataset: 'attendance', key });
        }
        const summaries: BatchSummary[] = await runLandingFiles(ctx, landed);
        expect(summaries.map((s) => `attendance/${s.file}`)).toEqual(landed.map((f) => f.key));
        const rejected = new Set((await listRejectedFiles(ctx.stores)).map((r) => r.landingKey));
        const landing = new Set(await keysIn(ctx.stores.landing));
        for (const s of summaries) {
          const key = `attendance/${s.file}`;
          expect(['committed', 'duplicate', 'rejected', 'failed']).toContain(s.status);
          if (s.status === 'committed' || s.status === 'failed') {
            expect({ key, ...s.rows, sum: s.rows.accepted + s.rows.duplicates + s.rows.quarantined }).toEqual({
              key,
              ...s.rows,
              sum: s.rows.read,
            });
          }
          if (s.status === 'failed') expect(s.quality.failed).toBeGreaterThan(0);
          // Rejected files moved to the rejected area; only a failed batch's file waits in landing, to be fixed.
          expect({ key, inLanding: landing.has(key), inRejected: rejected.has(key) }).toEqual({
            key,
            inLanding: s.status === 'failed',
            inRejected: s.status === 'rejected',
          });
        }
      }),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 4), seed: Number(process.env['FUZZ_SEED'] ?? 18), endOnFailure: true },
    );
  }, 120_000);
});
