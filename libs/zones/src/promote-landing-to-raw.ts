import { readFile, rename, rm, stat } from 'node:fs/promises';
import { EngineError, type Engine } from '@acad/engine';
import { sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import type { DetectedFormat } from './landing-format';
import { readLandingFile, type LandingRelation, type SharedCsvRead } from './landing-reader';
import { parquetSelect } from './trusted-snapshot-files';
import { DatasetRejected } from './zone-errors';

export interface RawPromotion {
  /** Records in the file: parsed plus unparseable. */
  read: number;
  /** Table expression of the parsed records as written to raw (text columns plus lineage). */
  relation: string;
  /** Records the parser could not read. */
  unparseable: number;
  /** Local Parquet file of parsed records, every column as text plus lineage columns. */
  rawPath: string;
  /**
   * An engine table that holds the file's records exactly as `rawPath` does (with other files'
   * of its shared read: filter on `_batch_id`), until the batch's objects are dropped: the
   * group's promotion reads them there instead of reading each small raw file back
   * (`rawRecordsSelect`).
   */
  heldIn?: string;
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
  const outcome = (await promoteLandingFilesToRaw(input.engine, [input]))[0];
  if (outcome instanceof Error) throw outcome;
  return outcome;
}

/**
 * `promoteLandingToRaw` for the files of a group, each into its own raw file (each its own
 * batch), on `engine` (every input's engine is ignored). Each file is parsed and written by its
 * own statements, but what each one could not parse is counted for all of them at once: on small
 * files the per-statement work, not the rows, is most of the cost. Resolves to each file's
 * promotion or its rejection, in order; a failure of the machine is raised.
 */
export async function promoteLandingFilesToRaw(
  engine: Engine,
  inputs: readonly RawPromotionInput[],
): Promise<Array<RawPromotion | DatasetRejected>> {
  const files = inputs.map((input) => ({ ...input, engine }));
  const outcomes: Array<RawPromotion | DatasetRejected | ParsedToRaw | undefined> = [];
  const relations: Array<LandingRelation | undefined> = [];
  for (const [i, input] of files.entries()) {
    const relation = await asRejection(input, () => readInput(input));
    if (relation instanceof DatasetRejected) outcomes[i] = relation;
    else relations[i] = relation;
  }
  // Plain CSV files of one layout are parsed together, by one statement for up to SHARED_READ_FILES.
  const layouts = new Map<string, number[]>();
  for (const [i, relation] of relations.entries()) {
    const shared = relation?.shared;
    if (!shared || (await stat(files[i].stagedPath)).size > (files[i].singlePassBytes ?? SINGLE_PASS_BYTES)) continue;
    // A quote left open runs to the end of the file: read with other files, DuckDB can lose that
    // record without a reject, so such a file is read alone, where its record goes to quarantine.
    if (!(await quotesClosed(shared.path, shared.quote))) continue;
    layouts.set(shared.layout, [...(layouts.get(shared.layout) ?? []), i]);
  }
  for (const indexes of layouts.values()) {
    if (indexes.length < 2) continue;
    const chunks = Math.ceil(indexes.length / SHARED_READ_FILES);
    for (let c = 0; c < chunks; c += 1) {
      const chunk = indexes.filter((_, j) => j % chunks === c);
      const parsed = await parseSharedCsvToRaw(
        engine,
        chunk.map((i) => ({ input: files[i], relation: relations[i] as LandingRelation })),
      );
      // A file the shared read could not settle (none of its records parsed, or the read failed) is read alone.
      chunk.forEach((i, j) => (outcomes[i] = parsed?.[j]));
    }
  }
  for (const [i, input] of files.entries()) {
    const relation = relations[i];
    if (outcomes[i] === undefined && relation) outcomes[i] = await asRejection(input, () => parseToRaw(input, relation));
  }
  const parsed = outcomes.filter((o): o is ParsedToRaw => o !== undefined && !(o instanceof Error) && 'parsed' in o);
  const uncounted = parsed.filter((p) => p.unparseable === undefined);
  const counts = await countUnparseable(engine, uncounted).catch(() => undefined);
  const done = new Map<ParsedToRaw, RawPromotion | DatasetRejected>();
  for (const p of parsed)
    done.set(
      p,
      await asRejection(p.input, async () => {
        // Should the count of all files fail, each file's own count says which one.
        const unparseable = p.unparseable ?? (counts ? counts[uncounted.indexOf(p)] : (await countUnparseable(engine, [p]))[0]);
        return completeRaw(engine, p, unparseable);
      }),
    );
  return outcomes.map((o) => (o instanceof Error ? o : (done.get(o as ParsedToRaw) as RawPromotion | DatasetRejected)));
}

/**
 * The raw records of `batches` as one select: from the engine tables that hold them where a
 * shared read left them there, from their raw files otherwise. Reading hundreds of small Parquet
 * files costs a few milliseconds each, more than validating their rows.
 */
export function rawRecordsSelect(batches: ReadonlyArray<{ batchId: string; raw: RawPromotion }>): string {
  const held = new Map<string, string[]>();
  const files: string[] = [];
  for (const { batchId, raw } of batches) {
    if (raw.heldIn) held.set(raw.heldIn, [...(held.get(raw.heldIn) ?? []), batchId]);
    else files.push(raw.rawPath);
  }
  // A held table may also hold files that were then read alone: only the batches' own rows are taken.
  const selects = [...held].map(
    ([table, ids]) => `SELECT * FROM ${sqlIdent(table)} WHERE _batch_id IN (${ids.map(sqlLiteral).join(', ')})`,
  );
  if (files.length > 0) selects.push(parquetSelect(files));
  return selects.join(' UNION ALL BY NAME ');
}

/**
 * Files parsed by one shared read at most: the partitioned write that splits the records into
 * one raw file per batch keeps a file open per batch, and DuckDB closes (and later reopens, as a
 * second file) beyond `partitioned_write_max_open_files`, 100 by default.
 */
export const SHARED_READ_FILES = 100;

/**
 * Plain CSV files of one layout parsed by one `read_csv` over all of them, each file's records
 * written to its own raw file (a partitioned COPY on `_batch_id`) and numbered by their order in
 * their file, as `parseToRaw` numbers them. The records stay in an engine table for the group's
 * promotion (`heldIn`): not a temporary one, since the engine's other connection parses the
 * group's other files and the promotion runs on one of them. Each file's unparseable records
 * stay in the shared rejects table, filtered by file. Resolves to each file's parse, undefined
 * for a file that must be read alone (no record of it parsed), or undefined as a whole when the
 * read failed on a file.
 */
async function parseSharedCsvToRaw(
  engine: Engine,
  files: ReadonlyArray<{ input: RawPromotionInput; relation: LandingRelation }>,
): Promise<Array<ParsedToRaw | undefined> | undefined> {
  const [first] = files;
  const shared = first.relation.shared as SharedCsvRead;
  const scratch = `landing_shared_${first.input.batchId}`;
  const held = `${scratch}_records`;
  const dir = first.input.outputPath(`${first.input.batchId}-shared-raw`);
  const batches = files.map(({ input }, i) => `(${i}, ${sqlLiteral(input.batchId)}, ${sqlLiteral(input.fileName)})`).join(', ');
  const columns = first.input.contract.columns.map((c) => sqlIdent(c.name)).join(', ');
  let written: Array<{ filename: string; count: number; partition_keys: Array<{ key: string; value: string }> }>;
  try {
    await engine.run(
      `CREATE OR REPLACE TABLE ${sqlIdent(held)} AS
         WITH parsed AS MATERIALIZED (SELECT ${shared.columns}, file_index AS _f, row_number() OVER () AS _g FROM ${shared.reader(
           files.map((f) => (f.relation.shared as SharedCsvRead).path),
           scratch,
         )}),
         firsts AS (SELECT _f, min(_g) AS _first FROM parsed GROUP BY _f)
         SELECT ${columns}, m._batch_id, m._source_file, _g - _first + 1 AS _row_number, ${sqlLiteral(first.input.ingestedAt)}::TIMESTAMPTZ AS _ingested_at
         FROM parsed JOIN firsts USING (_f) JOIN (VALUES ${batches}) AS m(_f, _batch_id, _source_file) ON m._f = parsed._f`,
    );
    written = await engine.query(
      `COPY (SELECT * FROM ${sqlIdent(held)}) TO ${sqlLiteral(dir)} (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION ${first.input.portableParquet ? 'v1' : 'v2'}, PARTITION_BY (_batch_id), WRITE_PARTITION_COLUMNS true, RETURN_STATS true)`,
    );
  } catch (error) {
    // A file the parser fails on: each file is read alone, so only that one is rejected.
    if (!(error instanceof EngineError && isTheFilesFault(error))) throw error;
    await engine.run(`DROP TABLE IF EXISTS ${sqlIdent(held)}`);
    return undefined;
  }
  const byBatch = new Map<string, Array<{ path: string; rows: number }>>();
  for (const w of written) {
    // The partition's MAP comes as its entries.
    const batchId = w.partition_keys.find((k) => k.key === '_batch_id')?.value ?? '';
    byBatch.set(batchId, [...(byBatch.get(batchId) ?? []), { path: w.filename, rows: Number(w.count) }]);
  }
  // One raw file per batch, or the files are read alone.
  if ([...byBatch.values()].some((w) => w.length !== 1)) {
    await engine.run(`DROP TABLE ${sqlIdent(held)}`);
    return undefined;
  }
  // Each file's unparseable records (as `unparseableRecords` counts them: one per line), all at once.
  const rejected = new Map(
    (
      await engine.query<{ path: string; n: number }>(
        `SELECT s.file_path AS path, count(*)::BIGINT AS n FROM (SELECT DISTINCT scan_id, file_id, line FROM ${sqlIdent(`${scratch}_rejects`)}) r
         JOIN ${sqlIdent(`${scratch}_scan`)} s ON s.scan_id = r.scan_id AND s.file_id = r.file_id GROUP BY ALL`,
      )
    ).map(({ path, n }) => [path, Number(n)]),
  );
  return Promise.all(
    files.map(async ({ input, relation }) => {
      const own = byBatch.get(input.batchId)?.[0];
      if (!own) return undefined;
      const rawPath = input.outputPath(`${input.batchId}-raw.parquet`);
      await rename(own.path, rawPath);
      const shared = relation.shared as SharedCsvRead;
      return {
        input,
        relation: { ...relation, rejectsSql: shared.rejectsSql(scratch) },
        parsed: own.rows,
        rawPath,
        heldIn: held,
        unparseable: rejected.get(shared.path) ?? 0,
      };
    }),
  );
}

/** True when a (small) file holds an even number of `quote` characters: every quoted value is closed. */
async function quotesClosed(path: string, quote: string): Promise<boolean> {
  const bytes = await readFile(path);
  const code = quote.charCodeAt(0);
  let count = 0;
  for (let at = bytes.indexOf(code); at !== -1; at = bytes.indexOf(code, at + 1)) count += 1;
  return count % 2 === 0;
}

/** `work`'s outcome, or the file's rejection when the engine's parser failed on the file. */
async function asRejection<T>(input: RawPromotionInput, work: () => Promise<T>): Promise<T | DatasetRejected> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DatasetRejected) return error;
    if (!(error instanceof EngineError) || !isTheFilesFault(error)) throw error;
    return new DatasetRejected(
      input.contract.name,
      input.fileName,
      `not readable as ${formatName(input.detected)}: ${engineProblem(error)}`,
    );
  }
}

/** A file parsed and its records written to raw; what it could not parse is not counted yet. */
interface ParsedToRaw {
  input: RawPromotionInput;
  relation: LandingRelation;
  parsed: number;
  rawPath: string;
  /** The engine table of the records with a NUL byte in a value, when there were any. */
  nulTable?: string;
  /** Records it could not parse, when already counted (by a shared read). */
  unparseable?: number;
  /** The engine table holding its records (a shared read's), see `RawPromotion.heldIn`. */
  heldIn?: string;
}

/** The engine's reader over a staged landing file (`readLandingFile`). */
function readInput(input: RawPromotionInput): Promise<LandingRelation> {
  return readLandingFile({
    engine: input.engine,
    contract: input.contract,
    path: input.stagedPath,
    fileName: input.fileName,
    detected: input.detected,
    scratch: `landing_${input.batchId}`,
    outputPath: input.outputPath,
  });
}

async function parseToRaw(input: RawPromotionInput, relation: LandingRelation): Promise<ParsedToRaw> {
  const { engine, contract, batchId } = input;
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
  if (!withNul) return { input, relation, parsed, rawPath };
  // A value with a NUL byte is never stored: its record goes to quarantine with the reason.
  const nulTable = sqlIdent(`landing_${batchId}_nul`);
  const cleanPath = input.outputPath(`${batchId}-raw-clean.parquet`);
  parsed = await copy(`SELECT * FROM read_parquet(${sqlLiteral(rawPath)}) WHERE NOT (${withNul})`, cleanPath);
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${nulTable} AS SELECT _row_number, ${nulColumn(contract)} AS column_name FROM read_parquet(${sqlLiteral(rawPath)}) WHERE ${withNul}`,
  );
  await rm(rawPath, { force: true });
  rawPath = cleanPath;
  return { input, relation, parsed, rawPath, nulTable };
}

/** The records each parsed file could not read, in order, counted by one statement. */
async function countUnparseable(engine: Engine, parsed: readonly ParsedToRaw[]): Promise<number[]> {
  if (parsed.length === 0) return [];
  const counts = await engine.query<{ i: number; n: number }>(
    parsed
      .map((p, i) => `SELECT ${i} AS i, count(*)::BIGINT AS n FROM (${unparseableRecords(p.relation, p.nulTable)})`)
      .join(' UNION ALL '),
  );
  const byFile = new Map(counts.map(({ i, n }) => [Number(i), Number(n)]));
  return parsed.map((_, i) => byFile.get(i) ?? 0);
}

/** The file's promotion, its unparseable records (if any) written for quarantine. */
async function completeRaw(engine: Engine, p: ParsedToRaw, unparseable: number): Promise<RawPromotion> {
  const { input, relation } = p;
  const { batchId } = input;
  if (p.parsed + unparseable === 0) throw new DatasetRejected(input.contract.name, input.fileName, 'no data rows');
  let rejectsPath: string | undefined;
  if (unparseable > 0) {
    rejectsPath = input.outputPath(`${batchId}-unparseable.parquet`);
    // The reason names the parser's error type and column only: never the line's content.
    await engine.writeParquet(
      `SELECT ${sqlLiteral(batchId)} AS _batch_id, ${sqlLiteral(input.fileName)} AS _source_file, line AS _line, record AS _record,
         [{'rule': 'parse.' || lower(replace(error_type, ' ', '_')), 'reason': coalesce(detail, 'the record could not be parsed: ' || lower(error_type) || coalesce(' at column ' || column_name, ''))}] AS _violations
       FROM (${unparseableRecords(relation, p.nulTable)}) ORDER BY line, record`,
      rejectsPath,
    );
  }
  return {
    read: p.parsed + unparseable,
    // A table expression over the raw file: no engine object to create (or drop) per file.
    relation: `read_parquet(${sqlLiteral(p.rawPath)})`,
    unparseable,
    rawPath: p.rawPath,
    ...(p.heldIn ? { heldIn: p.heldIn } : {}),
    rejectsPath,
    ignoredColumns: relation.ignoredColumns,
    warnings: [...relation.warnings, ...(p.nulTable ? [`records with a NUL byte in a value went to quarantine`] : [])],
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
