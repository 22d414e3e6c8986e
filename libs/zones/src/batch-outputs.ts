import type { BuiltColumn, CuratedProductBuilt } from '@acad/catalog';
import type { Engine } from '@acad/engine';
import { sqlLiteral, type DatasetContract } from '@acad/schemas';
import type { ObjectStore } from '@acad/storage';
import type { CommitEntry, LakeSnapshot } from './commit-log';
import { uploadCommittedFile } from './committed-files';
import { CURATED_MODELS, modelsReading } from './models/index';
import type { PrivateStaging } from './private-staging';
import type { TrustedPromotion } from './promote-raw-to-trusted';
import { sealedObjectContext, sealFile, type SealedZone } from './sealed-objects';
import { refreshCuratedForBatch } from './refresh-curated-for-batch';
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

/**
 * The curated products that read the batch's dataset, brought up to date with trusted after the
 * batch: incrementally where they can be (`refreshCuratedForBatch`), in full otherwise.
 */
export async function buildCuratedFor(
  engine: Engine,
  snapshot: LakeSnapshot,
  ctx: ZoneContext,
  staging: PrivateStaging,
  contract: DatasetContract,
  trusted: TrustedPromotion,
): Promise<Map<string, BuiltProduct>> {
  const refreshed = await refreshCuratedForBatch(engine, snapshot, ctx, staging, contract, trusted);
  ctx.logger.info(
    { dataset: contract.name, refreshed: Object.fromEntries([...refreshed].map(([name, r]) => [name, r.refresh])), runId: ctx.runId },
    'curated products refreshed',
  );
  return describeBuilt(engine, refreshed);
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

/**
 * A batch's raw records and quarantined rows, envelope-encrypted into their zones, each bound
 * to its identity: the keys its entry lists, and their digests for the entry's `sha256`.
 */
export async function sealBatchFiles(
  ctx: ZoneContext,
  dataset: string,
  batchId: string,
  files: { rawPath: string; rejectsPath?: string; invalidPath?: string },
): Promise<Pick<CommitEntry, 'raw' | 'quarantine'> & { sha256: Record<string, string> }> {
  const prefix = `${dataset}/batch=${batchId}`;
  const sha256: Record<string, string> = {};
  const sealed = async (zone: SealedZone, key: string, path: string) => {
    const context = sealedObjectContext(dataset, zone, batchId, key);
    const written = await sealFile(ctx.stores[zone], zone, key, path, ctx.protection.envelopeKeys, context);
    sha256[`${zone}/${key}`] = written.sha256;
    return key;
  };
  const quarantine: string[] = [];
  const raw = [await sealed('raw', `${prefix}/records.parquet.enc`, files.rawPath)];
  if (files.rejectsPath) quarantine.push(await sealed('quarantine', `${prefix}/unparseable.parquet.enc`, files.rejectsPath));
  if (files.invalidPath) quarantine.push(await sealed('quarantine', `${prefix}/invalid.parquet.enc`, files.invalidPath));
  return { raw, quarantine, sha256 };
}

/** Uploads a trusted or curated file and records its SHA-256 in the entry that commits it. */
export async function uploadInto(
  entry: CommitEntry,
  zone: 'trusted' | 'curated',
  store: ObjectStore,
  key: string,
  path: string,
): Promise<string> {
  const { sha256 } = await uploadCommittedFile(store, key, path);
  entry.sha256 = { ...entry.sha256, [`${zone}/${key}`]: sha256 };
  return key;
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
