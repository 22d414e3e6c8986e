import { rm, stat } from 'node:fs/promises';
import { EngineError, type Engine } from '@acad/engine';
import { sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import type { DetectedFormat } from './landing-format';
import { readLandingFile, type LandingRelation } from './landing-reader';
import { DatasetRejected } from './zone-errors';

export interface RawPromotion {
  /** Records in the file: parsed plus unparseable. */
  read: number;
  /** Engine relation of the parsed records as written to raw (text columns plus lineage). */
  relation: string;
  /** Records the parser could not read. */
  unparseable: number;
  /** Local Parquet file of parsed records, every column as text plus lineage columns. */
  rawPath: string;
  /** Local Parquet file of unparseable records with the parser's reason, or undefined. */
  rejectsPath?: string;
  ignoredColumns: string[];
  /** What the reader did that the batch summary says (lines skipped, no header row, a second table). */
  warnings: string[];
}

export interface RawPromotionInput {
  engine: Engine;
  contract: DatasetContract;
  stagedPath: string;
  fileName: string;
  detected: DetectedFormat;
  batchId: string;
  ingestedAt: string;
  outputPath: (name: string) => string;
  /**
   * Write raw as Parquet 1, for readers other than the embedded engine (the Athena path hands
   * the file to Athena). Otherwise Parquet 2, whose delta encoding suits the record numbers.
   */
  portableParquet?: boolean;
  /** Files up to this size are written in one pass (default SINGLE_PASS_BYTES). */
  singlePassBytes?: number;
}

/** Files up to this size are parsed and written to raw in one pass (see promoteLandingToRaw). */
export const SINGLE_PASS_BYTES = 16 * 1024 * 1024;

/**
 * landing → raw: a structural parse. Every physical record is accounted for: parsed ones go to
 * raw as text with lineage columns, the rest to quarantine with the parser's reason. A file the
 * reader cannot read at all (the engine's parser fails on it), or that holds no record, is
 * rejected whole (DatasetRejected): one file's failure is never the run's.
 */
export async function promoteLandingToRaw(input: RawPromotionInput): Promise<RawPromotion> {
  try {
    const promotion = await promote(input);
    if (promotion.read === 0) throw new DatasetRejected(input.contract.name, input.fileName, 'no data rows');
    return promotion;
  } catch (error) {
    if (!(error instanceof EngineError) || !isTheFilesFault(error)) throw error;
    throw new DatasetRejected(
      input.contract.name,
      input.fileName,
      `not readable as ${formatName(input.detected)}: ${engineProblem(error)}`,
    );
  }
}

async function promote(input: RawPromotionInput): Promise<RawPromotion> {
  const { engine, contract, batchId } = input;
  const relation = await readLandingFile({
    engine,
    contract,
    path: input.stagedPath,
    fileName: input.fileName,
    detected: input.detected,
    scratch: `landing_${batchId}`,
    outputPath: input.outputPath,
  });
  const lineage = (recordNumber: string) =>
    `${sqlLiteral(batchId)} AS _batch_id, ${sqlLiteral(input.fileName)} AS _source_file, ${recordNumber} AS _row_number, ${sqlLiteral(input.ingestedAt)}::TIMESTAMPTZ AS _ingested_at`;
  const columns = contract.columns.map((c) => sqlIdent(c.name)).join(', ');
  let rawPath = input.outputPath(`${batchId}-raw.parquet`);
  const copy = async (selectSql: string, target: string): Promise<number> => {
    // COPY answers with the number of rows it wrote.
    const [{ Count }] = await engine.query<{ Count: number }>(
      `COPY (${selectSql}) TO ${sqlLiteral(target)} (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION ${input.portableParquet ? 'v1' : 'v2'})`,
    );
    return Number(Count);
  };
  let parsed: number;
  if (relation.numbersRecords || (await stat(input.stagedPath)).size <= (input.singlePassBytes ?? SINGLE_PASS_BYTES)) {
    // One pass. A reader that numbers its records is streamed as it is; otherwise DuckDB keeps a
    // single file's record order through row_number() OVER () (its documented order preservation),
    // which holds the file in memory: only small files go this way.
    parsed = await copy(
      `SELECT ${columns}, ${lineage(relation.numbersRecords ? '_record_number' : 'row_number() OVER ()')} FROM (${relation.selectSql})`,
      rawPath,
    );
  } else {
    // The file is parsed once, straight into Parquet (memory stays flat however big the file);
    // raw adds the lineage columns, numbering records by their position in that file.
    const landedPath = input.outputPath(`${batchId}-landed.parquet`);
    await engine.writeParquet(relation.selectSql, landedPath);
    parsed = await copy(
      `SELECT ${columns}, ${lineage('file_row_number + 1')} FROM read_parquet(${sqlLiteral(landedPath)}, file_row_number = true)`,
      rawPath,
    );
    await rm(landedPath, { force: true });
  }
  const withNul = relation.mayHoldNul ? await recordsWithNul(engine, contract, rawPath) : undefined;
  if (withNul) {
    // A value with a NUL byte is never stored: its record goes to quarantine with the reason.
    const cleanPath = input.outputPath(`${batchId}-raw-clean.parquet`);
    parsed = await copy(`SELECT * FROM read_parquet(${sqlLiteral(rawPath)}) WHERE NOT (${withNul})`, cleanPath);
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${sqlIdent(`landing_${batchId}_nul`)} AS SELECT _row_number, ${nulColumn(contract)} AS column_name FROM read_parquet(${sqlLiteral(rawPath)}) WHERE ${withNul}`,
    );
    await rm(rawPath, { force: true });
    rawPath = cleanPath;
  }
  const rawView = sqlIdent(`raw_${batchId}`);
  await engine.run(`CREATE OR REPLACE TEMP VIEW ${rawView} AS SELECT * FROM read_parquet(${sqlLiteral(rawPath)})`);

  const rejects = unparseableRecords(relation, withNul ? sqlIdent(`landing_${batchId}_nul`) : undefined);
  const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM (${rejects})`);
  const unparseable = Number(n);
  let rejectsPath: string | undefined;
  if (unparseable > 0) {
    rejectsPath = input.outputPath(`${batchId}-unparseable.parquet`);
    // The reason names the parser's error type and column only: never the line's content.
    await engine.writeParquet(
      `SELECT ${sqlLiteral(batchId)} AS _batch_id, ${sqlLiteral(input.fileName)} AS _source_file, line AS _line, record AS _record,
         [{'rule': 'parse.' || lower(replace(error_type, ' ', '_')), 'reason': coalesce(detail, 'the record could not be parsed: ' || lower(error_type) || coalesce(' at column ' || column_name, ''))}] AS _violations
       FROM (${rejects}) ORDER BY line, record`,
      rejectsPath,
    );
  }
  return {
    read: parsed + unparseable,
    relation: rawView,
    unparseable,
    rawPath,
    rejectsPath,
    ignoredColumns: relation.ignoredColumns,
    warnings: [...relation.warnings, ...(withNul ? [`records with a NUL byte in a value went to quarantine`] : [])],
  };
}

/**
 * One row per record the parser could not read (a record can break several columns at once: one
 * reason for it), and one per record whose value held a NUL byte (`record` is its number in raw).
 */
function unparseableRecords(relation: LandingRelation, nulTable: string | undefined): string {
  const parser = `SELECT line, NULL::BIGINT AS record, min(error_type) AS error_type, min(column_name) AS column_name, min(detail) AS detail FROM (${relation.rejectsSql}) GROUP BY line`;
  if (!nulTable) return parser;
  return `${parser} UNION ALL SELECT NULL::BIGINT AS line, _row_number AS record, 'NUL BYTE' AS error_type, column_name, 'the record holds a NUL byte at column ' || column_name AS detail FROM ${nulTable}`;
}

/** A condition true for a raw record with a NUL byte in a value, or undefined when it has none. */
async function recordsWithNul(engine: Engine, contract: DatasetContract, rawPath: string): Promise<string | undefined> {
  // coalesce: a null value holds no NUL, and a null condition would drop the record from both sides.
  const condition = contract.columns.map((c) => `coalesce(contains(${sqlIdent(c.name)}, chr(0)), false)`).join(' OR ');
  const [{ n }] = await engine.query<{ n: number }>(
    `SELECT count(*)::BIGINT AS n FROM read_parquet(${sqlLiteral(rawPath)}) WHERE ${condition}`,
  );
  return Number(n) > 0 ? condition : undefined;
}

function nulColumn(contract: DatasetContract): string {
  return `CASE ${contract.columns.map((c) => `WHEN contains(${sqlIdent(c.name)}, chr(0)) THEN ${sqlLiteral(c.name)}`).join(' ')} END`;
}

function formatName(detected: DetectedFormat): string {
  return detected.format === 'csv' ? 'CSV' : detected.format === 'ndjson' ? 'NDJSON' : 'JSON';
}

// Failures of the machine, not of the file: the run stops on them, and the file stays in landing.
const RESOURCE_FAILURES = /^(Out of Memory Error|IO Error|Interrupt Error|INTERRUPT Error|FATAL Error|Internal Error)\b/i;

function isTheFilesFault(error: EngineError): boolean {
  return !RESOURCE_FAILURES.test(error.message);
}

/**
 * What the engine's parser said, without a word of the file's content: DuckDB's messages can
 * quote the line they failed on, so only the error class is kept.
 */
function engineProblem(error: EngineError): string {
  const first = error.message.split('\n')[0];
  if (/state machine reached an invalid state/i.test(first))
    return 'the CSV parser reached an invalid state (quoting or line endings it cannot follow)';
  return `the engine's parser failed (${/^([A-Za-z ]+Error):/.exec(first)?.[1] ?? 'engine error'})`;
}
