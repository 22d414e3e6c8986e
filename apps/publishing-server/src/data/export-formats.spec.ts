import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DuckDbEngine } from '@acad/engine';
import { csvStream, exportTypeOfSql, toParquet, xlsxStream, type ExportColumn } from './export-formats';

// exceljs declares its own Buffer type (an ArrayBuffer): hand it one.
const arrayBufferOf = (bytes: Buffer): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

const bytesOf = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
};

const columns: ExportColumn[] = [
  { name: 'course', type: 'text' },
  { name: 'students', type: 'integer' },
  { name: 'rate', type: 'decimal' },
  { name: 'week_start', type: 'date' },
  { name: 'loaded_at', type: 'timestamp' },
];
const rows = [
  { course: '=HYPERLINK("x")', students: 12, rate: 0.5, week_start: '2025-09-01', loaded_at: '2025-09-02T10:30:00.000Z' },
  { course: 'MA, "201"', students: 3n, rate: null, week_start: null, loaded_at: null },
];

describe('export formats', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'acad-export-spec-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams CSV that csv-parse reads back, formulas escaped and quoting per RFC 4180', async () => {
    const text = (await bytesOf(csvStream(columns, rows))).toString('utf8');
    expect(text.startsWith('course,')).toBe(true);
    expect(text.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",12,0.5,2025-09-01,2025-09-02T10:30:00.000Z`);
    expect(parse(text, { columns: true })).toEqual([
      { course: `'=HYPERLINK("x")`, students: '12', rate: '0.5', week_start: '2025-09-01', loaded_at: '2025-09-02T10:30:00.000Z' },
      { course: 'MA, "201"', students: '3', rate: '', week_start: '', loaded_at: '' },
    ]);
  });

  it('starts the CSV with a byte order mark only when asked', async () => {
    expect((await bytesOf(csvStream(columns, rows, { bom: true }))).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect((await bytesOf(csvStream(columns, rows))).subarray(0, 3).toString()).toBe('cou');
  });

  it('streams XLSX with a bold header and typed cells that exceljs reads back; text is never a formula', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(arrayBufferOf(await bytesOf(xlsxStream(columns, rows, 'attendance_weekly'))));
    const sheet = workbook.getWorksheet('attendance_weekly');
    if (!sheet) throw new Error('no sheet');
    expect(sheet.getRow(1).values).toEqual([undefined, 'course', 'students', 'rate', 'week_start', 'loaded_at']);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe('=HYPERLINK("x")');
    expect(first.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(2).value).toBe(12);
    expect(first.getCell(3).value).toBe(0.5);
    expect(first.getCell(4).value).toEqual(new Date('2025-09-01T00:00:00Z'));
    expect(first.getCell(4).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(5).value).toEqual(new Date('2025-09-02T10:30:00Z'));
    const second = sheet.getRow(3);
    expect(second.getCell(2).value).toBe(3);
    expect(second.getCell(3).value).toBeNull();
    expect(sheet.rowCount).toBe(3);
  });

  it('writes Parquet typed as declared, not as the values look', async () => {
    const typed = await toParquet(
      [...columns, { name: 'code', type: 'text' }],
      rows.map((r, i) => ({ ...r, code: i === 0 ? '007' : null })),
    );
    expect(typed.subarray(0, 4).toString()).toBe('PAR1');
    const file = join(dir, 'typed.parquet');
    writeFileSync(file, typed);
    const engine = await DuckDbEngine.open({ mode: 'pipeline' });
    try {
      const described = await engine.query<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
      expect(described.map((d) => [d.column_name, d.column_type])).toEqual([
        ['course', 'VARCHAR'],
        ['students', 'BIGINT'],
        ['rate', 'DOUBLE'],
        ['week_start', 'DATE'],
        ['loaded_at', 'TIMESTAMP'],
        ['code', 'VARCHAR'],
      ]);
      expect(
        await engine.query(`SELECT course, students, rate, week_start, code FROM read_parquet('${file}') ORDER BY students DESC`),
      ).toEqual([
        { course: '=HYPERLINK("x")', students: 12, rate: 0.5, week_start: '2025-09-01', code: '007' },
        { course: 'MA, "201"', students: 3, rate: null, week_start: null, code: null },
      ]);
      const empty = join(dir, 'empty.parquet');
      writeFileSync(empty, await toParquet(columns, []));
      expect(await engine.query(`SELECT count(*)::INTEGER AS n FROM read_parquet('${empty}')`)).toEqual([{ n: 0 }]);
    } finally {
      await engine.close();
    }
  });

  it('reads DuckDB type names as export types', () => {
    expect(['BIGINT', 'DECIMAL(18,3)', 'DATE', 'TIMESTAMP WITH TIME ZONE', 'BOOLEAN', 'VARCHAR', 'INTEGER[]'].map(exportTypeOfSql)).toEqual(
      ['integer', 'decimal', 'date', 'timestamp', 'boolean', 'text', 'text'],
    );
  });
});
