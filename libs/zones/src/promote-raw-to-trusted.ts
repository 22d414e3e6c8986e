import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '@acad/engine';
import { compileValidationSql, sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import type { DataProtection } from './data-protection';
import { createProtectMaps, fingerprintExpression, hasDirectIdentifiers, protectedSelect } from './protect-fields';
import { scanBatch } from './scan-batch';
import { partitionExpression } from './trusted-layout';
import type { StagedTrustedFile } from './trusted-snapshot-files';

export interface TrustedPromotionInput {
  engine: Engine;
  contract: DatasetContract;
  /** Engine relation of the batch's raw records (text columns plus lineage columns). */
  rawRelation: string;
  /**
   * Stages the current trusted files that may hold rows with the batch's keys, given the
   * partitions the batch's rows fall in (a contract whose partition does not follow from the
   * key needs them all).
   */
  loadExisting: (batchPartitions: string[]) => Promise<{ files: StagedTrustedFile[]; partitions: string[] }>;
  outputPath: (name: string) => string;
  /** Names the promotion's engine objects and new files: the batch id, or the group's. */
  batchId: string;
  /**
   * The batches whose records the raw relation holds (`_batch_id`), in delivery order: a later
   * batch's record wins a tie. Left out: the relation is the one batch `batchId`.
   */
  batches?: readonly string[];
  protection: DataProtection;
}

/** What a batch does to one trusted partition. */
export interface PartitionChange {
  /** Current files (object keys) the partition keeps, in order. */
  kept: string[];
  /** Local path of the partition's new file (the batch's rows, plus any files merged into it), or null. */
  written: string | null;
}

/** Row counts and quarantine of one batch of a promotion. */
export interface BatchRows {
  accepted: number;
  duplicates: number;
  invalid: number;
  /** Local Parquet file of the batch's rows that broke the contract, with rule ids and reasons. */
  invalidPath?: string;
  /** Rule id → number of the batch's rows that broke it. */
  violationsByRule: Map<string, number>;
}

export interface TrustedPromotion {
  /** Per batch id, in delivery order. */
  byBatch: Map<string, BatchRows>;
  accepted: number;
  duplicates: number;
  invalid: number;
  /** The partitions the batch changes; a partition with nothing kept and nothing written is emptied. */
  partitions: Map<string, PartitionChange>;
  /** Local paths of every file of the changed partitions after the batch. */
  changedPartitionFiles: string[];
  /**
   * Engine view of the batches' own rows after de-duplication (what the quality gate judges),
   * each batch judged on its own choices; quoted. Filter on `_batch_id` for one batch.
   */
  mergedTable: string;
  /** The same view's plain name, for APIs that quote names themselves. */
  mergedTableName: string;
  /**
   * Engine view (quoted) of the trusted rows the batches changed: the rows they wrote and the
   * rows those replaced (a correction's old values), so curated products refresh the groups
   * both fall in. Exact re-deliveries count as changed (they refresh lineage).
   */
  changedRows: string;
  /** Local Parquet file of rows that broke the contract (one batch only; see byBatch). */
  invalidPath?: string;
  /** Rule id → number of rows that broke it, over every batch. */
  violationsByRule: Map<string, number>;
}

const LINEAGE = ['_batch_id', '_source_file', '_row_number', '_ingested_at'];

/** A partition keeps at most this many files; beyond it, small files are merged (size-tiered). */
export const MAX_FILES_PER_PARTITION = 6;

/**
 * raw → trusted: types and contract rules (compiled from the contract), then de-duplication on
 * the key — the latest `latestBy` wins, within the batch and against rows already trusted —
 * and field protection. The caller drops the temp objects (`dropBatchObjects`).
 *
 * The typed batch is never held in memory: it is a view over the raw Parquet file, read by a
 * few streaming passes. Duplicates are rare, so one pass finds the key hashes seen more than once
 * (and the partitions and protected values), and one read of the key columns of the touched
 * partitions finds the keys already trusted; only rows with those keys go through the window
 * that picks the latest row. A hash collision only adds candidates: the window compares keys.
 *
 * Layout: a batch adds one file per partition it touches instead of rewriting the partition.
 * Files holding rows the batch replaces are rewritten into that new file without them, and a
 * partition with more than MAX_FILES_PER_PARTITION files has its newest small files merged into
 * it too (`filesToMerge`), so small batches neither rewrite the lake nor leave tiny files.
 */
export async function promoteRawToTrusted(input: TrustedPromotionInput): Promise<TrustedPromotion> {
  const { engine, contract, batchId } = input;
  const t = (name: string) => trustedTable(name, batchId);
  const keyList = contract.key.map(sqlIdent).join(', ');
  const batches = input.batches ?? [batchId];
  const grouped = batches.length > 1;
  // Counts per batch: a single batch needs no grouping on its id.
  const perBatch = (sql: string) => (grouped ? sql : sqlLiteral(batchId));

  await engine.run(
    `CREATE OR REPLACE TEMP VIEW ${t('validated')} AS ${compileValidationSql(contract, { source: input.rawRelation, passthrough: LINEAGE })}`,
  );
  const stats = await scanBatch(engine, contract, t, perBatch('_batch_id'));

  const invalidPaths = new Map<string, string>();
  let byRule: { b: string; rule: string; n: number }[] = [];
  if (stats.invalid > 0) {
    await engine.run(`CREATE OR REPLACE TEMP TABLE ${t('invalid')} AS SELECT * FROM ${t('validated')} WHERE _violations IS NOT NULL`);
    byRule = await engine.query<{ b: string; rule: string; n: number }>(
      `SELECT ${perBatch('_batch_id')} AS b, v.rule AS rule, count(*)::BIGINT AS n FROM (SELECT _batch_id, unnest(_violations) AS v FROM ${t('invalid')}) GROUP BY ALL ORDER BY b, rule`,
    );
    for (const [i, id] of batches.entries()) {
      if ((stats.perBatch.get(id)?.invalid ?? 0) === 0) continue;
      const path = input.outputPath(`${batchId}-invalid${grouped ? `-${i}` : ''}.parquet`);
      await engine.writeParquet(
        `SELECT * FROM ${t('invalid')}${grouped ? ` WHERE _batch_id = ${sqlLiteral(id)}` : ''} ORDER BY _row_number`,
        path,
      );
      invalidPaths.set(id, path);
    }
    await engine.run(`DROP TABLE ${t('invalid')}`);
  }

  const maps = await createProtectMaps(engine, contract, stats.protect, `protect_${batchId}`, input.protection, input.outputPath);
  // With direct identifiers encrypted (randomised), re-deliveries are recognised by a keyed
  // fingerprint of the plaintext; otherwise the protected columns themselves compare equal.
  const fingerprinted = hasDirectIdentifiers(contract);
  const fingerprint = fingerprinted ? `, ${fingerprintExpression(contract, input.protection.fingerprintKeyHex)} AS _fingerprint` : '';
  await engine.run(
    `CREATE OR REPLACE TEMP VIEW ${t('batch')} AS ${protectedSelect(maps, `(SELECT * EXCLUDE (_violations), hash(${keyList}) AS _h${fingerprint} FROM ${t('validated')} WHERE _violations IS NULL)`)}`,
  );

  const current = await input.loadExisting(stats.partitions);
  const existingFiles = (files: readonly StagedTrustedFile[]) =>
    `(SELECT * EXCLUDE (filename), filename AS _file FROM read_parquet([${files.map((f) => sqlLiteral(f.path)).join(', ')}], union_by_name = true, filename = true))`;
  // Trusted keys in plaintext, through the maps: a token missing from a map is no key of this batch.
  const plainKeyHash = (alias: string) => {
    const parts = contract.key.map((c) => {
      const map = maps.tables.get(c);
      const m = sqlIdent(`k_${c}`);
      return map
        ? { expr: `${m}.v`, join: ` JOIN ${map} ${m} ON ${m}.p = ${alias}.${sqlIdent(c)}` }
        : { expr: `${alias}.${sqlIdent(c)}`, join: '' };
    });
    return { hash: `hash(${parts.map((k) => k.expr).join(', ')})`, joins: parts.map((k) => k.join).join('') };
  };
  if (current.files.length > 0) {
    // Only the key columns of the touched partitions are read here.
    const key = plainKeyHash('e');
    await engine.run(
      `INSERT INTO ${t('contested')} SELECT DISTINCT ${key.hash} FROM (SELECT ${keyList} FROM ${existingFiles(current.files)}) e${key.joins}`,
    );
  }
  const [{ n: contestedKeys }] = await engine.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${t('contested')}`);

  // Per batch: accepted = valid - contenders + contenders kept (in trusted now, and changed).
  const accepted = new Map(batches.map((id) => [id, stats.perBatch.get(id)?.valid ?? 0]));
  const addTo = (rows: { b: string; n: number }[], sign: 1 | -1) => {
    for (const { b, n } of rows) accepted.set(b, (accepted.get(b) ?? 0) + sign * Number(n));
  };
  let contenders = 0;
  const mergeFiles = new Set<string>();
  if (Number(contestedKeys) > 0) {
    // Batch rows whose key repeats in the batch or is already trusted, and the trusted rows they meet.
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${t('contenders')} AS SELECT *, 1 AS _source FROM ${t('batch')} WHERE _h IN (SELECT h FROM ${t('contested')})`,
    );
    const contendersByBatch = await engine.query<{ b: string; n: number }>(
      `SELECT ${perBatch('_batch_id')} AS b, count(*)::BIGINT AS n FROM ${t('contenders')} GROUP BY ALL`,
    );
    contenders = contendersByBatch.reduce((sum, r) => sum + Number(r.n), 0);
    addTo(contendersByBatch, -1);
    const key = plainKeyHash('e');
    await engine.run(
      current.files.length > 0
        ? `CREATE OR REPLACE TEMP TABLE ${t('hits')} AS SELECT e.*, 0 AS _source FROM ${existingFiles(current.files)} e${key.joins}
           WHERE ${key.hash} IN (SELECT _h FROM ${t('contenders')})`
        : `CREATE OR REPLACE TEMP TABLE ${t('hits')} AS SELECT * EXCLUDE (_h), NULL::VARCHAR AS _file FROM ${t('contenders')} WHERE false`,
    );
    // The latest wins; the batches (source 1) win ties with trusted, refreshing lineage; among
    // them the later batch, and within a batch the later record, wins.
    const latest = contract.latestBy ? `${sqlIdent(contract.latestBy)} DESC NULLS LAST, ` : '';
    const order = grouped ? `list_position([${batches.map(sqlLiteral).join(', ')}], _batch_id) DESC NULLS LAST, ` : '';
    const rank = (partition: string, extra: string) =>
      `row_number() OVER (PARTITION BY ${partition}${keyList} ORDER BY ${latest}${extra}${order}_row_number DESC)`;
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${t('winners')} AS SELECT * FROM (SELECT * EXCLUDE (_h) FROM ${t('contenders')} UNION ALL BY NAME SELECT * FROM ${t('hits')})
       QUALIFY ${rank('', '_source DESC, ')} = 1`,
    );
    // Each batch's own choice per key, for its quality gate, even where a later row won.
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${t('batch_winners')} AS SELECT * EXCLUDE (_h, _source) FROM ${t('contenders')} QUALIFY ${rank('_batch_id, ', '')} = 1`,
    );
    // Accepted: batch rows now in trusted that differ from the row they replaced.
    const same = (fingerprinted ? ['_fingerprint'] : contract.columns.map((c) => sqlIdent(c.name))).map(
      (c) => `e.${c} IS NOT DISTINCT FROM w.${c}`,
    );
    const keyMatch = contract.key.map((c) => `e.${sqlIdent(c)} = w.${sqlIdent(c)}`).join(' AND ');
    addTo(
      await engine.query<{ b: string; n: number }>(
        `SELECT ${perBatch('_batch_id')} AS b, count(*)::BIGINT AS n FROM ${t('winners')} w
         WHERE _source = 1 AND NOT EXISTS (SELECT 1 FROM ${t('hits')} e WHERE ${keyMatch} AND ${same.join(' AND ')}) GROUP BY ALL`,
      ),
      1,
    );
    // Trusted rows the batch replaced, whole (curated refresh needs their old values): their
    // files are rewritten without them.
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${t('replaced')} AS SELECT e.* EXCLUDE (_source) FROM ${t('hits')} e
       WHERE EXISTS (SELECT 1 FROM ${t('winners')} w WHERE w._source = 1 AND ${keyMatch})`,
    );
    for (const { file } of await engine.query<{ file: string }>(`SELECT DISTINCT _file AS file FROM ${t('replaced')}`))
      mergeFiles.add(file);
  }

  // Partitions the batch adds rows to: their newest small files join the new file when too many.
  const batchPartitions = new Set(stats.partitions);
  for (const partition of batchPartitions) {
    const files = current.files.filter((f) => f.partition === partition);
    const sized = await Promise.all(files.map(async (f) => ({ path: f.path, bytes: (await stat(f.path)).size })));
    for (const path of filesToMerge(sized, MAX_FILES_PER_PARTITION)) mergeFiles.add(path);
  }

  const sources = [
    contenders > 0
      ? `SELECT * EXCLUDE (_h) FROM ${t('batch')} WHERE _h NOT IN (SELECT _h FROM ${t('contenders')}) UNION ALL BY NAME SELECT * EXCLUDE (_source, _file) FROM ${t('winners')} WHERE _source = 1`
      : `SELECT * EXCLUDE (_h) FROM ${t('batch')}`,
  ];
  const merged = current.files.filter((f) => mergeFiles.has(f.path));
  if (merged.length > 0) {
    const replaced =
      contenders > 0
        ? ` ANTI JOIN ${t('replaced')} x ON x._file = r._file AND ${contract.key.map((c) => `x.${sqlIdent(c)} = r.${sqlIdent(c)}`).join(' AND ')}`
        : '';
    sources.push(`SELECT r.* EXCLUDE (_file) FROM ${existingFiles(merged)} r${replaced}`);
  }
  const partitionsDir = input.outputPath(`${batchId}-trusted`);
  const [{ Count: written }] = await engine.query<{ Count: number }>(
    `COPY (SELECT *, ${partitionExpression(contract)} AS _partition FROM (${sources.join(' UNION ALL BY NAME ')}))
     TO ${sqlLiteral(partitionsDir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_partition), OVERWRITE_OR_IGNORE)`,
  );
  const newFiles = new Map<string, string>();
  if (Number(written) > 0) {
    for (const folder of await readdir(partitionsDir)) {
      const partition = decodeURIComponent(folder.slice('_partition='.length));
      const inFolder = (await readdir(join(partitionsDir, folder))).filter((f) => f.endsWith('.parquet'));
      if (inFolder.length !== 1) throw new Error(`Expected one Parquet file for partition ${partition}, found ${inFolder.length}`);
      newFiles.set(partition, join(partitionsDir, folder, inFolder[0]));
    }
  }
  const partitions = new Map<string, PartitionChange>();
  const changed = new Set([...newFiles.keys(), ...merged.map((f) => f.partition)]);
  for (const partition of changed) {
    const kept = current.files.filter((f) => f.partition === partition && !mergeFiles.has(f.path));
    partitions.set(partition, { kept: kept.map((f) => f.key), written: newFiles.get(partition) ?? null });
  }
  const changedPartitionFiles = [
    ...current.files.filter((f) => changed.has(f.partition) && !mergeFiles.has(f.path)).map((f) => f.path),
    ...newFiles.values(),
  ];

  // The batch's own rows as trusted now holds them, plus its choices that lost to later trusted rows.
  const ownBatch = grouped ? `_batch_id IN (${batches.map(sqlLiteral).join(', ')})` : `_batch_id = ${sqlLiteral(batchId)}`;
  const ownRows = [
    ...(newFiles.size > 0
      ? [`SELECT * FROM read_parquet([${[...newFiles.values()].map(sqlLiteral).join(', ')}], union_by_name = true) WHERE ${ownBatch}`]
      : []),
  ];
  if (contenders > 0) {
    ownRows.push(
      `SELECT b.* FROM ${t('batch_winners')} b ANTI JOIN (SELECT _batch_id, _row_number FROM ${t('winners')} WHERE _source = 1) w USING (_batch_id, _row_number)`,
    );
  }
  await engine.run(
    `CREATE OR REPLACE TEMP VIEW ${t('merged')} AS ${ownRows.length > 0 ? ownRows.join(' UNION ALL BY NAME ') : `SELECT * EXCLUDE (_h) FROM ${t('batch')} WHERE false`}`,
  );
  // What the batches changed in trusted: the rows they wrote and the rows those replaced.
  const changedRows = [
    ...(newFiles.size > 0
      ? [`SELECT * FROM read_parquet([${[...newFiles.values()].map(sqlLiteral).join(', ')}], union_by_name = true) WHERE ${ownBatch}`]
      : []),
    ...(contenders > 0 ? [`SELECT * EXCLUDE (_file) FROM ${t('replaced')}`] : []),
  ];
  await engine.run(
    `CREATE OR REPLACE TEMP VIEW ${t('changed')} AS ${changedRows.length > 0 ? changedRows.join(' UNION ALL BY NAME ') : `SELECT * EXCLUDE (_h) FROM ${t('batch')} WHERE false`}`,
  );
  const byBatch = new Map<string, BatchRows>();
  const violationsByRule = new Map<string, number>();
  for (const id of batches) {
    const counts = stats.perBatch.get(id) ?? { valid: 0, invalid: 0 };
    const ok = accepted.get(id) ?? 0;
    const rules = new Map(byRule.filter((r) => r.b === id).map((r) => [r.rule, Number(r.n)]));
    for (const [rule, n] of rules) violationsByRule.set(rule, (violationsByRule.get(rule) ?? 0) + n);
    byBatch.set(id, {
      accepted: ok,
      duplicates: counts.valid - ok,
      invalid: counts.invalid,
      invalidPath: invalidPaths.get(id),
      violationsByRule: rules,
    });
  }
  const total = [...byBatch.values()].reduce((sum, b) => sum + b.accepted, 0);
  return {
    byBatch,
    accepted: total,
    duplicates: stats.valid - total,
    invalid: stats.invalid,
    partitions,
    changedPartitionFiles,
    mergedTable: t('merged'),
    mergedTableName: `merged_${batchId}`,
    changedRows: t('changed'),
    invalidPath: grouped ? undefined : invalidPaths.get(batchId),
    violationsByRule,
  };
}

/**
 * The files of a partition (oldest first) to merge into a batch's new file, so that the partition
 * keeps at most `maxFiles`: none while there is room; otherwise the newest files for as long as
 * each is at most twice the size of what is merged so far (at least the newest one). Large old
 * files stay put and small ones are merged in geometric steps, so a row is rewritten a few times,
 * not once per batch.
 */
export function filesToMerge(files: readonly { path: string; bytes: number }[], maxFiles: number): string[] {
  if (files.length + 1 <= maxFiles) return [];
  const chosen: string[] = [];
  let total = 0;
  for (let i = files.length - 1; i >= 0; i -= 1) {
    if (chosen.length > 0 && files[i].bytes > 2 * total) break;
    chosen.push(files[i].path);
    total += files[i].bytes;
  }
  return chosen;
}

function trustedTable(name: string, batchId: string): string {
  return sqlIdent(`${name}_${batchId}`);
}
