import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbEngine, sqlString } from '@acad/engine';
import { deriveScaleFiles } from './scale-fixtures';

describe('deriveScaleFiles', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acad-scale-fixtures-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a daily file of new days after the lake and a correction of rows the lake holds, once', async () => {
    const lake = join(dir, 'lake.csv');
    const lines = ['student_id,course_code,section,session_date,status,minutes_late,recorded_at,source_system'];
    for (let s = 0; s < 4; s++)
      for (const day of ['2025-09-01', '2025-09-03', '2025-09-05']) lines.push(`S100000${s},CS101,01,${day},present,,,`);
    await writeFile(lake, `${lines.join('\n')}\n`);

    const files = await deriveScaleFiles(lake, { daily: 6, correction: 3 });
    expect(files.cached).toBe(false);
    const engine = await DuckDbEngine.open({ mode: 'pipeline' });
    try {
      const daily = await engine.query<{ session_date: string; n: number }>(
        `SELECT CAST(session_date AS VARCHAR) AS session_date, count(*)::INTEGER AS n FROM read_csv(${sqlString(files.daily)}) GROUP BY 1 ORDER BY 1`,
      );
      // The Monday after the lake's last day (a Friday), filled first, then Tuesday.
      expect(daily).toEqual([
        { session_date: '2025-09-08', n: 4 },
        { session_date: '2025-09-09', n: 2 },
      ]);
      const correction = await engine.query<{ status: string; later: boolean; held: boolean }>(
        `SELECT status, recorded_at > CAST(session_date AS TIMESTAMP) + INTERVAL 29 DAY AS later,
           session_date IN ('2025-09-01', '2025-09-03', '2025-09-05') AS held FROM read_csv(${sqlString(files.correction)})`,
      );
      expect(correction).toHaveLength(3);
      expect(correction.every((r) => r.status === 'absent' && r.later && r.held)).toBe(true);
    } finally {
      await engine.close();
    }
    expect((await deriveScaleFiles(lake, { daily: 6, correction: 3 })).cached).toBe(true);
  });
});
