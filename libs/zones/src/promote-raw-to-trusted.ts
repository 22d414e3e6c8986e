import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '@acad/engine';
import { compileValidationSql, sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import type { DataProtection } from './data-protection';
import { createProtectMaps, fingerprintExpression, hasDirectIdentifiers, protectedSelect } from './protect-fields';
import { scanBatch } from './scan-batch';
import { isDeleteFile, partitionExpression, trustedDeletesKey, trustedKey } from './trusted-layout';
import { trustedSelect, type StagedTrustedFile } from './trusted-snapshot-files';

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
  /** Current data files (object keys) the partition keeps, in order. */
  kept: string[];
  /** Local path of the partition's new file (the batch's rows, plus any files merged into it), or null. */
  written: string | null;
  /**
   * Local path of the partition's new delete file (the rows of kept files trusted no longer
   * holds: earlier deletes and the rows this batch replaced), or null when none is left. It
   * replaces the partition's earlier delete file.
   */
  deletes: string | null;
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
  /**
   * The batch's own rows after de-duplication on the key (`mergedTable`'s rows of the batch):
   * one per key by construction, so the key's uniqueness is measured here, not scanned again.
   */
  ownRows: number;
}

export interface TrustedPromotion {
  /** Per batch id, in delivery order. */
  byBatch: Map<string, BatchRows>;
  accepted: number;
  duplicates: number;
  invalid: number;
  /** The partitions the batch changes; a partition with nothing kept and nothing written is emptied. */
  partitions: Map<string, PartitionChange>;
  /** Every file of the changed partitions after the batch (new ones under the keys they will have). */
  changedPartitionFiles: StagedTrustedFile[];
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
   * both fall in; `_change` is 1 for a written row and -1 for a replaced one. A replaced row has
   * the key of the row that replaced it. Exact re-deliveries count as changed (they refresh lineage).
   */
  changedRows: string;
  /** Local Parquet file of rows that broke the contract (one batch only; see byBatch). */
  invalidPath?: string;
  /** Rule id → number of rows that broke it, over every batch. */
  violationsByRule: Map<string, number>;
}

const LINEAGE = ['_batch_id', '_source_file', '_row_number', '_ingested_at'];

/** A partition keeps at most this many data files; beyond it, small files are merged (size-tiered). */
export const MAX_FILES_PER_PARTITION = 6;

/** A data file with at least this share of its rows deleted is rewritten without them (compaction). */
export const FOLD_DELETED_SHARE = 0.25;

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
 * Rows it replaces are not rewritten out of the files holding them: their positions go into the
 * partition's delete file (merge-on-read, `trustedSelect`), so a correction of k rows writes about
 * k rows. A partition with more than MAX_FILES_PER_PARTITION data files has its newest small files
 * merged into the new file (`filesToMerge`), and a file with FOLD_DELETED_SHARE of its rows deleted
 * is rewritten into it without them, so small batches neither rewrite the lake nor leave tiny
 * files, and deletes do not pile up.
 */
export async function promoteRawToTrusted(input: TrustedPromotionInput): Promise<TrustedPromotion> {
  const { engine, contract, batchId } = input;
  const t = (name: string) => trustedTable(name, batchId);
  const keyList = contract.key.map(sqlIdent).join(', ');
  const batches = input.batches ?? [batchId];
  const grouped = batches.length > 1;
  // Counts per batch: a single batch needs no grouping on its id.
  const perBatch = (sql: string) => (grouped ? sql : sqlLiteral(batchId));

  // A group of small files is validated once, into a table, for the passes below; a batch alone
  // (possibly a big file) is a view over its raw file, never held in memory.
  await engine.run(
    `CREATE OR REPLACE TEMP ${grouped ? 'TABLE' : 'VIEW'} ${t('validated')} AS ${compileValidationSql(contract, { source: input.rawRelation, passthrough: LINEAGE })}`,
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
  const dataFiles = current.files.filter((f) => !isDeleteFile(f.key));
  // Trusted rows of the touched partitions, each with its file and position (what a delete names).
  const existingSelect = trustedSelect(current.files, { origin: true });
  const existing = `(${existingSelect ?? 'SELECT NULL WHERE false'})`;
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
  if (existingSelect !== null) {
    // Only the key columns of the touched partitions are read here, and only the batch's keys kept.
    const key = plainKeyHash('e');
    await engine.run(
      `INSERT INTO ${t('contested')} SELECT DISTINCT ${key.hash} FROM (SELECT ${keyList} FROM ${existing}) e${key.joins}
       WHERE ${key.hash} IN (SELECT _h FROM ${t('batch')})`,
    );
  }
  const [{ n: contestedKeys }] = await engine.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${t('contested')}`);

  // Per batch: accepted = valid - contenders + contenders kept (in trusted now, and changed).
  const accepted = new Map(batches.map((id) => [id, stats.perBatch.get(id)?.valid ?? 0]));
  const addTo = (rows: { b: string; n: number }[], sign: 1 | -1) => {
    for (const { b, n } of rows) accepted.set(b, (accepted.get(b) ?? 0) + sign * Number(n));
  };
  let contenders = 0;
  // Per batch: its own rows after de-duplication = valid - contenders + the contenders it chose.
  const ownRowCount = new Map(batches.map((id) => [id, stats.perBatch.get(id)?.valid ?? 0]));
  if (Number(contestedKeys) > 0) {
    // The latest wins; the batches (source 1) win ties with trusted, refreshing lineage; among
    // them the later batch, and within a batch the later record, wins.
    const latest = contract.latestBy ? `${sqlIdent(contract.latestBy)} DESC NULLS LAST, ` : '';
    // Batch rows whose key repeats in the batch or is already trusted, each marked when it is its
    // batch's own choice for its key (`_chosen`: what the batch's quality gate judges, even where
    // a later row won), in the same pass.
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${t('contenders')} AS SELECT *, 1 AS _source,
         row_number() OVER (PARTITION BY _batch_id, ${keyList} ORDER BY ${latest}_row_number DESC) = 1 AS _chosen
       FROM ${t('batch')} WHERE _h IN (SELECT h FROM ${t('contested')})`,
    );
    const contendersByBatch = await engine.query<{ b: string; n: number; chosen: number }>(
      `SELECT ${perBatch('_batch_id')} AS b, count(*)::BIGINT AS n, count_if(_chosen)::BIGINT AS chosen FROM ${t('contenders')} GROUP BY ALL`,
    );
    contenders = contendersByBatch.reduce((sum, r) => sum + Number(r.n), 0);
    addTo(contendersByBatch, -1);
    for (const { b, n, chosen } of contendersByBatch) ownRowCount.set(b, (ownRowCount.get(b) ?? 0) - Number(n) + Number(chosen));
    await engine.run(
      `CREATE OR REPLACE TEMP VIEW ${t('batch_winners')} AS SELECT * EXCLUDE (_h, _source, _chosen) FROM ${t('contenders')} WHERE _chosen`,
    );
    // The trusted rows the contenders meet.
    const key = plainKeyHash('e');
    await engine.run(
      existingSelect !== null
        ? `CREATE OR REPLACE TEMP TABLE ${t('hits')} AS SELECT e.*, 0 AS _source FROM ${existing} e${key.joins}
           WHERE ${key.hash} IN (SELECT _h FROM ${t('contenders')})`
        : `CREATE OR REPLACE TEMP TABLE ${t('hits')} AS SELECT * EXCLUDE (_h, _chosen), NULL::VARCHAR AS _file, NULL::BIGINT AS _pos FROM ${t('contenders')} WHERE false`,
    );
    // The winner is some batch's own choice (within a batch the order is the same), or a trusted row.
    const order = grouped ? `list_position([${batches.map(sqlLiteral).join(', ')}], _batch_id) DESC NULLS LAST, ` : '';
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${t('winners')} AS SELECT * FROM (SELECT * EXCLUDE (_h, _chosen) FROM ${t('contenders')} WHERE _chosen UNION ALL BY NAME SELECT * FROM ${t('hits')})
       QUALIFY row_number() OVER (PARTITION BY ${keyList} ORDER BY ${latest}_source DESC, ${order}_row_number DESC) = 1`,
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
    // positions go into the partition's delete file.
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${t('replaced')} AS SELECT e.* EXCLUDE (_source) FROM ${t('hits')} e
       WHERE EXISTS (SELECT 1 FROM ${t('winners')} w WHERE w._source = 1 AND ${keyMatch})`,
    );
  }

  // The touched partitions' deletes after the batch: the earlier ones and the rows it replaced.
  const { mergeFiles, deletedIn } = await planDeletes(engine, t, current.files, contenders > 0 ? t('replaced') : null);
  // Partitions the batch adds rows to: their newest small files join the new file when too many.
  for (const partition of new Set(stats.partitions)) {
    const files = dataFiles.filter((f) => f.partition === partition);
    const sized = await Promise.all(files.map(async (f) => ({ path: f.path, bytes: (await stat(f.path)).size })));
    for (const path of filesToMerge(sized, MAX_FILES_PER_PARTITION)) mergeFiles.add(path);
  }

  const sources = [
    contenders > 0
      ? `SELECT * EXCLUDE (_h) FROM ${t('batch')} WHERE _h NOT IN (SELECT _h FROM ${t('contenders')}) UNION ALL BY NAME SELECT * EXCLUDE (_source, _file, _pos) FROM ${t('winners')} WHERE _source = 1`
      : `SELECT * EXCLUDE (_h) FROM ${t('batch')}`,
  ];
  const merged = dataFiles.filter((f) => mergeFiles.has(f.path));
  if (merged.length > 0) {
    // Their rows as trusted holds them (earlier deletes applied), less the rows the batch replaced.
    const replaced = contenders > 0 ? ` ANTI JOIN ${t('replaced')} x ON x._file = r._file AND x._pos = r._pos` : '';
    sources.push(
      `SELECT r.* EXCLUDE (_file, _pos) FROM ${existing} r${replaced} WHERE r._file IN (${merged.map((f) => sqlLiteral(f.path)).join(', ')})`,
    );
  }
  const partitionsDir = input.outputPath(`${batchId}-trusted`);
  const [{ Count: written }] = await engine.query<{ Count: number }>(
    `COPY (SELECT *, ${partitionExpression(contract)} AS _partition FROM (${sources.join(' UNION ALL BY NAME ')}))
     TO ${sqlLiteral(partitionsDir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_partition), OVERWRITE_OR_IGNORE)`,
  );
  const newFiles = Number(written) > 0 ? await partitionFolders(partitionsDir) : new Map<string, string>();
  const newDeletes = await writeDeletes(engine, t, mergeFiles, input.outputPath(`${batchId}-deletes`));
  const partitions = new Map<string, PartitionChange>();
  const changed = new Set([...newFiles.keys(), ...merged.map((f) => f.partition), ...deletedIn]);
  const changedPartitionFiles: StagedTrustedFile[] = [];
  for (const partition of changed) {
    const kept = dataFiles.filter((f) => f.partition === partition && !mergeFiles.has(f.path));
    const written = newFiles.get(partition) ?? null;
    const deletes = newDeletes.get(partition) ?? null;
    partitions.set(partition, { kept: kept.map((f) => f.key), written, deletes });
    changedPartitionFiles.push(...kept);
    if (deletes) changedPartitionFiles.push({ partition, key: trustedDeletesKey(contract.name, partition, batchId), path: deletes });
    if (written) changedPartitionFiles.push({ partition, key: trustedKey(contract.name, partition, batchId), path: written });
  }

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
  // What the batches changed in trusted: the rows they wrote (_change 1) and the rows those replaced (-1).
  const changedRows = [
    ...(newFiles.size > 0
      ? [
          `SELECT *, 1 AS _change FROM read_parquet([${[...newFiles.values()].map(sqlLiteral).join(', ')}], union_by_name = true) WHERE ${ownBatch}`,
        ]
      : []),
    ...(contenders > 0 ? [`SELECT * EXCLUDE (_file, _pos), -1 AS _change FROM ${t('replaced')}`] : []),
  ];
  await engine.run(
    `CREATE OR REPLACE TEMP VIEW ${t('changed')} AS ${changedRows.length > 0 ? changedRows.join(' UNION ALL BY NAME ') : `SELECT * EXCLUDE (_h), 1 AS _change FROM ${t('batch')} WHERE false`}`,
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
      ownRows: ownRowCount.get(id) ?? 0,
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
 * The deletes of the touched partitions after the batch, as table `deletes` (`_partition`, `_file`
 * object key, `_pos`): the partitions' earlier delete files and the positions of the rows the
 * batch replaced. Data files with FOLD_DELETED_SHARE of their rows deleted are to be merged (their
 * deletes then go with them). Returns those files (local paths) and the partitions the batch
 * deleted rows in (`deletedIn`).
 */
async function planDeletes(
  engine: Engine,
  t: (name: string) => string,
  files: readonly StagedTrustedFile[],
  replaced: string | null,
): Promise<{ mergeFiles: Set<string>; deletedIn: Set<string> }> {
  const data = files.filter((f) => !isDeleteFile(f.key));
  const deleteFiles = files.filter((f) => isDeleteFile(f.key));
  const mergeFiles = new Set<string>();
  const changed = new Set<string>();
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${t('deletes')} (_partition VARCHAR, _file VARCHAR, _pos BIGINT)`);
  if (data.length === 0) return { mergeFiles, deletedIn: changed };
  const fileTable = t('files');
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${fileTable} AS SELECT m.*, p.num_rows AS _rows FROM (VALUES ${data
      .map((f) => `(${sqlLiteral(f.partition)}, ${sqlLiteral(f.key)}, ${sqlLiteral(f.path)})`)
      .join(
        ', ',
      )}) AS m(_partition, _key, _path) JOIN parquet_file_metadata([${data.map((f) => sqlLiteral(f.path)).join(', ')}]) p ON p.file_name = m._path`,
  );
  if (deleteFiles.length > 0)
    await engine.run(
      `INSERT INTO ${t('deletes')} SELECT f._partition, x._file, x._pos FROM read_parquet([${deleteFiles.map((f) => sqlLiteral(f.path)).join(', ')}]) x JOIN ${fileTable} f ON f._key = x._file`,
    );
  if (replaced !== null) {
    const join = `FROM ${replaced} r JOIN ${fileTable} f ON f._path = r._file`;
    await engine.run(`INSERT INTO ${t('deletes')} SELECT f._partition, f._key, r._pos ${join}`);
    for (const { p } of await engine.query<{ p: string }>(`SELECT DISTINCT f._partition AS p ${join}`)) changed.add(p);
  }
  for (const { path } of await engine.query<{ path: string }>(
    `SELECT f._path AS path FROM ${t('deletes')} d JOIN ${fileTable} f ON f._key = d._file GROUP BY f._path, f._rows HAVING count(*) >= ${FOLD_DELETED_SHARE} * f._rows`,
  ))
    mergeFiles.add(path);
  return { mergeFiles, deletedIn: changed };
}

/**
 * Writes each partition's delete file from table `deletes`, less the deletes of files being
 * merged (their rows are rewritten without them). Returns partition → local path; a touched
 * partition with no delete left has none.
 */
async function writeDeletes(
  engine: Engine,
  t: (name: string) => string,
  mergeFiles: ReadonlySet<string>,
  dir: string,
): Promise<Map<string, string>> {
  const merged = [...mergeFiles];
  const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${t('deletes')}`);
  if (Number(n) === 0) return new Map();
  const keep =
    merged.length > 0 ? ` WHERE _file NOT IN (SELECT _key FROM ${t('files')} WHERE _path IN (${merged.map(sqlLiteral).join(', ')}))` : '';
  const [{ Count: written }] = await engine.query<{ Count: number }>(
    `COPY (SELECT _partition, _file, _pos FROM ${t('deletes')}${keep} ORDER BY _file, _pos)
     TO ${sqlLiteral(dir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (_partition), OVERWRITE_OR_IGNORE)`,
  );
  return Number(written) > 0 ? partitionFolders(dir) : new Map();
}

/** The one Parquet file in each `_partition=…` folder a partitioned COPY wrote: partition → path. */
async function partitionFolders(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const folder of await readdir(dir)) {
    const partition = decodeURIComponent(folder.slice('_partition='.length));
    const inFolder = (await readdir(join(dir, folder))).filter((f) => f.endsWith('.parquet'));
    if (inFolder.length !== 1) throw new Error(`Expected one Parquet file for partition ${partition}, found ${inFolder.length}`);
    files.set(partition, join(dir, folder, inFolder[0]));
  }
  return files;
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
