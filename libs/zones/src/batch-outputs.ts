import { createReadStream } from 'node:fs';
import type { BuiltColumn, CuratedProductBuilt } from '@acad/catalog';
import { createEncryptStream, type EncryptionContext, type KeyProvider } from '@acad/crypto';
import type { Engine } from '@acad/engine';
import { getContract, sqlLiteral, type DatasetContract } from '@acad/schemas';
import type { ObjectStore } from '@acad/storage';
import { buildCuratedModels } from './build-curated';
import { partitionFiles, type CommitEntry, type LakeSnapshot } from './commit-log';
import { CURATED_MODELS, modelsReading } from './models/index';
import type { PrivateStaging } from './private-staging';
import type { TrustedPromotion } from './promote-raw-to-trusted';
import { parquetSelect, stageTrustedFiles } from './trusted-snapshot-files';
import type { ZoneContext } from './zone-context';

// What a batch writes once the engine has promoted it: curated products, its raw and quarantine
// files sealed into their zones, trusted and curated uploads, and what its commit replaces.

/** Models reading `dataset` whose other required inputs already have trusted data. */
export function buildableModels(snapshot: LakeSnapshot, dataset: string) {
  const hasData = (input: string) =>
    input === `trusted.${dataset}` || (snapshot.trusted.get(input.slice('trusted.'.length))?.size ?? 0) > 0;
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
  const built = await buildCuratedModels(
    engine,
    models,
    sources,
    (n) => staging.path(n),
    (input) => getContract(input.slice('trusted.'.length)).columns.map((c) => c.name),
  );
  return describeBuilt(engine, built);
}

/** Column names and types of each built product, for the catalog (read before staging goes). */
export async function describeBuilt(
  engine: Engine,
  built: Map<string, { path: string; rows: number }>,
): Promise<Map<string, BuiltProduct>> {
  const described = new Map<string, BuiltProduct>();
  for (const [name, { path, rows }] of built) {
    const model = CURATED_MODELS.find((m) => m.name === name);
    if (!model) continue;
    const columns: BuiltColumn[] = (
      await engine.query<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlLiteral(path)})`)
    ).map((r) => ({
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
  const sealed = (zone: 'raw' | 'quarantine', key: string, path: string) =>
    uploadEncrypted(ctx.stores[zone], key, path, ctx.protection.envelopeKeys, { dataset, zone });
  const quarantine: string[] = [];
  const raw = [await sealed('raw', `${prefix}/records.parquet.enc`, files.rawPath)];
  if (files.rejectsPath) quarantine.push(await sealed('quarantine', `${prefix}/unparseable.parquet.enc`, files.rejectsPath));
  if (files.invalidPath) quarantine.push(await sealed('quarantine', `${prefix}/invalid.parquet.enc`, files.invalidPath));
  return { raw, quarantine };
}

/** Raw, quarantine and rejected files hold plaintext PII, so they are envelope-encrypted at rest. */
export async function uploadEncrypted(
  store: ObjectStore,
  key: string,
  path: string,
  keys: KeyProvider,
  context: EncryptionContext,
): Promise<string> {
  const encrypt = await createEncryptStream(keys, context);
  await store.put(key, createReadStream(path).pipe(encrypt), {
    contentType: 'application/octet-stream',
    metadata: { encryption: 'acad-envelope-v1' },
  });
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
    throw new Error(
      `Batch ${entry.batchId} of ${entry.dataset} broke the row invariant: read ${read} ≠ accepted ${accepted} + duplicates ${duplicates} + quarantined ${quarantined}`,
    );
  }
}
