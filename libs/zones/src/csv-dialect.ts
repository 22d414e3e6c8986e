import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { TextEncoding } from './landing-format';

export interface CsvDialect {
  delimiter: string;
  header: string[];
}

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * The delimiter and header of a CSV file, read from its first line. DuckDB's own sniffer costs
 * more than reading a small file, so the engine reads with this dialect and no sniffing.
 * Returns undefined when no delimiter gives a header of two or more columns.
 */
export async function detectCsvDialect(path: string, encoding: TextEncoding): Promise<CsvDialect | undefined> {
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(256 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const text = new TextDecoder(
    encoding === 'latin-1' ? 'latin1' : encoding === 'utf-16' ? (head[0] === 0xfe ? 'utf-16be' : 'utf-16le') : 'utf-8',
  )
    .decode(head)
    .replace(/^\uFEFF/, '');
  let best: CsvDialect | undefined;
  for (const delimiter of DELIMITERS) {
    let header: string[];
    try {
      [header] = parse(text, { delimiter, to_line: 1, relax_quotes: true, relax_column_count: true }) as string[][];
    } catch {
      continue;
    }
    if (header && header.length > 1 && (!best || header.length > best.header.length)) best = { delimiter, header };
  }
  return best;
}
