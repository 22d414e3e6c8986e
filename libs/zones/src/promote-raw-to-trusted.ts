import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '@acad/engine';
import { compileValidationSql, sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import type { DataProtection } from './data-protection';
import { fingerprintExpression, hasDirectIdentifiers, protectFields } from './protect-fields';
import { partitionExpression } from './trusted-layout';

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
  /** Engine table holding the rewritten partitions' rows (for building curated products), quoted. */
  mergedTable: string;
  /** The same table's plain name, for APIs that quote names themselves. */
  mergedTableName: string;
  /** Local Parquet file of rows that broke the contract, with rule ids and reasons. */
  invalidPath?: string;
  /** Rule id → number of rows that broke it. */
  violationsByRule: Map<string, number>;
}

const LINEAGE = ['_batch_id', '_source_file', '_row_number', '_ingested_at'];

/**
 * raw → trusted: types and contract rules (compiled from the contract), then de-duplication on
 * the key — the latest `latestBy` wins, within the batch and against rows already trusted —
 * and field protection. The caller drops the temp tables (`dropTrustedTables`).
 */
export async function promoteRawToTrusted(input: TrustedPromotionInput): Promise<TrustedPromotion> {
  const { engine, contract, batchId } = input;
  const key = contract.key.map(sqlIdent).join(', ');
  const latest = contract.latestBy ? `${sqlIdent(contract.latestBy)} DESC NULLS LAST, ` : '';
  const t = (name: string) => trustedTable(name, batchId);

  await engine.run(`CREATE OR REPLACE TEMP TABLE ${t('validated')} AS ${compileValidationSql(contract, { source: input.rawRelation, passthrough: LINEAGE })}`);
  const byRule = await engine.query<{ rule: string; n: number }>(
    `SELECT v.rule AS rule, count(*)::BIGINT AS n FROM (SELECT unnest(_violations) AS v FROM ${t('validated')} WHERE _violations IS NOT NULL) GROUP BY v.rule ORDER BY rule`,
  );
  const [{ valid, invalid }] = await engine.query<{ valid: number; invalid: number }>(
    `SELECT count(*) FILTER (WHERE _violations IS NULL)::BIGINT AS valid, count(*) FILTER (WHERE _violations IS NOT NULL)::BIGINT AS invalid FROM ${t('validated')}`,
  );
  let invalidPath: string | undefined;
  if (Number(invalid) > 0) {
    invalidPath = input.outputPath(`${batchId}-invalid.parquet`);
    await engine.writeParquet(`SELECT * FROM ${t('validated')} WHERE _violations IS NOT NULL ORDER BY _row_number`, invalidPath);
  }

  // Within the batch: one row per key, the latest winning (ties: the later record).
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${t('winners')} AS SELECT * EXCLUDE (_violations) FROM ${t('validated')} WHERE _violations IS NULL
     QUALIFY row_number() OVER (PARTITION BY ${key} ORDER BY ${latest}_row_number DESC) = 1`,
  );
  await engine.run(`DROP TABLE ${t('validated')}`);
  // With direct identifiers encrypted (randomised), re-deliveries are recognised by a keyed
  // fingerprint of the plaintext; otherwise the protected columns themselves compare equal.
  const fingerprinted = hasDirectIdentifiers(contract);
  if (fingerprinted) {
    await engine.run(`ALTER TABLE ${t('winners')} ADD COLUMN _fingerprint VARCHAR`);
    await engine.run(`UPDATE ${t('winners')} SET _fingerprint = ${fingerprintExpression(contract, input.protection.fingerprintKeyHex)}`);
  }
  await protectFields(engine, contract, t('winners'), t('protected'), input.protection, input.outputPath);
  await engine.run(`DROP TABLE ${t('winners')}`);

  const batchPartitions = await engine.query<{ p: string }>(`SELECT DISTINCT ${partitionExpression(contract)} AS p FROM ${t('protected')} ORDER BY p`);
  const current = await input.loadExisting(batchPartitions.map((r) => r.p));
  const [{ winners }] = await engine.query<{ winners: number }>(`SELECT count(*)::BIGINT AS winners FROM ${t('protected')}`);
  let accepted = Number(winners);
  if (current.paths.length === 0) {
    await engine.run(`ALTER TABLE ${t('protected')} RENAME TO ${t('merged')}`);
  } else {
    await engine.run(`CREATE OR REPLACE TEMP TABLE ${t('existing')} AS SELECT * FROM read_parquet([${current.paths.map(sqlLiteral).join(', ')}], union_by_name = true)`);
    // Against trusted: the latest wins; this batch (source 1) wins ties, refreshing lineage.
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${t('merged')} AS
       SELECT * EXCLUDE (_source) FROM (
         SELECT *, 0 AS _source FROM ${t('existing')} UNION ALL BY NAME SELECT *, 1 AS _source FROM ${t('protected')}
       ) QUALIFY row_number() OVER (PARTITION BY ${key} ORDER BY ${latest}_source DESC) = 1`,
    );
    // Accepted: batch rows now in trusted that differ from the row they replaced.
    const same = (fingerprinted ? ['_fingerprint'] : contract.columns.map((c) => sqlIdent(c.name))).map((c) => `e.${c} IS NOT DISTINCT FROM w.${c}`);
    const [counts] = await engine.query<{ accepted: number }>(
      `SELECT count(*)::BIGINT AS accepted FROM ${t('protected')} w JOIN ${t('merged')} m USING (${key}, _batch_id, _row_number)
       WHERE NOT EXISTS (SELECT 1 FROM ${t('existing')} e WHERE ${contract.key.map((c) => `e.${sqlIdent(c)} = w.${sqlIdent(c)}`).join(' AND ')} AND ${same.join(' AND ')})`,
    );
    accepted = Number(counts.accepted);
    await engine.run(`DROP TABLE ${t('existing')}; DROP TABLE ${t('protected')}`);
  }

  const partitionsDir = input.outputPath(`${batchId}-trusted`);
  const partitions = new Map<string, string | null>(current.partitions.map((p) => [p, null]));
  const [{ rows }] = await engine.query<{ rows: number }>(`SELECT count(*)::BIGINT AS rows FROM ${t('merged')}`);
  if (Number(rows) > 0) {
    await engine.run(
      `COPY (SELECT *, ${partitionExpression(contract)} AS _partition FROM ${t('merged')})
       TO ${sqlLiteral(partitionsDir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_partition), OVERWRITE_OR_IGNORE)`,
    );
    for (const folder of await readdir(partitionsDir)) {
      const partition = decodeURIComponent(folder.slice('_partition='.length));
      const files = (await readdir(join(partitionsDir, folder))).filter((f) => f.endsWith('.parquet'));
      if (files.length !== 1) throw new Error(`Expected one Parquet file for partition ${partition}, found ${files.length}`);
      partitions.set(partition, join(partitionsDir, folder, files[0]));
    }
  }
  return {
    accepted,
    duplicates: Number(valid) - accepted,
    invalid: Number(invalid),
    partitions,
    mergedTable: t('merged'),
    mergedTableName: `merged_${batchId}`,
    invalidPath,
    violationsByRule: new Map(byRule.map((r) => [r.rule, Number(r.n)])),
  };
}

function trustedTable(name: string, batchId: string): string {
  return sqlIdent(`${name}_${batchId}`);
}

export async function dropTrustedTables(engine: Engine, batchId: string): Promise<void> {
  for (const name of ['validated', 'winners', 'protected', 'existing', 'merged']) await engine.run(`DROP TABLE IF EXISTS ${trustedTable(name, batchId)}`);
}
