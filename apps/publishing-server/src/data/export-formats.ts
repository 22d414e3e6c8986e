import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { DuckDbEngine, formulaSafeCsvOptions, sqlIdentifier, sqlString } from '@acad/engine';
import type { Row } from '@acad/engine';
import type { ColumnType } from '@acad/schemas';

/** What a downloaded column holds, so every format can write it as what it is. */
export type ExportType = 'text' | 'integer' | 'decimal' | 'date' | 'timestamp' | 'boolean';

export interface ExportColumn {
  name: string;
  type: ExportType;
}

/** A contract column's type as exported (enums are text). */
export function exportTypeOfContract(type: ColumnType): ExportType {
  return type === 'enum' ? 'text' : type;
}

/** A column type as DuckDB spells it (`BIGINT`, `DECIMAL(18,3)`, `TIMESTAMP WITH TIME ZONE`…). */
export function exportTypeOfSql(type: string): ExportType {
  const t = type.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(t)) return 'integer';
  if (/^(FLOAT|DOUBLE|REAL|DECIMAL)/.test(t)) return 'decimal';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (t === 'BOOLEAN') return 'boolean';
  return 'text';
}

const PARQUET_TYPE: Record<ExportType, string> = {
  text: 'VARCHAR',
  integer: 'BIGINT',
  decimal: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  boolean: 'BOOLEAN',
};

const jsonOf = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** CSV, formula-escaped, written record by record into the returned stream as it is read. */
export function csvStream(columns: readonly ExportColumn[], rows: Iterable<Row>, options: { bom?: boolean } = {}): Readable {
  const csv = stringify(
    formulaSafeCsvOptions(
      columns.map((c) => c.name),
      { bom: options.bom },
    ),
  );
  Readable.from(rows).pipe(csv);
  return csv;
}

/** A cell as Excel should hold it: numbers as numbers, dates as dates (UTC), text as text (never a formula). */
function xlsxCell(value: unknown, type: ExportType): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (type === 'integer' || type === 'decimal') {
    const n = Number(value);
    return typeof value === 'bigint' && !Number.isSafeInteger(n) ? value.toString() : Number.isFinite(n) ? n : String(value);
  }
  if (type === 'date' || type === 'timestamp') {
    const date = new Date(type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? `${String(value)}T00:00:00Z` : String(value));
    return Number.isNaN(date.getTime()) ? String(value) : date;
  }
  if (type === 'boolean') return typeof value === 'boolean' ? value : String(value);
  return typeof value === 'object' ? jsonOf(value) : String(value);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const XLSX_FORMAT: Partial<Record<ExportType, string>> = { date: 'yyyy-mm-dd', timestamp: 'yyyy-mm-dd hh:mm:ss' };

/**
 * An XLSX workbook of one sheet, written by exceljs's streaming writer into the returned stream:
 * a bold, frozen header row, then each row committed as it is added, so no workbook is held in memory.
 */
export function xlsxStream(columns: readonly ExportColumn[], rows: Iterable<Row>, sheetName: string): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    key: c.name,
    width: Math.min(40, Math.max(10, c.name.length + 2)),
    ...(XLSX_FORMAT[c.type] ? { style: { numFmt: XLSX_FORMAT[c.type] } } : {}),
  }));
  // exceljs takes a row's values only from an `instanceof Array`: Array.from makes the array in this
  // module's realm whatever realm `columns` came from (under Jest, IPC-decoded query columns do not).
  void (async () => {
    const header = sheet.addRow(Array.from(columns, (c) => c.name));
    header.font = { bold: true };
    header.commit();
    for (const row of rows) sheet.addRow(Array.from(columns, (c) => xlsxCell(row[c.name], c.type))).commit();
    sheet.commit();
    await workbook.commit();
  })().catch((error: Error) => out.destroy(error));
  return out;
}

/**
 * Parquet from rows already filtered, masked and suppressed for the caller, each column typed as
 * declared (the contract, or the product's stored type), never guessed from the values. A private
 * folder (0700) and a throwaway pipeline engine of its own, so the sandbox is never given file access.
 */
export async function toParquet(columns: readonly ExportColumn[], rows: Iterable<Row>): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'acad-export-'));
  const engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
  try {
    const input = join(dir, 'rows.ndjson');
    await pipeline(
      Readable.from(rows),
      async function* (source: AsyncIterable<Row>) {
        for await (const row of source) yield `${jsonOf(Object.fromEntries(columns.map((c) => [c.name, row[c.name] ?? null])))}\n`;
      },
      createWriteStream(input, { mode: 0o600 }),
    );
    const output = join(dir, 'rows.parquet');
    const declared = columns.map((c) => `${sqlString(c.name)}: ${sqlString(PARQUET_TYPE[c.type])}`).join(', ');
    const select = columns.map((c) => `CAST(${sqlIdentifier(c.name)} AS ${PARQUET_TYPE[c.type]}) AS ${sqlIdentifier(c.name)}`).join(', ');
    const source = columns.length
      ? `SELECT ${select} FROM read_json(${sqlString(input)}, format = 'newline_delimited', columns = {${declared}})`
      : 'SELECT NULL AS empty WHERE false';
    await engine.writeParquet(source, output);
    return await readFile(output);
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}
