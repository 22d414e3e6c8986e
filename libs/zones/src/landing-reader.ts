import type { Engine } from '@acad/engine';
import { normaliseHeader, sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import { detectCsvDialect } from './csv-dialect';
import type { DetectedFormat } from './landing-format';
import { DatasetRejected } from './zone-errors';

export interface LandingRelation {
  /**
   * SELECT of every parsed record as text, one column per contract column. JSON sources add
   * `_record_number` (their line or element number); CSV records are numbered by their order,
   * which DuckDB preserves when the rows are materialised.
   */
  selectSql: string;
  numbersRecords: boolean;
  /** SELECT of records the parser could not read: `line`, `error_type`, `column_name`. */
  rejectsSql: string;
  /** File columns that the contract does not know (kept out of the lake). */
  ignoredColumns: string[];
}

/**
 * Builds the engine's reader over a staged landing file. The header (CSV) or the keys of the
 * records (JSON) decide the column mapping (PRODUCT.md §4: case-insensitive after trimming);
 * a missing required column rejects the whole file.
 */
export async function readLandingFile(
  engine: Engine,
  contract: DatasetContract,
  path: string,
  fileName: string,
  detected: DetectedFormat,
  scratch: string,
): Promise<LandingRelation> {
  const reject = (problem: string) => new DatasetRejected(contract.name, fileName, problem);
  const source =
    detected.format === 'csv'
      ? await csvSource(engine, path, detected, scratch, reject)
      : await jsonSource(engine, path, detected, scratch, reject);

  const byName = new Map<string, string[]>();
  for (const name of source.header) {
    const normalised = normaliseHeader(name);
    // JSON records may each spell a key differently. (DuckDB renames a repeated CSV header.)
    byName.set(normalised, [...(byName.get(normalised) ?? []), name]);
  }
  const missing = contract.columns.filter((c) => c.required && !byName.has(c.name)).map((c) => c.name);
  if (missing.length > 0) throw reject(`missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  const known = new Set(contract.columns.map((c) => c.name));
  const columns = contract.columns.map((c) => {
    const fields = byName.get(c.name);
    const value =
      fields === undefined
        ? 'NULL::VARCHAR'
        : fields.length === 1
          ? source.valueOf(fields[0])
          : `coalesce(${fields.map(source.valueOf).join(', ')})`;
    return `${value} AS ${sqlIdent(c.name)}`;
  });
  return {
    selectSql: `SELECT ${columns.join(', ')}${source.numbersRecords ? ', _record_number' : ''} FROM ${source.relation}`,
    numbersRecords: source.numbersRecords,
    rejectsSql: source.rejectsSql,
    ignoredColumns: [...byName.keys()].filter((n) => !known.has(n)),
  };
}

interface Source {
  header: string[];
  numbersRecords: boolean;
  relation: string;
  valueOf: (field: string) => string;
  rejectsSql: string;
}

type Reject = (problem: string) => DatasetRejected;

async function csvSource(engine: Engine, path: string, detected: DetectedFormat, scratch: string, reject: Reject): Promise<Source> {
  const dialect = await detectCsvDialect(path, detected.encoding);
  if (!dialect)
    throw reject(`not readable as CSV (${detected.encoding}): no header with a comma, semicolon, tab or pipe between column names`);
  // Columns get positional names, so any header text is safe; the mapping uses the real names.
  const fields = dialect.header.map((_, i) => `c${i}`);
  const reader = `read_csv(${sqlLiteral(path)}, header = true, auto_detect = false, delim = ${sqlLiteral(dialect.delimiter)}, quote = '"', escape = '"', encoding = ${sqlLiteral(detected.encoding)}, columns = {${fields.map((f) => `${sqlLiteral(f)}: 'VARCHAR'`).join(', ')}}, store_rejects = true, rejects_table = ${sqlLiteral(`${scratch}_rejects`)}, rejects_scan = ${sqlLiteral(`${scratch}_scan`)})`;
  const byHeader = new Map(dialect.header.map((name, i) => [name, fields[i]]));
  return {
    header: dialect.header,
    numbersRecords: false,
    relation: reader,
    valueOf: (field) => sqlIdent(byHeader.get(field) ?? field),
    rejectsSql: `SELECT line, error_type, CASE column_name ${fields.map((f, i) => `WHEN ${sqlLiteral(f)} THEN ${sqlLiteral(dialect.header[i].trim())}`).join(' ')} END AS column_name FROM ${sqlIdent(`${scratch}_rejects`)}`,
  };
}

/**
 * NDJSON is read one line per record, so a malformed line goes to quarantine with its line
 * number instead of failing the file; a JSON array is split into its elements.
 */
async function jsonSource(engine: Engine, path: string, detected: DetectedFormat, scratch: string, reject: Reject): Promise<Source> {
  const records = sqlIdent(`${scratch}_records`);
  try {
    if (detected.format === 'ndjson') {
      await engine.run(
        `CREATE OR REPLACE TEMP TABLE ${records} AS
         SELECT line, n AS _record_number FROM (
           SELECT line, row_number() OVER () AS n
           FROM read_csv(${sqlLiteral(path)}, columns = {'line': 'VARCHAR'}, header = false, delim = chr(0), quote = '', escape = '', auto_detect = false, encoding = ${sqlLiteral(detected.encoding)})
         ) WHERE line IS NOT NULL AND trim(line) <> ''`,
      );
    } else {
      const [{ valid }] = await engine.query<{ valid: boolean }>(
        `SELECT coalesce(CASE WHEN json_valid(content) THEN json_type(content) = 'ARRAY' END, false) AS valid FROM read_text(${sqlLiteral(path)})`,
      );
      if (!valid) throw reject('not a JSON array of records');
      await engine.run(
        `CREATE OR REPLACE TEMP TABLE ${records} AS
         SELECT CAST(element AS VARCHAR) AS line, row_number() OVER () AS _record_number
         FROM (SELECT unnest(json_extract(content::JSON, '$[*]')) AS element FROM read_text(${sqlLiteral(path)}))`,
      );
    }
  } catch (error) {
    if (error instanceof DatasetRejected) throw error;
    throw reject(`not readable as ${detected.format === 'ndjson' ? 'NDJSON' : 'JSON'} (${detected.encoding})`);
  }
  // CASE keeps json_type and json_keys away from lines that are not valid JSON.
  await engine.run(
    `ALTER TABLE ${records} ADD COLUMN is_record BOOLEAN; UPDATE ${records} SET is_record = coalesce(CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' END, false)`,
  );
  const header = (
    await engine.query<{ k: string }>(
      `SELECT DISTINCT unnest(CASE WHEN is_record THEN json_keys(line) END) AS k FROM ${records} ORDER BY k`,
    )
  ).map((r) => r.k);
  const isRecord = 'is_record';
  return {
    header,
    numbersRecords: true,
    relation: `(SELECT * EXCLUDE (is_record) FROM ${records} WHERE is_record)`,
    // Nested values keep their JSON text; scalars their plain text.
    valueOf: (field) => `json_extract_string(line, ${sqlLiteral(`$."${field.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)})`,
    rejectsSql: `SELECT _record_number AS line, 'INVALID JSON RECORD' AS error_type, NULL::VARCHAR AS column_name FROM ${records} WHERE NOT ${isRecord}`,
  };
}
