import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { BuiltColumn, CuratedProductBuilt } from '@acad/catalog';
import { createEncryptStream, type EncryptionContext, type KeyProvider } from '@acad/crypto';
import type { Engine } from '@acad/engine';
import { getContract, sqlLiteral, type DatasetContract } from '@acad/schemas';
import type { ObjectStore } from '@acad/storage';
import { batchIdFor, hashFile } from './batch-id';
import { gateBatchQuality, quarantineCounts } from './gate-batch-quality';
import { emptyQuality, emptyRows, type BatchSummary } from './batch-summary';
import { buildCuratedModels } from './build-curated';
import { appendCommit, findBatch, partitionFiles, readSnapshot, type CommitEntry, type LakeSnapshot } from './commit-log';
import { CommitLease } from './commit-lease';
import { recordInCatalog } from './record-in-catalog';
import { detectFormat } from './landing-format';
import { CURATED_MODELS, modelsReading } from './models/index';
import { PrivateStaging } from './private-staging';
import { promoteLandingToRaw } from './promote-landing-to-raw';
import { promoteRawToTrusted, type TrustedPromotion } from './promote-raw-to-trusted';
import { dropBatchObjects } from './batch-objects';
import { parquetSelect, stageTrustedFiles } from './trusted-snapshot-files';
import { partitionFollowsKey, trustedKey } from './trusted-layout';
import type { ZoneContext } from './zone-context';
import { DatasetRejected, LeaseLost } from './zone-errors';

export interface RunLandingFileOptions {
  /**
   * Rebuild the curated products that read this dataset (default). A run of several files
   * rebuilds them once, with its last file; batches before it leave them marked stale.
   */
  buildCurated?: boolean;
}

/**
 * Runs one landing file through raw, trusted and curated, and commits it as one batch.
 * Data files are written first; the batch becomes visible only when its commit-log entry is
 * written (put-if-absent). Every step can be re-run after a crash with the same result.
 */
export async function runLandingFile(ctx: ZoneContext, dataset: string, landingKey: string, options: RunLandingFileOptions = {}): Promise<BatchSummary> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const contract = getContract(dataset);
  const fileName = basename(landingKey);
  const step = (s: Parameters<NonNullable<ZoneContext['onStep']>>[0]) => ctx.onStep?.(s, { dataset, file: fileName });
  const staging = await PrivateStaging.create();
  let engine: Engine | undefined;
  let lease: CommitLease | undefined;
  let batchId = '';
  try {
    step('stage');
    const stagedPath = await staging.stage(ctx.stores.landing, landingKey);
    const contentSha256 = await hashFile(stagedPath);
    batchId = batchIdFor(dataset, contentSha256);
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
    const duplicate = async () => {
      await ctx.stores.landing.delete(landingKey);
      const result = summary('duplicate');
      await recordInCatalog(ctx, { contract, summary: result, startedAt });
      return result;
    };
    if (findBatch(await readSnapshot(ctx.stores.platform), dataset, batchId)) return await duplicate();
    const detected = await detectFormat(stagedPath, fileName);
    if (!detected) throw new DatasetRejected(dataset, fileName, 'unsupported file type: expected .csv, .tsv, .txt, .ndjson, .jsonl or .json');

    lease = await CommitLease.acquire(ctx.stores.platform, 'commit', { owner: ctx.owner, ...(ctx.now ? { now: ctx.now } : {}) });
    // Another worker may have committed this batch while we waited for the lease.
    const snapshot = await readSnapshot(ctx.stores.platform);
    if (findBatch(snapshot, dataset, batchId)) return await duplicate();
    // An incompatible contract change stops here, before any zone is written.
    await ctx.catalog?.store.recordContract(contract);

    engine = await ctx.openEngine({ tempDirectory: staging.path('spill') });
    const ingestedAt = (ctx.now?.() ?? new Date()).toISOString();
    step('raw');
    const raw = await promoteLandingToRaw({ engine, contract, stagedPath, fileName, detected, batchId, ingestedAt, outputPath: (n) => staging.path(n) });
    step('trusted');
    const trusted = await promoteRawToTrusted({
      engine,
      contract,
      rawRelation: raw.relation,
      batchId,
      protection: ctx.protection,
      outputPath: (n) => staging.path(n),
      loadExisting: (partitions) =>
        stageTrustedFiles(snapshot, ctx.stores.trusted, staging, dataset, partitionFollowsKey(contract) ? partitions : undefined),
    });
    step('quality');
    const gate = await gateBatchQuality({
      engine,
      contract,
      batchId,
      relation: trusted.mergedTableName,
      snapshot,
      stores: ctx.stores,
      staging,
      history: ctx.qualityHistory,
      quarantined: quarantineCounts(trusted),
    });
    const rows = { read: raw.read, accepted: trusted.accepted, duplicates: trusted.duplicates, quarantined: raw.unparseable + trusted.invalid };
    if (gate.failed) {
      // A failed gate commits nothing: the file stays in landing to be fixed and run again.
      const failedRules = gate.record.results.filter((r) => r.outcome === 'failed').map((r) => r.ruleId);
      const problem = `the quality gate failed: ${failedRules.join(', ')}`;
      ctx.logger.warn({ dataset, batchId, failedRules, runId: ctx.runId }, 'batch failed its quality gate');
      const result = summary('failed', { rows, quality: gate.quality, problem: `${fileName} of ${dataset}: ${problem}` });
      await recordInCatalog(ctx, { contract, summary: result, startedAt });
      return result;
    }
    step('curated');
    const buildCurated = options.buildCurated !== false;
    const curated = buildCurated ? await buildCuratedFor(engine, snapshot, ctx, staging, contract, trusted) : new Map<string, BuiltProduct>();
    await dropBatchObjects(engine, batchId);

    step('upload');
    const entry: CommitEntry = {
      seq: snapshot.seq + 1,
      kind: 'batch',
      dataset,
      batchId,
      file: fileName,
      contentSha256,
      committedAt: '',
      runId: ctx.runId,
      rows,
      quality: gate.quality,
      raw: [],
      quarantine: [],
      trusted: {},
      curated: {},
      // Products left for the run's last batch: only those whose required inputs have data.
      ...(buildCurated ? {} : { curatedStale: buildableModels(snapshot, dataset).map((m) => m.name) }),
    };
    assertBatchInvariant(entry);
    Object.assign(entry, await sealBatchFiles(ctx, dataset, batchId, { rawPath: raw.rawPath, rejectsPath: raw.rejectsPath, invalidPath: trusted.invalidPath }));
    for (const [partition, { kept, written }] of trusted.partitions) {
      entry.trusted[partition] = written === null ? kept : [...kept, await upload(ctx.stores.trusted, trustedKey(dataset, partition, batchId), written)];
    }
    for (const [product, { path }] of curated) {
      entry.curated[product] = await upload(ctx.stores.curated, `${product}/part-${batchId}.parquet`, path);
    }

    step('commit');
    await lease.renew();
    entry.committedAt = (ctx.now?.() ?? new Date()).toISOString();
    if (!(await appendCommit(ctx.stores.platform, entry))) throw new LeaseLost('commit');

    step('cleanup');
    await ctx.stores.landing.delete(landingKey);
    await removeSuperseded(ctx, snapshot, entry);
    ctx.logger.info({ dataset, batchId, seq: entry.seq, rows: entry.rows, runId: ctx.runId }, 'batch committed');
    const result = summary('committed', { rows: entry.rows, quality: entry.quality, durationMs: Date.now() - started });
    await recordInCatalog(ctx, { contract, summary: result, startedAt, entry, curated: [...curated.values()].map((b) => b.product) });
    return result;
  } catch (error) {
    if (error instanceof DatasetRejected && batchId) {
      const rejected = { dataset, batchId, file: fileName, status: 'rejected' as const, rows: emptyRows(), quality: emptyQuality(), durationMs: Date.now() - started, problem: error.message };
      await recordInCatalog(ctx, { contract, summary: rejected, startedAt });
    }
    throw error;
  } finally {
    if (engine && batchId) {
      await dropBatchObjects(engine, batchId);
    }
    await engine?.close();
    await lease?.release();
    await staging.dispose();
  }
}

/** Models reading `dataset` whose other required inputs already have trusted data. */
export function buildableModels(snapshot: LakeSnapshot, dataset: string) {
  const hasData = (input: string) => input === `trusted.${dataset}` || (snapshot.trusted.get(input.slice('trusted.'.length))?.size ?? 0) > 0;
  return modelsReading(dataset).filter((m) => m.requiredInputs.every(hasData));
}

export interface BuiltProduct {
  path: string;
  product: CuratedProductBuilt;
}

export async function buildCuratedFor(
  engine: Engine,
  snapshot: LakeSnapshot,
  ctx: ZoneContext,
  staging: PrivateStaging,
  contract: DatasetContract,
  trusted: TrustedPromotion,
): Promise<Map<string, BuiltProduct>> {
  const models = modelsReading(contract.name);
  const sources = new Map<string, string | null>();
  for (const input of new Set(models.flatMap((m) => m.inputs))) {
    const dataset = input.slice('trusted.'.length);
    if (dataset === contract.name) {
      // The dataset after this batch: the changed partitions' files plus the untouched partitions'.
      const untouched = [...(snapshot.trusted.get(dataset)?.keys() ?? [])].filter((p) => !trusted.partitions.has(p));
      const { paths } = await stageTrustedFiles(snapshot, ctx.stores.trusted, staging, dataset, untouched);
      const all = [...trusted.changedPartitionFiles, ...paths];
      sources.set(input, all.length > 0 ? parquetSelect(all) : null);
    } else {
      const { paths } = await stageTrustedFiles(snapshot, ctx.stores.trusted, staging, dataset);
      sources.set(input, paths.length ? parquetSelect(paths) : null);
    }
  }
  const built = await buildCuratedModels(engine, models, sources, (n) => staging.path(n), (input) =>
    getContract(input.slice('trusted.'.length)).columns.map((c) => c.name),
  );
  return describeBuilt(engine, built);
}

/** Column names and types of each built product, for the catalog (read before staging goes). */
export async function describeBuilt(engine: Engine, built: Map<string, { path: string; rows: number }>): Promise<Map<string, BuiltProduct>> {
  const described = new Map<string, BuiltProduct>();
  for (const [name, { path, rows }] of built) {
    const model = CURATED_MODELS.find((m) => m.name === name);
    if (!model) continue;
    const columns: BuiltColumn[] = (await engine.query<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlLiteral(path)})`)).map((r) => ({
      name: r.column_name,
      type: r.column_type,
    }));
    described.set(name, { path, product: { model, rows, columns } });
  }
  return described;
}

/** A batch's raw records and quarantined rows, envelope-encrypted into their zones: the keys its entry lists. */
export async function sealBatchFiles(
  ctx: ZoneContext,
  dataset: string,
  batchId: string,
  files: { rawPath: string; rejectsPath?: string; invalidPath?: string },
): Promise<Pick<CommitEntry, 'raw' | 'quarantine'>> {
  const prefix = `${dataset}/batch=${batchId}`;
  const sealed = (zone: 'raw' | 'quarantine', key: string, path: string) => uploadEncrypted(ctx.stores[zone], key, path, ctx.protection.envelopeKeys, { dataset, zone });
  const quarantine: string[] = [];
  const raw = [await sealed('raw', `${prefix}/records.parquet.enc`, files.rawPath)];
  if (files.rejectsPath) quarantine.push(await sealed('quarantine', `${prefix}/unparseable.parquet.enc`, files.rejectsPath));
  if (files.invalidPath) quarantine.push(await sealed('quarantine', `${prefix}/invalid.parquet.enc`, files.invalidPath));
  return { raw, quarantine };
}

/** Raw and quarantine hold plaintext PII, so they are envelope-encrypted at rest. */
async function uploadEncrypted(store: ObjectStore, key: string, path: string, keys: KeyProvider, context: EncryptionContext): Promise<string> {
  const encrypt = await createEncryptStream(keys, context);
  await store.put(key, createReadStream(path).pipe(encrypt), { contentType: 'application/octet-stream', metadata: { encryption: 'acad-envelope-v1' } });
  return key;
}

export async function upload(store: ObjectStore, key: string, path: string): Promise<string> {
  await store.put(key, createReadStream(path), { contentType: 'application/vnd.apache.parquet' });
  return key;
}

/** Files of the previous state that this commit replaced; readers of older snapshots are short-lived. */
export async function removeSuperseded(ctx: ZoneContext, before: LakeSnapshot, entry: CommitEntry): Promise<void> {
  const current = before.trusted.get(entry.dataset) ?? new Map<string, readonly string[]>();
  for (const [partition, value] of Object.entries(entry.trusted)) {
    const now = partitionFiles(value);
    for (const old of current.get(partition) ?? []) if (!now.includes(old)) await ctx.stores.trusted.delete(old);
  }
  for (const [product, key] of Object.entries(entry.curated)) {
    const old = before.curated.get(product);
    if (old && old !== key) await ctx.stores.curated.delete(old);
  }
}

/** PRODUCT.md §3: rows read = accepted + duplicates + quarantined. Nothing is dropped silently. */
export function assertBatchInvariant(entry: Pick<CommitEntry, 'rows' | 'dataset' | 'batchId'>): void {
  const { read, accepted, duplicates, quarantined } = entry.rows;
  if (read !== accepted + duplicates + quarantined) {
    throw new Error(`Batch ${entry.batchId} of ${entry.dataset} broke the row invariant: read ${read} ≠ accepted ${accepted} + duplicates ${duplicates} + quarantined ${quarantined}`);
  }
}
