import type { Engine } from '@acad/engine';
import { normaliseHeader, sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import { sniffCsvLayout } from './csv-layout';
import { readTextHead, type DetectedFormat } from './landing-format';
import { prepareLandingText } from './prepare-landing-text';
import { DatasetRejected } from './zone-errors';

export interface LandingRelation {
  /**
   * SELECT of every parsed record as text, one column per contract column. JSON sources add
   * `_record_number` (their line or element number); CSV records are numbered by their order,
   * which DuckDB preserves when the rows are materialised.
   */
  selectSql: string;
  numbersRecords: boolean;
  /**
   * SELECT of records the parser could not read: `line` (of the delivered file), `error_type`,
   * `column_name`, and `detail` (a reason of its own, or null for the parser's).
   */
  rejectsSql: string;
  /** File columns that the contract does not know (kept out of the lake). */
  ignoredColumns: string[];
  /** Whether a value may hold a NUL character (the promotion then looks for it). */
  mayHoldNul: boolean;
  /** What the reader did that the batch summary should say: lines skipped, no header, a second table. */
  warnings: string[];
  /**
   * A plain CSV (no second table, no NUL byte): how to read it in one statement with other files
   * of the same `layout` (`read_csv` over a list of files), or undefined.
   */
  shared?: SharedCsvRead;
}

/** One CSV file of a read over several files with the same layout. */
export interface SharedCsvRead {
  /** The file the engine reads. */
  path: string;
  /** Files whose layouts are equal read alike: the reader's options and the column mapping. */
  layout: string;
  /** The quote character. */
  quote: string;
  /** `read_csv` over `paths`, with the rejects tables named after `scratch`; adds `file_index`. */
  reader: (paths: readonly string[], scratch: string) => string;
  /** The contract's columns (`<value> AS <column>`, comma-separated) over the reader's columns. */
  columns: string;
  /** This file's records the shared read `scratch` could not read, as `LandingRelation.rejectsSql`. */
  rejectsSql: (scratch: string) => string;
}

export interface LandingReadInput {
  engine: Engine;
  contract: DatasetContract;
  path: string;
  fileName: string;
  detected: DetectedFormat;
  /** Prefix for the engine's temporary objects of this file. */
  scratch: string;
  /** A fresh path in the private staging folder, for copies made for the engine. */
  outputPath: (name: string) => string;
}

/**
 * Builds the engine's reader over a staged landing file. The header (CSV) or the keys of the
 * records (JSON) decide the column mapping (PRODUCT.md §4: case-insensitive after trimming);
 * a missing required column, an empty file or one the reader cannot make sense of rejects the
 * whole file (DatasetRejected).
 */
export async function readLandingFile(input: LandingReadInput): Promise<LandingRelation> {
  const { contract, fileName, detected } = input;
  const reject = (problem: string) => new DatasetRejected(contract.name, fileName, problem);
  const head = await readTextHead(input.path, detected.encoding);
  if (head.text.trim() === '') throw reject('empty file');
  const source = detected.format === 'csv' ? await csvSource(input, head, reject) : await jsonSource(input, reject);

  const byName = new Map<string, string[]>();
  for (const name of source.header) {
    const normalised = normaliseHeader(name);
    // JSON records may each spell a key differently, and a CSV header may repeat a name.
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
    mayHoldNul: source.mayHoldNul,
    warnings: source.warnings,
    ...(source.shared && !source.mayHoldNul
      ? {
          shared: {
            ...source.shared,
            layout: JSON.stringify([source.shared.layout, columns]),
            columns: columns.join(', '),
          },
        }
      : {}),
  };
}

interface Source {
  header: string[];
  numbersRecords: boolean;
  relation: string;
  valueOf: (field: string) => string;
  rejectsSql: string;
  mayHoldNul: boolean;
  warnings: string[];
  shared?: Omit<SharedCsvRead, 'columns'>;
}

type Reject = (problem: string) => DatasetRejected;

async function csvSource(input: LandingReadInput, head: { text: string; truncated: boolean }, reject: Reject): Promise<Source> {
  const { engine, contract, scratch } = input;
  const layout = sniffCsvLayout(head.text, contract, head.truncated, reject);
  const prepared = await prepareLandingText(input.path, input.detected.encoding, input.outputPath, {
    fromLine: layout.dataLine,
    width: layout.header.length,
    delimiter: layout.delimiter,
    quote: layout.quote,
    columnNames: new Set(contract.columns.map((c) => c.name)),
    startsWithHeader: layout.headerLine !== undefined,
  });
  // Columns get positional names, so any header text is safe; the mapping uses the real names.
  const fields = layout.header.map((_, i) => `c${i}`);
  const quote = sqlLiteral(layout.quote);
  const options = `header = ${prepared.startsWithHeader}, auto_detect = false, delim = ${sqlLiteral(layout.delimiter)}, quote = ${quote}, escape = ${quote}, encoding = ${sqlLiteral(prepared.encoding)}, columns = {${fields.map((f) => `${sqlLiteral(f)}: 'VARCHAR'`).join(', ')}}`;
  const readCsv = (paths: string, into: string) =>
    `read_csv(${paths}, ${options}, store_rejects = true, rejects_table = ${sqlLiteral(`${into}_rejects`)}, rejects_scan = ${sqlLiteral(`${into}_scan`)})`;
  const reader = readCsv(sqlLiteral(prepared.path), scratch);
  // A repeated header name keeps each of its columns (the mapping coalesces them).
  const fieldsByName = new Map<string, string[]>();
  layout.header.forEach((name, i) => fieldsByName.set(name, [...(fieldsByName.get(name) ?? []), fields[i]]));
  const columnName = (column: string) =>
    `CASE ${column} ${fields.map((f, i) => `WHEN ${sqlLiteral(f)} THEN ${sqlLiteral(layout.header[i].trim())}`).join(' ')} END`;
  const rejects = [
    `SELECT line + ${prepared.lineOffset} AS line, error_type, ${columnName('column_name')} AS column_name, NULL::VARCHAR AS detail FROM ${sqlIdent(`${scratch}_rejects`)}`,
  ];
  const warnings: string[] = [];
  if (layout.headerLine === undefined) {
    warnings.push(`no header row: its columns were read by position as ${layout.header.join(', ')}`);
  }
  if (layout.skippedLines > 0) {
    warnings.push(
      `skipped ${layout.skippedLines} line(s) before the ${layout.headerLine === undefined ? 'first record' : `header row (line ${layout.dataLine})`}`,
    );
  }
  const table = prepared.secondTable;
  if (table) {
    const tail = sqlIdent(`${scratch}_second_table`);
    await engine.run(`CREATE OR REPLACE TEMP TABLE ${tail} (line BIGINT)`);
    for (let i = 0; i < table.lines.length; i += 10_000) {
      await engine.run(`INSERT INTO ${tail} SELECT unnest([${table.lines.slice(i, i + 10_000).join(', ')}]::BIGINT[])`);
    }
    const detail = `the line belongs to a second table that begins at line ${table.line}, not to the records of ${contract.name}`;
    rejects.push(`SELECT line, 'SECOND TABLE' AS error_type, NULL::VARCHAR AS column_name, ${sqlLiteral(detail)} AS detail FROM ${tail}`);
    warnings.push(
      `a second table begins at line ${table.line}: its ${table.lines.length} line(s) went to quarantine, not into ${contract.name}`,
    );
  }
  return {
    header: layout.header,
    numbersRecords: false,
    relation: reader,
    valueOf: (field) => {
      const positions = (fieldsByName.get(field) ?? [field]).map(sqlIdent);
      return positions.length === 1 ? positions[0] : `coalesce(${positions.join(', ')})`;
    },
    rejectsSql: rejects.join(' UNION ALL '),
    mayHoldNul: prepared.holdsNul,
    warnings,
    ...(table
      ? {}
      : {
          shared: {
            path: prepared.path,
            layout: JSON.stringify([options, columnName('column_name')]),
            quote: layout.quote,
            reader: (paths, into) => readCsv(`[${paths.map(sqlLiteral).join(', ')}]`, into),
            // The shared read's rejects of this file alone (its file_id in the scan's list).
            rejectsSql: (into) =>
              `SELECT r.line + ${prepared.lineOffset} AS line, r.error_type, ${columnName('r.column_name')} AS column_name, NULL::VARCHAR AS detail FROM ${sqlIdent(`${into}_rejects`)} r JOIN ${sqlIdent(`${into}_scan`)} s ON s.scan_id = r.scan_id AND s.file_id = r.file_id WHERE s.file_path = ${sqlLiteral(prepared.path)}`,
          },
        }),
  };
}

// NDJSON lines are split on a 4-byte run of control characters that text does not hold, so a
// line is read whole whatever it contains (DuckDB takes delimiters of up to 4 bytes).
const NO_DELIMITER = 'chr(1) || chr(31) || chr(2) || chr(30)';

/**
 * NDJSON is read one line per record, so a malformed line (or one that is not valid UTF-8) goes
 * to quarantine with its line number instead of failing the file; a JSON array is split into its
 * elements.
 */
async function jsonSource(input: LandingReadInput, reject: Reject): Promise<Source> {
  const { engine, scratch, detected } = input;
  const records = sqlIdent(`${scratch}_records`);
  const unreadable = sqlIdent(`${scratch}_lines_rejects`);
  let lineRejects = '';
  try {
    if (detected.format === 'ndjson') {
      const prepared = await prepareLandingText(input.path, detected.encoding, input.outputPath);
      const lines = sqlIdent(`${scratch}_lines`);
      await engine.run(
        `CREATE OR REPLACE TEMP TABLE ${lines} AS
         SELECT line, row_number() OVER () AS n
         FROM read_csv(${sqlLiteral(prepared.path)}, columns = {'line': 'VARCHAR'}, header = false, delim = ${NO_DELIMITER}, quote = '', escape = '', auto_detect = false, encoding = ${sqlLiteral(prepared.encoding)}, store_rejects = true, rejects_table = ${sqlLiteral(`${scratch}_lines_rejects`)}, rejects_scan = ${sqlLiteral(`${scratch}_lines_scan`)})`,
      );
      // The reader numbers the lines it read; each line it could not read before one shifts that one's
      // physical number by one (an ASOF join finds how many: the lines `r` rejected with r - i < n).
      await engine.run(
        `CREATE OR REPLACE TEMP TABLE ${records} AS
         SELECT l.line, l.n + coalesce(s.i, 0) AS _record_number
         FROM ${lines} l ASOF LEFT JOIN (
           SELECT r - i AS k, max(i) AS i FROM (SELECT r, row_number() OVER (ORDER BY r) AS i FROM (SELECT DISTINCT line AS r FROM ${unreadable})) GROUP BY k
         ) s ON l.n > s.k
         WHERE l.line IS NOT NULL AND trim(l.line) <> ''`,
      );
      lineRejects = ` UNION ALL SELECT line, min(error_type), NULL::VARCHAR, NULL::VARCHAR FROM ${unreadable} GROUP BY line`;
    } else {
      const path =
        detected.encoding === 'utf-16' ? (await prepareLandingText(input.path, detected.encoding, input.outputPath)).path : input.path;
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
  return {
    header,
    numbersRecords: true,
    relation: `(SELECT * EXCLUDE (is_record) FROM ${records} WHERE is_record)`,
    // Nested values keep their JSON text; scalars their plain text.
    valueOf: (field) => `json_extract_string(line, ${sqlLiteral(`$."${field.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)})`,
    rejectsSql: `SELECT _record_number AS line, CASE WHEN contains(line, chr(0)) THEN 'NUL BYTE' ELSE 'INVALID JSON RECORD' END AS error_type, NULL::VARCHAR AS column_name, NULL::VARCHAR AS detail FROM ${records} WHERE NOT is_record${lineRejects}`,
    // A JSON string may spell NUL as \u0000.
    mayHoldNul: true,
    warnings: [],
  };
}
