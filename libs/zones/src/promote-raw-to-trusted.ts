import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '@acad/engine';
import { compileValidationSql, sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import type { DataProtection } from './data-protection';
import { createProtectMaps, fingerprintExpression, hasDirectIdentifiers, protectedColumns, protectedSelect } from './protect-fields';
import { partitionExpression } from './trusted-layout';
import { parquetSelect } from './trusted-snapshot-files';

export interface TrustedPromotionInput {
  engine: Engine;
  contract: DatasetContract;
  /** Engine relation of the batch's raw records (text columns plus lineage columns). */
  rawRelation: string;
  /**
   * Stages the current trusted files that may hold rows with the batch's keys, given the
   * partitions the batch's rows fall in; those partitions are rewritten whole.
   */
  loadExisting: (batchPartitions: string[]) => Promise<{ paths: string[]; partitions: string[] }>;
  outputPath: (name: string) => string;
  batchId: string;
  protection: DataProtection;
}

export interface TrustedPromotion {
  accepted: number;
  duplicates: number;
  invalid: number;
  /** Partition path → local Parquet file (null when the partition ends up empty). */
  partitions: Map<string, string | null>;
  /** Engine view of the rewritten partitions' rows (for the quality gate and curated products), quoted. */
  mergedTable: string;
  /** The same view's plain name, for APIs that quote names themselves. */
  mergedTableName: string;
  /** Local Parquet file of rows that broke the contract, with rule ids and reasons. */
  invalidPath?: string;
  /** Rule id → number of rows that broke it. */
  violationsByRule: Map<string, number>;
}

const LINEAGE = ['_batch_id', '_source_file', '_row_number', '_ingested_at'];

interface BatchStats {
  valid: number;
  invalid: number;
  partitions: string[];
  distinctValues: Map<string, string[]>;
}

/**
 * raw → trusted: types and contract rules (compiled from the contract), then de-duplication on
 * the key — the latest `latestBy` wins, within the batch and against rows already trusted —
 * and field protection. The caller drops the temp objects (`dropTrustedTables`).
 *
 * The typed batch is never held in memory: it is a view over the raw Parquet file, read by a
 * few streaming passes. Duplicates are rare, so one pass finds the key hashes seen more than once
 * (and the partitions and protected values); only rows with those hashes, plus the current
 * trusted rows of the touched partitions, go through the window that picks the latest row; every
 * other row streams straight into the partition files. A hash collision only adds candidates:
 * the window compares the keys themselves.
 */
export async function promoteRawToTrusted(input: TrustedPromotionInput): Promise<TrustedPromotion> {
  const { engine, contract, batchId } = input;
  const t = (name: string) => trustedTable(name, batchId);
  const keyHash = (alias: string) => `hash(${contract.key.map((c) => `${alias}${sqlIdent(c)}`).join(', ')})`;

  await engine.run(`CREATE OR REPLACE TEMP VIEW ${t('validated')} AS ${compileValidationSql(contract, { source: input.rawRelation, passthrough: LINEAGE })}`);
  const stats = await scanBatch(engine, contract, t);

  let invalidPath: string | undefined;
  let byRule: { rule: string; n: number }[] = [];
  if (stats.invalid > 0) {
    await engine.run(`CREATE OR REPLACE TEMP TABLE ${t('invalid')} AS SELECT * FROM ${t('validated')} WHERE _violations IS NOT NULL`);
    byRule = await engine.query<{ rule: string; n: number }>(
      `SELECT v.rule AS rule, count(*)::BIGINT AS n FROM (SELECT unnest(_violations) AS v FROM ${t('invalid')}) GROUP BY v.rule ORDER BY rule`,
    );
    invalidPath = input.outputPath(`${batchId}-invalid.parquet`);
    await engine.writeParquet(`SELECT * FROM ${t('invalid')} ORDER BY _row_number`, invalidPath);
    await engine.run(`DROP TABLE ${t('invalid')}`);
  }

  const maps = await createProtectMaps(engine, contract, stats.distinctValues, `protect_${batchId}`, input.protection, input.outputPath);
  // With direct identifiers encrypted (randomised), re-deliveries are recognised by a keyed
  // fingerprint of the plaintext; otherwise the protected columns themselves compare equal.
  const fingerprinted = hasDirectIdentifiers(contract);
  const fingerprint = fingerprinted ? `, ${fingerprintExpression(contract, input.protection.fingerprintKeyHex)} AS _fingerprint` : '';
  await engine.run(
    `CREATE OR REPLACE TEMP VIEW ${t('batch')} AS ${protectedSelect(maps, `(SELECT * EXCLUDE (_violations), ${keyHash('')} AS _h${fingerprint} FROM ${t('validated')} WHERE _violations IS NULL)`)}`,
  );

  const current = await input.loadExisting(stats.partitions);
  let accepted = stats.valid;
  let contested = false;
  if (current.paths.length > 0) {
    await engine.run(`CREATE OR REPLACE TEMP TABLE ${t('existing')} AS ${parquetSelect(current.paths)}`);
    // Trusted rows whose key the batch may hold, their keys in plaintext through the maps (a
    // token missing from a map is no key of this batch).
    const key = contract.key.map((c) => {
      const map = maps.tables.get(c);
      const alias = sqlIdent(`k_${c}`);
      return map ? { expr: `${alias}.v`, join: ` JOIN ${map} ${alias} ON ${alias}.p = e.${sqlIdent(c)}` } : { expr: `e.${sqlIdent(c)}`, join: '' };
    });
    await engine.run(`INSERT INTO ${t('contested')} SELECT DISTINCT hash(${key.map((k) => k.expr).join(', ')}) FROM ${t('existing')} e${key.map((k) => k.join).join('')}`);
  }
  const [{ n: contestedKeys }] = await engine.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${t('contested')}`);
  if (Number(contestedKeys) > 0 || current.paths.length > 0) {
    contested = true;
    await engine.run(`CREATE OR REPLACE TEMP TABLE ${t('contenders')} AS SELECT * EXCLUDE (_h), 1 AS _source FROM ${t('batch')} WHERE _h IN (SELECT h FROM ${t('contested')})`);
    const [{ n: contenders }] = await engine.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${t('contenders')}`);
    // Against trusted and within the batch: the latest wins; this batch (source 1) wins ties with
    // trusted, refreshing lineage; within the batch the later record wins.
    const latest = contract.latestBy ? `${sqlIdent(contract.latestBy)} DESC NULLS LAST, ` : '';
    const existing = current.paths.length > 0 ? ` UNION ALL BY NAME SELECT *, 0 AS _source FROM ${t('existing')}` : '';
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${t('winners')} AS SELECT * FROM (SELECT * FROM ${t('contenders')}${existing})
       QUALIFY row_number() OVER (PARTITION BY ${contract.key.map(sqlIdent).join(', ')} ORDER BY ${latest}_source DESC, _row_number DESC) = 1`,
    );
    // Accepted: batch rows now in trusted that differ from the row they replaced.
    const same = (fingerprinted ? ['_fingerprint'] : contract.columns.map((c) => sqlIdent(c.name))).map((c) => `e.${c} IS NOT DISTINCT FROM w.${c}`);
    const unchanged = current.paths.length > 0
      ? ` AND NOT EXISTS (SELECT 1 FROM ${t('existing')} e WHERE ${contract.key.map((c) => `e.${sqlIdent(c)} = w.${sqlIdent(c)}`).join(' AND ')} AND ${same.join(' AND ')})`
      : '';
    const [{ n: kept }] = await engine.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${t('winners')} w WHERE _source = 1${unchanged}`);
    accepted = stats.valid - Number(contenders) + Number(kept);
    await engine.run(`DROP TABLE ${t('contenders')}; DROP TABLE IF EXISTS ${t('existing')}`);
  }

  const rows = contested
    ? `SELECT * EXCLUDE (_h) FROM ${t('batch')} WHERE _h NOT IN (SELECT h FROM ${t('contested')}) UNION ALL BY NAME SELECT * EXCLUDE (_source) FROM ${t('winners')}`
    : `SELECT * EXCLUDE (_h) FROM ${t('batch')}`;
  const partitionsDir = input.outputPath(`${batchId}-trusted`);
  const partitions = new Map<string, string | null>(current.partitions.map((p) => [p, null]));
  const [{ Count: written }] = await engine.query<{ Count: number }>(
    `COPY (SELECT *, ${partitionExpression(contract)} AS _partition FROM (${rows}))
     TO ${sqlLiteral(partitionsDir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_partition), OVERWRITE_OR_IGNORE)`,
  );
  const files: string[] = [];
  if (Number(written) > 0) {
    for (const folder of await readdir(partitionsDir)) {
      const partition = decodeURIComponent(folder.slice('_partition='.length));
      const inFolder = (await readdir(join(partitionsDir, folder))).filter((f) => f.endsWith('.parquet'));
      if (inFolder.length !== 1) throw new Error(`Expected one Parquet file for partition ${partition}, found ${inFolder.length}`);
      partitions.set(partition, join(partitionsDir, folder, inFolder[0]));
      files.push(join(partitionsDir, folder, inFolder[0]));
    }
  }
  // The rewritten partitions as written, for the quality gate and the curated products.
  await engine.run(`CREATE OR REPLACE TEMP VIEW ${t('merged')} AS ${files.length > 0 ? parquetSelect(files) : `SELECT * EXCLUDE (_h) FROM ${t('batch')} WHERE false`}`);
  return {
    accepted,
    duplicates: stats.valid - accepted,
    invalid: stats.invalid,
    partitions,
    mergedTable: t('merged'),
    mergedTableName: `merged_${batchId}`,
    invalidPath,
    violationsByRule: new Map(byRule.map((r) => [r.rule, Number(r.n)])),
  };
}

/**
 * One pass over the validated batch: valid and invalid counts, the partitions of valid rows,
 * the distinct values of each protected column, and (into the `contested` table) the key
 * hashes that more than one valid row shares.
 */
async function scanBatch(engine: Engine, contract: DatasetContract, t: (name: string) => string): Promise<BatchStats> {
  const whenValid = (expr: string) => `CASE WHEN _violations IS NULL THEN ${expr} END`;
  const protectedCols = protectedColumns(contract);
  const columns = [
    `_violations IS NULL AS _ok`,
    `${whenValid(partitionExpression(contract))} AS _p`,
    `${whenValid(`hash(${contract.key.map(sqlIdent).join(', ')})`)} AS _h`,
    ...protectedCols.map((c, i) => `${whenValid(`CAST(${sqlIdent(c.name)} AS VARCHAR)`)} AS _c${i}`),
  ];
  const groups = ['_ok', '_p', '_h', ...protectedCols.map((_, i) => `_c${i}`)];
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${t('stats')} AS
     SELECT ${groups.join(', ')}, count(*)::BIGINT AS n, ${groups.map((g) => `grouping(${g}) = 0 AS in${g}`).join(', ')}
     FROM (SELECT ${columns.join(', ')} FROM ${t('validated')})
     GROUP BY GROUPING SETS (${groups.map((g) => `(${g})`).join(', ')})
     HAVING grouping(_h) = 1 OR count(*) > 1`,
  );
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${t('contested')} AS SELECT _h AS h FROM ${t('stats')} WHERE in_h AND _h IS NOT NULL`);
  const counts = await engine.query<{ ok: boolean; n: number }>(`SELECT _ok AS ok, n FROM ${t('stats')} WHERE in_ok`);
  const partitions = (await engine.query<{ p: string }>(`SELECT _p AS p FROM ${t('stats')} WHERE in_p AND _p IS NOT NULL ORDER BY p`)).map((r) => r.p);
  const distinctValues = new Map<string, string[]>();
  for (const [i, column] of protectedCols.entries()) {
    const values = await engine.query<{ v: string }>(`SELECT _c${i} AS v FROM ${t('stats')} WHERE in_c${i} AND _c${i} IS NOT NULL`);
    distinctValues.set(column.name, values.map((r) => r.v));
  }
  await engine.run(`DROP TABLE ${t('stats')}`);
  const countOf = (ok: boolean) => Number(counts.find((r) => r.ok === ok)?.n ?? 0);
  return { valid: countOf(true), invalid: countOf(false), partitions, distinctValues };
}

function trustedTable(name: string, batchId: string): string {
  return sqlIdent(`${name}_${batchId}`);
}

/** Drops every temp table and view a promotion of `batchId` left in the engine. */
export async function dropTrustedTables(engine: Engine, batchId: string): Promise<void> {
  const views = await engine.query<{ name: string }>(`SELECT view_name AS name FROM duckdb_views() WHERE temporary AND contains(view_name, ${sqlLiteral(batchId)})`);
  for (const { name } of views) await engine.run(`DROP VIEW IF EXISTS ${sqlIdent(name)}`);
  const tables = await engine.query<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE temporary AND contains(table_name, ${sqlLiteral(batchId)})`);
  for (const { name } of tables) await engine.run(`DROP TABLE IF EXISTS ${sqlIdent(name)}`);
}
