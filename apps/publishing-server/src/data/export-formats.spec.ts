import { DuckDbEngine } from '@acad/engine';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvCell, toCsv, toParquet } from './export-formats';

describe('export formats', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'acad-pq-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('escapes spreadsheet formulas and quotes CSV cells', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r', '\0']) expect(csvCell(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
    expect(toCsv(['a', 'b'], [{ a: 1, b: '@x' }])).toBe("a,b\r\n1,'@x\r\n");
  });

  it('writes rows to Parquet that DuckDB reads back', async () => {
    const bytes = await toParquet([
      { course: 'CS101', rate: 0.5 },
      { course: 'MA201', rate: null },
    ]);
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    const file = join(dir, 'x.parquet');
    writeFileSync(file, bytes);
    const engine = await DuckDbEngine.open({ mode: 'pipeline' });
    try {
      expect(await engine.query(`SELECT course, rate FROM read_parquet('${file}') ORDER BY course`)).toEqual([
        { course: 'CS101', rate: 0.5 },
        { course: 'MA201', rate: null },
      ]);
    } finally {
      await engine.close();
    }
  });
});
