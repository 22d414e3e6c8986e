import type { Engine } from '@acad/engine';
import { normaliseHeader, sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import type { DetectedFormat } from './landing-format';
import { DatasetRejected } from './zone-errors';

export interface LandingRelation {
  /** SELECT of every record as text, one column per contract column, plus `_record_number`. */
  selectSql: string;
  /** Relation of records the parser could not read (line, error type), or undefined. */
  rejectsSql?: string;
  /** File columns that the contract does not know (kept out of the lake). */
  ignoredColumns: string[];
}

/**
 * Builds the engine's reader over a staged landing file. The header decides the column
 * mapping (PRODUCT.md §4: case-insensitive after trimming); a missing required column
 * rejects the whole file.
 */
export async function readLandingFile(
  engine: Engine,
  contract: DatasetContract,
  path: string,
  fileName: string,
  detected: DetectedFormat,
  rejectsTable: string,
): Promise<LandingRelation> {
  const reader = readerSql(path, detected, rejectsTable);
  let header: string[];
  try {
    const described = await engine.query<{ column_name: string }>(`DESCRIBE SELECT * FROM ${reader}`);
    header = described.map((r) => r.column_name);
  } catch (error) {
    throw new DatasetRejected(contract.name, fileName, `not readable as ${detected.format.toUpperCase()} (${firstLine((error as Error).message)})`);
  }
  const byName = new Map<string, string>();
  for (const name of header) {
    const normalised = normaliseHeader(name);
    if (byName.has(normalised)) throw new DatasetRejected(contract.name, fileName, `column "${normalised}" appears twice in the header`);
    byName.set(normalised, name);
  }
  const missing = contract.columns.filter((c) => c.required && !byName.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    throw new DatasetRejected(contract.name, fileName, `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
  const known = new Set(contract.columns.map((c) => c.name));
  const columns = contract.columns.map((c) => {
    const source = byName.get(c.name);
    return source === undefined ? `NULL::VARCHAR AS ${sqlIdent(c.name)}` : `CAST(${sqlIdent(source)} AS VARCHAR) AS ${sqlIdent(c.name)}`;
  });
  return {
    selectSql: `SELECT ${columns.join(', ')}, row_number() OVER () AS _record_number FROM ${reader}`,
    rejectsSql: detected.format === 'csv' ? `SELECT line, error_type, column_name FROM ${rejectsTable}` : undefined,
    ignoredColumns: [...byName.keys()].filter((n) => !known.has(n)),
  };
}

function readerSql(path: string, detected: DetectedFormat, rejectsTable: string): string {
  switch (detected.format) {
    case 'csv':
      return `read_csv(${sqlLiteral(path)}, header = true, all_varchar = true, encoding = ${sqlLiteral(detected.encoding)}, store_rejects = true, rejects_table = ${sqlLiteral(rejectsTable)}, rejects_scan = ${sqlLiteral(`${rejectsTable}_scan`)})`;
    case 'ndjson':
      return `read_json(${sqlLiteral(path)}, format = 'newline_delimited', sample_size = -1)`;
    case 'json':
      return `read_json(${sqlLiteral(path)}, format = 'array', sample_size = -1)`;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].slice(0, 300);
}
