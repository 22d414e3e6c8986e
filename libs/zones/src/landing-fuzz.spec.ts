import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { DuckDbEngine } from '@acad/engine';
import { AttendanceContract, sqlLiteral } from '@acad/schemas';
import { landingFile } from './landing-files.arbitrary.test-support';
import { detectFormat } from './landing-format';
import { promoteLandingToRaw } from './promote-landing-to-raw';
import { DatasetRejected } from './zone-errors';
import { tempDir } from './zone-fixture.test-support';

// Issue 18, item 3: whatever a landing file holds, the reader rejects it whole or accounts for
// every record. Bounded runs keep this to a few seconds (FUZZ_RUNS, FUZZ_SEED and FUZZ_TIMEOUT_MS
// widen a hunt); the cases it found are pinned in landing-fuzz-regressions.spec.ts.

describe('the landing reader under random files', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let engine: DuckDbEngine;
  let n = 0;

  beforeAll(async () => {
    dir = await tempDir('acad-fuzz-');
    engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
  });

  afterAll(async () => {
    await engine.close();
    await dir.remove();
  });

  it(
    'never fails but by rejecting the file, and accounts for every record it reads',
    async () => {
      await fc.assert(
        fc.asyncProperty(landingFile, async ({ name, bytes }) => {
          n += 1;
          const path = join(dir.path, `${n}-${name}`);
          await writeFile(path, bytes);
          const detected = await detectFormat(path, name);
          if (!detected) throw new Error(`${name}: no format`);
          let raw;
          try {
            raw = await promoteLandingToRaw({
              engine,
              contract: AttendanceContract,
              stagedPath: path,
              fileName: name,
              detected,
              batchId: `bfuzz${n}`,
              ingestedAt: '2025-09-30T00:00:00Z',
              outputPath: (file) => join(dir.path, `${n}-${file}`),
            });
          } catch (error) {
            if (error instanceof DatasetRejected) {
              // The reason names the file and never quotes its content.
              expect(error.message).toMatch(new RegExp(`^${name.replace('.', '\\.')} was rejected for dataset attendance: `));
              return;
            }
            throw error;
          }
          const raws = await engine.query<{ n: number; nul: number }>(
            `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE ${AttendanceContract.columns.map((c) => `contains(coalesce(${c.name}, ''), chr(0))`).join(' OR ')})::INTEGER AS nul FROM read_parquet(${sqlLiteral(raw.rawPath)})`,
          );
          const [{ rejects }] = raw.rejectsPath
            ? await engine.query<{ rejects: number }>(
                `SELECT count(*)::INTEGER AS rejects FROM read_parquet(${sqlLiteral(raw.rejectsPath)})`,
              )
            : [{ rejects: 0 }];
          expect(raw.read).toBeGreaterThan(0);
          if (detected.format === 'csv') {
            // CSV records are numbered 1…n in the order parsed: every number is in raw or (NUL values) in quarantine.
            const numbers = await engine.query<{ n: number }>(
              `SELECT _row_number::INTEGER AS n FROM read_parquet(${sqlLiteral(raw.rawPath)})${raw.rejectsPath ? ` UNION ALL SELECT _record::INTEGER FROM read_parquet(${sqlLiteral(raw.rejectsPath)}) WHERE _record IS NOT NULL` : ''} ORDER BY n`,
            );
            expect(numbers.map((r) => r.n)).toEqual(numbers.map((_, i) => i + 1));
          }
          expect({ read: raw.read, raw: raws[0].n, quarantined: rejects, nulInRaw: raws[0].nul }).toEqual({
            read: raws[0].n + raw.unparseable,
            raw: raw.read - raw.unparseable,
            quarantined: raw.unparseable,
            nulInRaw: 0,
          });
        }),
        { numRuns: Number(process.env['FUZZ_RUNS'] ?? 80), seed: Number(process.env['FUZZ_SEED'] ?? 18), endOnFailure: true },
      );
    },
    Number(process.env['FUZZ_TIMEOUT_MS'] ?? 60_000),
  );
});
