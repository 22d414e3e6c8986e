import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbEngine, sqlString } from '@acad/engine';
import type { Row } from '@acad/engine';

// A spreadsheet runs a cell starting with these as a formula (CSV injection, OWASP).
const FORMULA_START = /^[=+\-@\t\r\0]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: string[], rows: Row[]): string {
  const lines = [columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Parquet from rows already filtered, masked and suppressed for the caller: a private folder
 * (0700) and a throwaway pipeline engine of its own, so the sandbox is never given file access.
 */
export async function toParquet(rows: Row[]): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'acad-export-'));
  const engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
  try {
    const input = join(dir, 'rows.ndjson');
    await writeFile(input, rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).join('\n'), {
      mode: 0o600,
    });
    const output = join(dir, 'rows.parquet');
    const source = rows.length
      ? `SELECT * FROM read_json_auto(${sqlString(input)}, format = 'newline_delimited')`
      : 'SELECT NULL AS empty WHERE false';
    await engine.writeParquet(source, output);
    return await readFile(output);
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}
