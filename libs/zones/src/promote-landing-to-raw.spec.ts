import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDbEngine } from '@acad/engine';
import { AttendanceContract, sqlLiteral } from '@acad/schemas';
import { detectFormat } from './landing-format';
import {
  promoteLandingFilesToRaw,
  promoteLandingToRaw,
  rawRecordsSelect,
  SHARED_READ_FILES,
  type RawPromotionInput,
} from './promote-landing-to-raw';
import { DatasetRejected } from './zone-errors';
import { tempDir } from './zone-fixture.test-support';

const HEADER = 'student_id,course_code,section,session_date,status,minutes_late,recorded_at,source_system';

describe('promoteLandingToRaw', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let engine: DuckDbEngine;

  beforeAll(async () => {
    dir = await tempDir('acad-raw-');
    engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 2 });
  });

  afterAll(async () => {
    await engine.close();
    await dir.remove();
  });

  it('numbers records the same in one pass (small files) as through the landed Parquet file (large ones)', async () => {
    // Quoted fields, CRLF, a record with a field too many (unparseable), and enough rows for several vectors.
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `S${String(1000000 + i)},"CS101",A,2025-09-${String((i % 28) + 1).padStart(2, '0')},present,,,"lms, v${i}"`,
    );
    rows.splice(1234, 0, 'S1000000,CS101,A,2025-09-01,present,,,lms,extra,fields');
    const path = join(dir.path, 'mixed.csv');
    await writeFile(path, `${[HEADER, ...rows].join('\r\n')}\r\n`);
    const detected = await detectFormat(path, 'mixed.csv');
    if (!detected) throw new Error('not detected');
    const run = async (batchId: string, singlePassBytes: number) =>
      promoteLandingToRaw({
        engine,
        contract: AttendanceContract,
        stagedPath: path,
        fileName: 'mixed.csv',
        detected,
        batchId,
        ingestedAt: '2025-09-30T00:00:00Z',
        outputPath: (n) => join(dir.path, n),
        singlePassBytes,
      });
    const onePass = await run('bone', Number.MAX_SAFE_INTEGER);
    const twoPass = await run('btwo', 0);
    expect({ read: onePass.read, unparseable: onePass.unparseable }).toEqual({ read: 5001, unparseable: 1 });
    expect({ read: twoPass.read, unparseable: twoPass.unparseable }).toEqual({ read: 5001, unparseable: 1 });
    const contents = (p: string) => engine.query(`SELECT * EXCLUDE (_batch_id) FROM read_parquet(${sqlLiteral(p)}) ORDER BY _row_number`);
    const [a, b] = [await contents(onePass.rawPath), await contents(twoPass.rawPath)];
    expect(a).toEqual(b);
    // Records keep their order: the numbers run 1…5000 and follow the file.
    expect(a.map((r) => r['_row_number'])).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    expect(a.map((r) => r['source_system'])).toEqual(Array.from({ length: 5000 }, (_, i) => `lms, v${i}`));
  });

  it('parses the files of a group as each alone would: rows, numbers, unparseable records and rejections', async () => {
    const row = (i: number, extra = '') =>
      `S${1000000 + i},CS101,A,2025-09-${String((i % 28) + 1).padStart(2, '0')},present,,,lms ${i}${extra}`;
    const files: Array<[string, string]> = [];
    // More plain files of one layout than one shared read takes, with different lengths.
    for (let f = 0; f < SHARED_READ_FILES + 3; f += 1)
      files.push([
        `plain-${f}.csv`,
        [HEADER, ...Array.from({ length: 1 + (f % 7) * 300 }, (_, i) => row(f * 10_000 + i))].join('\n') + '\n',
      ]);
    // Unparseable records (a field too many, twice on one file), a preamble, another delimiter,
    // another header order, a second table, a header only, and a file the parser cannot read.
    files.push(['extra-field.csv', [HEADER, row(1), row(2, ',x,y'), row(3), row(4, ',z')].join('\n') + '\n']);
    files.push(['preamble.csv', ['Attendance export', '', HEADER, row(5), row(6, ',x')].join('\n') + '\n']);
    files.push(['semicolon.csv', [HEADER.replaceAll(',', ';'), row(7).replaceAll(',', ';')].join('\n') + '\n']);
    files.push([
      'reordered.csv',
      ['course_code,student_id,section,session_date,status', 'CS101,S1000008,A,2025-09-01,present'].join('\n') + '\n',
    ]);
    files.push(['second-table.csv', [HEADER, row(9), '', 'course_code,title', 'CS101,Intro'].join('\n') + '\n']);
    files.push(['header-only.csv', `${HEADER}\n`]);
    files.push(['quote.csv', [HEADER, row(10), 'S1000011,"CS101,A,2025-09-01,present,,,', row(12)].join('\n') + '\n']);
    const inputs: RawPromotionInput[] = [];
    for (const [i, [name, text]] of files.entries()) {
      const path = join(dir.path, name);
      await writeFile(path, text);
      const detected = await detectFormat(path, name);
      if (!detected) throw new Error(`${name} not detected`);
      inputs.push({
        engine,
        contract: AttendanceContract,
        stagedPath: path,
        fileName: name,
        detected,
        batchId: `bgroup${String(i).padStart(4, '0')}`,
        ingestedAt: '2025-09-30T00:00:00Z',
        outputPath: (n) => join(dir.path, `group-${i}-${n}`),
      });
    }
    const together = await promoteLandingFilesToRaw(engine, inputs);
    // The plain files (and the one with extra fields) were read by two shared reads, whose raw files became theirs.
    const sharedReads = (await readdir(dir.path)).filter((n) => n.endsWith('-shared-raw'));
    expect(sharedReads).toHaveLength(2);
    for (const read of sharedReads)
      for (const folder of await readdir(join(dir.path, read))) expect(await readdir(join(dir.path, read, folder))).toEqual([]);
    expect((await Promise.all(sharedReads.map((r) => readdir(join(dir.path, r))))).flat()).toHaveLength(SHARED_READ_FILES + 4);
    const contents = (p: string) => engine.query(`SELECT * EXCLUDE (_batch_id) FROM read_parquet(${sqlLiteral(p)}) ORDER BY _row_number`);
    const rejects = (p: string | undefined) =>
      p ? engine.query(`SELECT * EXCLUDE (_batch_id) FROM read_parquet(${sqlLiteral(p)})`) : Promise.resolve([]);
    let rejected = 0;
    for (const [i, input] of inputs.entries()) {
      const alone = await promoteLandingToRaw({
        ...input,
        batchId: `balone${i}`,
        outputPath: (n) => join(dir.path, `alone-${i}-${n}`),
      }).catch((error: unknown) => error);
      const shared = together[i];
      if (alone instanceof DatasetRejected) {
        rejected += 1;
        expect(shared).toBeInstanceOf(DatasetRejected);
        expect((shared as DatasetRejected).message).toBe(alone.message);
        continue;
      }
      if (shared instanceof DatasetRejected) throw new Error(`${input.fileName}: ${shared.message}`);
      const a = alone as Awaited<ReturnType<typeof promoteLandingToRaw>>;
      expect({ file: input.fileName, read: shared.read, unparseable: shared.unparseable, warnings: shared.warnings }).toEqual({
        file: input.fileName,
        read: a.read,
        unparseable: a.unparseable,
        warnings: a.warnings,
      });
      expect(await contents(shared.rawPath)).toEqual(await contents(a.rawPath));
      expect(await rejects(shared.rejectsPath)).toEqual(await rejects(a.rejectsPath));
      expect(await engine.query(`SELECT count(*)::INTEGER AS n FROM ${shared.relation}`)).toEqual([
        { n: shared.read - shared.unparseable },
      ]);
    }
    // The header-only file has no data rows; the rest were promoted, unparseable records counted.
    expect(rejected).toBeGreaterThanOrEqual(1);
    const byName = new Map(inputs.map((input, i) => [input.fileName, together[i]]));
    expect(byName.get('header-only.csv')).toBeInstanceOf(DatasetRejected);
    expect(byName.get('extra-field.csv')).toMatchObject({ read: 4, unparseable: 2 });
    expect(byName.get('plain-6.csv')).toMatchObject({ read: 1801, unparseable: 0 });

    // The shared reads' records stay in the engine as their raw files hold them, and the group's
    // promotion reads them there: the files read alone are read from their raw files.
    const promoted = inputs.flatMap((input, i) => {
      const raw = together[i];
      return raw instanceof DatasetRejected ? [] : [{ batchId: input.batchId, raw }];
    });
    expect(promoted.filter((p) => p.raw.heldIn !== undefined)).toHaveLength(SHARED_READ_FILES + 4);
    expect(promoted.find((p) => p.raw.heldIn === undefined)).toBeDefined();
    const columns = [
      ...AttendanceContract.columns.map((c) => `"${c.name}"`),
      '_batch_id',
      '_source_file',
      '_row_number',
      '_ingested_at',
    ].join(', ');
    const group = `SELECT ${columns} FROM (${rawRecordsSelect(promoted)})`;
    const rawFiles = `SELECT ${columns} FROM read_parquet([${promoted.map((p) => sqlLiteral(p.raw.rawPath)).join(', ')}])`;
    expect(
      await engine.query(
        `SELECT (SELECT count(*) FROM (${group}))::INTEGER AS n, (SELECT count(*) FROM ((${group} EXCEPT ALL ${rawFiles}) UNION ALL (${rawFiles} EXCEPT ALL ${group})))::INTEGER AS differ`,
      ),
    ).toEqual([{ n: promoted.reduce((sum, p) => sum + p.raw.read - p.raw.unparseable, 0), differ: 0 }]);
  }, 120_000);
});
