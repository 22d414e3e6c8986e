import { rm, stat } from 'node:fs/promises';
import type { Engine } from '@acad/engine';
import { sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import type { DetectedFormat } from './landing-format';
import { readLandingFile } from './landing-reader';

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
 * raw as text with lineage columns, the rest to quarantine with the parser's reason.
 */
export async function promoteLandingToRaw(input: RawPromotionInput): Promise<RawPromotion> {
  const { engine, contract, batchId } = input;
  const relation = await readLandingFile(engine, contract, input.stagedPath, input.fileName, input.detected, `landing_${batchId}`);
  const lineage = (recordNumber: string) =>
    `${sqlLiteral(batchId)} AS _batch_id, ${sqlLiteral(input.fileName)} AS _source_file, ${recordNumber} AS _row_number, ${sqlLiteral(input.ingestedAt)}::TIMESTAMPTZ AS _ingested_at`;
  const columns = contract.columns.map((c) => sqlIdent(c.name)).join(', ');
  const rawPath = input.outputPath(`${batchId}-raw.parquet`);
  const writeRaw = async (selectSql: string): Promise<number> => {
    // COPY answers with the number of rows it wrote.
    const [{ Count }] = await engine.query<{ Count: number }>(
      `COPY (${selectSql}) TO ${sqlLiteral(rawPath)} (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION ${input.portableParquet ? 'v1' : 'v2'})`,
    );
    return Number(Count);
  };
  let parsed: number;
  if (relation.numbersRecords || (await stat(input.stagedPath)).size <= (input.singlePassBytes ?? SINGLE_PASS_BYTES)) {
    // One pass. A reader that numbers its records is streamed as it is; otherwise DuckDB keeps a
    // single file's record order through row_number() OVER () (its documented order preservation),
    // which holds the file in memory: only small files go this way.
    parsed = await writeRaw(
      `SELECT ${columns}, ${lineage(relation.numbersRecords ? '_record_number' : 'row_number() OVER ()')} FROM (${relation.selectSql})`,
    );
  } else {
    // The file is parsed once, straight into Parquet (memory stays flat however big the file);
    // raw adds the lineage columns, numbering records by their position in that file.
    const landedPath = input.outputPath(`${batchId}-landed.parquet`);
    await engine.writeParquet(relation.selectSql, landedPath);
    parsed = await writeRaw(
      `SELECT ${columns}, ${lineage('file_row_number + 1')} FROM read_parquet(${sqlLiteral(landedPath)}, file_row_number = true)`,
    );
    await rm(landedPath, { force: true });
  }
  const rawView = sqlIdent(`raw_${batchId}`);
  await engine.run(`CREATE OR REPLACE TEMP VIEW ${rawView} AS SELECT * FROM read_parquet(${sqlLiteral(rawPath)})`);

  let unparseable = 0;
  let rejectsPath: string | undefined;
  {
    const [{ n }] = await engine.query<{ n: number }>(`SELECT count(DISTINCT line)::BIGINT AS n FROM (${relation.rejectsSql})`);
    unparseable = Number(n);
    if (unparseable > 0) {
      rejectsPath = input.outputPath(`${batchId}-unparseable.parquet`);
      // The reason names the parser's error type and column only: never the line's content.
      await engine.writeParquet(
        `SELECT ${sqlLiteral(batchId)} AS _batch_id, ${sqlLiteral(input.fileName)} AS _source_file, line AS _line,
           [{'rule': 'parse.' || lower(replace(min(error_type), ' ', '_')), 'reason': 'the record could not be parsed: ' || lower(min(error_type)) || coalesce(' at column ' || min(column_name), '')}] AS _violations
         FROM (${relation.rejectsSql}) GROUP BY line ORDER BY line`,
        rejectsPath,
      );
    }
  }
  return { read: parsed + unparseable, relation: rawView, unparseable, rawPath, rejectsPath, ignoredColumns: relation.ignoredColumns };
}
