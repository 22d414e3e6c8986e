import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDbEngine } from '@acad/engine';
import { AttendanceContract, sqlLiteral } from '@acad/schemas';
import { detectFormat } from './landing-format';
import { promoteLandingToRaw } from './promote-landing-to-raw';
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
});
