import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { syncToGlue } from '@acad/catalog';
import type { Settings } from '@acad/config';
import type { Engine } from '@acad/engine';
import { TRINO_DIALECT, getContract, sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import { ObjectPathRefused, type ObjectStore } from '@acad/storage';
import { athenaCatalogEntries, curatedColumns } from './athena-catalog-entries';
import { externalTableDdl, landedColumns, mergeSql, stagingTable, validationSql } from './athena-batch-sql';
import { athenaLakeFromSettings, type AthenaLake, type AthenaLakeOptions } from './athena-lake';
import { batchIdFor, hashFile } from './batch-id';
import { emptyQuality, emptyRows, type BatchSummary } from './batch-summary';
import { appendCommit, COMMIT_FORMAT, findBatch, partitionFiles, readSnapshot, type CommitEntry, type LakeSnapshot } from './commit-log';
import { CommitLease } from './commit-lease';
import { gateBatchQualityOnAthena } from './gate-batch-quality';
import { refusedSummary, removeLandingFile } from './land-file';
import { rejectLandingFile, type JudgedLandingFile } from './reject-landing-file';
import { detectFormat } from './landing-format';
import { modelsReading } from './models/index';
import { PrivateStaging } from './private-staging';
import { promoteLandingToRaw } from './promote-landing-to-raw';
import { hasDirectIdentifiers, protectedColumns } from './protect-fields';
import { assertBatchInvariant, sealBatchFiles } from './batch-outputs';
import type { ZoneContext } from './zone-context';
import { DatasetRejected, LeaseLost } from './zone-errors';

/**
 * ACAD_ENGINE=athena: one landing file through raw, trusted and curated with Athena doing the
 * bulk work over S3. The worker parses the file (any CSV dialect, NDJSON, JSON) with the embedded
 * engine, seals raw and unparseable rows with the key provider, and stages the parsed rows and the
 * protect maps (plaintext → token) under `_staging/<batch>/` (SSE-KMS). Athena validates
 * (contract SQL in the Trino dialect), quarantines, de-duplicates and merges with trusted, and
 * builds the curated products, each by CTAS into its batch folder; every count in the summary
 * comes from Athena's answers. The commit log entry then makes the batch visible, as locally.
 */
export async function runLandingFileOnAthena(
  ctx: ZoneContext,
  lake: AthenaLake,
  dataset: string,
  landingKey: string,
): Promise<BatchSummary> {
  const started = Date.now();
  const contract = getContract(dataset);
  const fileName = basename(landingKey);
  const step = (s: Parameters<NonNullable<ZoneContext['onStep']>>[0]) => ctx.onStep?.(s, { dataset, file: fileName });
  const staging = await PrivateStaging.create();
  const created: string[] = [];
  const views: string[] = [];
  let local: Engine | undefined;
  let lease: CommitLease | undefined;
  let judged: JudgedLandingFile | undefined;
  try {
    step('stage');
    const version = await ctx.stores.landing.head(landingKey);
    const stagedPath = await staging.stage(ctx.stores.landing, landingKey);
    const removeLanded = () => removeLandingFile(ctx, dataset, landingKey, version);
    const contentSha256 = await hashFile(stagedPath);
    const batchId = batchIdFor(dataset, contentSha256);
    judged = {
      contract,
      key: landingKey,
      fileName,
      stagedPath,
      version,
      contentSha256,
      batchId,
      started,
      startedAt: new Date(started).toISOString(),
    };
    const summary = (status: BatchSummary['status'], extra: Partial<BatchSummary> = {}): BatchSummary => ({
      dataset,
      batchId,
      file: fileName,
      status,
      rows: emptyRows(),
      quality: emptyQuality(),
      durationMs: Date.now() - started,
      ...extra,
    });
    if (findBatch(await readSnapshot(ctx.stores.platform), dataset, batchId)) {
      await removeLanded();
      return summary('duplicate');
    }
    if (hasDirectIdentifiers(contract)) {
      // Their re-delivery fingerprint needs a worker-side key; Athena SQL must never carry one.
      throw new DatasetRejected(
        dataset,
        fileName,
        'datasets with direct identifiers are not yet run on Athena; ingest them with ACAD_ENGINE=duckdb',
      );
    }
    const detected = await detectFormat(stagedPath, fileName);
    if (!detected)
      throw new DatasetRejected(dataset, fileName, 'unsupported file type: expected .csv, .tsv, .txt, .ndjson, .jsonl or .json');
    lease = await CommitLease.acquire(ctx.stores.platform, 'commit', { owner: ctx.owner, ...(ctx.now ? { now: ctx.now } : {}) });
    const snapshot = await readSnapshot(ctx.stores.platform);
    if (findBatch(snapshot, dataset, batchId)) {
      await removeLanded();
      return summary('duplicate');
    }

    local = await ctx.openEngine({ tempDirectory: staging.path('spill') });
    const ingestedAt = (ctx.now?.() ?? new Date()).toISOString();
    step('raw');
    const raw = await promoteLandingToRaw({
      engine: local,
      contract,
      stagedPath,
      fileName,
      detected,
      batchId,
      ingestedAt,
      outputPath: (n) => staging.path(n),
      portableParquet: true,
    });
    const prefix = `${dataset}/batch=${batchId}`;
    const {
      raw: rawKeys,
      quarantine: quarantineKeys,
      sha256,
    } = await sealBatchFiles(ctx, dataset, batchId, {
      rawPath: raw.rawPath,
      rejectsPath: raw.rejectsPath,
    });
    const stagingPrefix = `_staging/${batchId}/`;
    await ctx.stores.raw.put(`${stagingPrefix}landed/records.parquet`, createReadStream(raw.rawPath));
    const maps = await stageProtectMaps(ctx, local, contract, raw.relation, staging, stagingPrefix);

    step('trusted');
    const athena = lake.engine;
    const t = (name: string) => stagingTable(batchId, name);
    const stagingUrl = `${lake.zoneUrl('raw')}${stagingPrefix}`;
    const external = async (name: string, columns: Array<[string, string]>, location: string) => {
      await athena.run(externalTableDdl(t(name), columns, location));
      created.push(t(name));
    };
    await external('landed', landedColumns(contract), `${stagingUrl}landed/`);
    const mapTables = new Map<string, string>();
    for (const column of maps) {
      await external(
        `map_${column}`,
        [
          ['v', 'string'],
          ['p', 'string'],
        ],
        `${stagingUrl}map_${column}/`,
      );
      mapTables.set(column, t(`map_${column}`));
    }
    const ctas = async (name: string, selectSql: string, location: string) => {
      created.push(t(name));
      return athena.createTableAs({ table: t(name), selectSql, location });
    };
    await ctas('validated', validationSql(contract, t('landed')), `${stagingUrl}validated/`);
    const [counts] = await athena.query<{ valid: number; invalid: number }>(
      `SELECT count_if(_violations IS NULL) AS valid, count_if(_violations IS NOT NULL) AS invalid FROM ${t('validated')}`,
    );
    const byRule = await athena.query<{ rule: string; n: number }>(
      `SELECT v.rule AS rule, count(*) AS n FROM ${t('validated')} CROSS JOIN UNNEST(_violations) AS u(v) GROUP BY v.rule ORDER BY rule`,
    );
    const invalid = Number(counts.invalid);
    if (invalid > 0) {
      await ctas(
        'invalid',
        `SELECT * FROM ${t('validated')} WHERE _violations IS NOT NULL`,
        `${lake.zoneUrl('quarantine')}${prefix}/invalid/`,
      );
      quarantineKeys.push(`${prefix}/invalid/`);
    }
    const existing = snapshot.trusted.get(dataset)?.size ? `trusted_${dataset}` : undefined;
    await ctas(
      'merged',
      mergeSql({ contract, validated: t('validated'), maps: mapTables, existing }),
      `${lake.zoneUrl('trusted')}${stagingPrefix}merged/`,
    );
    const [merged] = await athena.query<{ accepted: number }>(
      `SELECT count_if(_source = 1 AND NOT _unchanged) AS accepted FROM ${t('merged')}`,
    );
    const rows = {
      read: raw.read,
      accepted: Number(merged.accepted),
      duplicates: Number(counts.valid) - Number(merged.accepted),
      quarantined: raw.unparseable + invalid,
    };

    step('quality');
    // The batch's rows as trusted will hold them, judged by the dataset's rules in Trino SQL: a
    // view, so the quality scan reads the merged table once and nothing is copied.
    await athena.registerView(t('judged'), `SELECT * FROM ${t('merged')} WHERE _source = 1`);
    views.push(t('judged'));
    const gate = await gateBatchQualityOnAthena({
      engine: athena,
      contract,
      batchId,
      relation: t('judged'),
      snapshot,
      history: ctx.qualityHistory,
      calendar: ctx.calendar,
      quarantined: {
        checkedRows: Number(counts.valid) + invalid,
        byRule: new Map(byRule.map((r) => [r.rule, Number(r.n)])),
        unparseable: raw.unparseable,
      },
    });
    if (gate.failed) {
      // Nothing of a failed batch stays: the file waits in landing to be fixed and run again.
      const failedRules = gate.record.results.filter((r) => r.outcome === 'failed').map((r) => r.ruleId);
      ctx.logger.warn({ dataset, batchId, failedRules, runId: ctx.runId, engine: 'athena' }, 'batch failed its quality gate');
      await removeUncommitted(ctx, prefix, batchId);
      return summary('failed', {
        rows,
        quality: gate.quality,
        ...(raw.warnings.length > 0 ? { warnings: raw.warnings } : {}),
        problem: `${fileName} of ${dataset}: the quality gate failed: ${failedRules.join(', ')}`,
      });
    }
    const partitions = (await athena.query<{ p: string }>(`SELECT DISTINCT acad_partition AS p FROM ${t('merged')} ORDER BY p`)).map(
      (r) => r.p,
    );
    const columns = contract.columns.map((c) => sqlIdent(c.name)).join(', ');
    const trusted: Record<string, string[]> = {};
    for (const [i, partition] of partitions.entries()) {
      const key = `${dataset}/${partition}/batch=${batchId}/`;
      await ctas(
        `part_${i}`,
        `SELECT ${columns} FROM ${t('merged')} WHERE acad_partition = ${sqlLiteral(partition)}`,
        `${lake.zoneUrl('trusted')}${key}`,
      );
      trusted[partition] = [key];
    }

    step('curated');
    const curated: Record<string, string> = {};
    const built = [];
    for (const model of modelsReading(dataset)) {
      const relation = inputRelation(snapshot, contract, t('merged'), partitions);
      if (model.requiredInputs.some((input) => relation(input) === undefined)) continue;
      const key = `${model.name}/batch=${batchId}/`;
      const rows = await ctas(
        `curated_${model.name}`,
        model.render(TRINO_DIALECT, (input) => relation(input) ?? emptyRelation(input)),
        `${lake.zoneUrl('curated')}${key}`,
      );
      curated[model.name] = key;
      built.push({ model, rows, columns: await curatedColumns(local, model) });
    }

    step('upload');
    const entry: CommitEntry = {
      seq: snapshot.seq + 1,
      format: COMMIT_FORMAT,
      dataset,
      batchId,
      file: fileName,
      contentSha256,
      committedAt: '',
      runId: ctx.runId,
      rows,
      quality: gate.quality,
      raw: rawKeys,
      quarantine: quarantineKeys,
      trusted,
      curated,
      // The sealed objects' digests; the trusted and curated folders Athena wrote never passed through here.
      sha256,
    };
    assertBatchInvariant(entry);

    step('commit');
    await lease.renew();
    entry.committedAt = (ctx.now?.() ?? new Date()).toISOString();
    if (!(await appendCommit(ctx.stores.platform, entry))) throw new LeaseLost('commit');

    step('cleanup');
    await removeLanded();
    await removeSuperseded(ctx, snapshot, entry);
    const after = await readSnapshot(ctx.stores.platform);
    await syncToGlue(
      lake.glue,
      athenaCatalogEntries({
        contract,
        zoneUrl: lake.zoneUrl,
        now: entry.committedAt,
        curated: built,
        trustedPartitions: [...(after.trusted.get(dataset)?.keys() ?? [])],
      }),
      { database: lake.database },
    );
    ctx.logger.info({ dataset, batchId, seq: entry.seq, rows: entry.rows, runId: ctx.runId, engine: 'athena' }, 'batch committed');
    return summary('committed', {
      rows: entry.rows,
      quality: entry.quality,
      durationMs: Date.now() - started,
      ...(raw.warnings.length > 0 ? { warnings: raw.warnings } : {}),
    });
  } catch (error) {
    // Rejected whole: settled as the embedded engine settles it (before the staging goes).
    if (error instanceof DatasetRejected && judged) return rejectLandingFile(ctx, judged, error);
    if (error instanceof ObjectPathRefused) return refusedSummary({ dataset, key: landingKey, why: `landing/${error.reason}` });
    throw error;
  } finally {
    // Staging views and tables are catalog entries only; their files go with the staging folders.
    for (const view of views) {
      await lake.engine
        .dropView(view)
        .catch((error: Error) => ctx.logger.warn({ dataset, view, code: 'ENGINE_ERROR' }, `staging view not dropped: ${error.message}`));
    }
    for (const table of created.reverse()) {
      await lake.engine
        .dropTable(table)
        .catch((error: Error) => ctx.logger.warn({ dataset, table, code: 'ENGINE_ERROR' }, `staging table not dropped: ${error.message}`));
    }
    await local?.close();
    await lease?.release();
    await staging.dispose();
  }
}

/** ZoneContext-shaped runner for the worker's composition root. */
export function athenaBatchRunner(settings: Settings, options: AthenaLakeOptions = {}) {
  const lake = athenaLakeFromSettings(settings, options);
  return (ctx: ZoneContext, dataset: string, landingKey: string) => runLandingFileOnAthena(ctx, lake, dataset, landingKey);
}

/** Distinct plaintext values of each protected column, protected in the worker, staged for Athena to join. */
async function stageProtectMaps(
  ctx: ZoneContext,
  engine: Engine,
  contract: DatasetContract,
  relation: string,
  staging: PrivateStaging,
  prefix: string,
): Promise<string[]> {
  const names: string[] = [];
  for (const column of protectedColumns(contract)) {
    const col = sqlIdent(column.name);
    const values = await engine.query<{ v: string }>(
      `SELECT DISTINCT NULLIF(TRIM(${col}), '') AS v FROM ${relation} WHERE NULLIF(TRIM(${col}), '') IS NOT NULL`,
    );
    const ndjson = staging.path(`map-${column.name}.ndjson`);
    await writeFile(ndjson, values.map(({ v }) => JSON.stringify({ v, p: ctx.protection.tokenizer.token(v) })).join('\n') + '\n', {
      mode: 0o600,
    });
    const parquet = staging.path(`map-${column.name}.parquet`);
    await engine.writeParquet(
      `SELECT v, p FROM read_json(${sqlLiteral(ndjson)}, format = 'newline_delimited', columns = {'v': 'VARCHAR', 'p': 'VARCHAR'})`,
      parquet,
    );
    await ctx.stores.raw.put(`${prefix}map_${column.name}/map.parquet`, createReadStream(parquet));
    names.push(column.name);
  }
  return names;
}

/** How a model's input reads on Athena: the batch's dataset after the merge, others from Glue; undefined when empty. */
function inputRelation(snapshot: LakeSnapshot, contract: DatasetContract, merged: string, touched: readonly string[]) {
  return (input: string): string | undefined => {
    const dataset = input.slice('trusted.'.length);
    const columns = getContract(dataset)
      .columns.map((c) => sqlIdent(c.name))
      .join(', ');
    const current = [...(snapshot.trusted.get(dataset)?.keys() ?? [])];
    if (dataset !== contract.name) return current.length ? `trusted_${dataset}` : undefined;
    const untouched = current.filter((p) => !touched.includes(p));
    const spec = contract.partition;
    const rest =
      untouched.length && spec
        ? ` UNION ALL SELECT ${columns} FROM trusted_${dataset} WHERE ${sqlIdent(spec.name)} IN (${untouched.map((p) => sqlLiteral(p.slice(spec.name.length + 1))).join(', ')})`
        : '';
    return `(SELECT ${columns} FROM ${merged}${rest})`;
  };
}

function emptyRelation(input: string): string {
  const columns = getContract(input.slice('trusted.'.length)).columns;
  return `(SELECT ${columns.map((c) => `CAST(NULL AS VARCHAR) AS ${sqlIdent(c.name)}`).join(', ')} WHERE false)`;
}

async function removeFolder(store: ObjectStore, folder: string): Promise<void> {
  for await (const info of store.listAll(folder)) await store.delete(info.key);
}

/** What a batch that will not commit wrote: its raw and quarantine folders, and its staging folders. */
async function removeUncommitted(ctx: ZoneContext, prefix: string, batchId: string): Promise<void> {
  await removeFolder(ctx.stores.raw, `${prefix}/`);
  await removeFolder(ctx.stores.quarantine, `${prefix}/`);
  await removeFolder(ctx.stores.raw, `_staging/${batchId}/`);
  await removeFolder(ctx.stores.trusted, `_staging/${batchId}/`);
}

/** Folders of the previous state this commit replaced, and the batch's staging folders. */
async function removeSuperseded(ctx: ZoneContext, before: LakeSnapshot, entry: CommitEntry): Promise<void> {
  const current = before.trusted.get(entry.dataset) ?? new Map<string, readonly string[]>();
  for (const [partition, value] of Object.entries(entry.trusted)) {
    const kept = partitionFiles(value);
    for (const old of current.get(partition) ?? []) if (!kept.includes(old)) await removeFolder(ctx.stores.trusted, old);
  }
  for (const [product, key] of Object.entries(entry.curated)) {
    const old = before.curated.get(product);
    if (old && old !== key) await removeFolder(ctx.stores.curated, old);
  }
  await removeFolder(ctx.stores.raw, `_staging/${entry.batchId}/`);
  await removeFolder(ctx.stores.trusted, `_staging/${entry.batchId}/`);
}
