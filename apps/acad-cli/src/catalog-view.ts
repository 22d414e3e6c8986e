import type { Settings } from '@acad/config';
import { LakeReadModel, qualifiedName, type CatalogEntry, type LocalCatalogStore } from '@acad/catalog';
import { qualityScore } from '@acad/quality';
import { DATASET_CONTRACTS } from '@acad/schemas';
import { CURATED_MODELS, readSnapshot } from '@acad/zones';
import { catalogStore, zoneStores } from './compose';

/** What the catalog commands read: the local catalog store and the lake's one read model. */
export interface CatalogView {
  readonly catalog: LocalCatalogStore;
  readonly model: LakeReadModel;
}

/**
 * Opens the local catalog under ACAD_HOME and the lake's read model over it: datasets the pipeline
 * has not catalogued yet are derived from their contracts and the commit log, so the commands work
 * before (and without) the pipeline writing to the catalog.
 */
export async function openCatalogView(settings: Settings): Promise<CatalogView> {
  const catalog = await catalogStore(settings);
  const stores = zoneStores(settings);
  const model = new LakeReadModel({
    catalogued: await catalog.list(),
    contracts: DATASET_CONTRACTS,
    products: CURATED_MODELS,
    lake: await readSnapshot(stores.platform),
    locations: { raw: stores.raw.location, trusted: stores.trusted.location },
    qualityScore,
  });
  return { catalog, model };
}
export class UnknownCatalogDataset extends Error {
  readonly code = 'UNKNOWN_DATASET';
  constructor(
    readonly dataset: string,
    known: readonly string[],
  ) {
    super(`Unknown dataset "${dataset}"; known datasets are ${known.join(', ')}`);
    this.name = 'UnknownCatalogDataset';
  }
}

/** Bad usage like an unknown dataset, so it shares that code (exit 2). */
export class UnknownCatalogColumn extends Error {
  readonly code = 'UNKNOWN_DATASET';
  constructor(
    readonly dataset: string,
    readonly column: string,
    known: readonly string[],
  ) {
    super(`Unknown column "${column}" of ${dataset}; its columns are ${known.join(', ')}`);
    this.name = 'UnknownCatalogColumn';
  }
}

/**
 * `attendance` means trusted.attendance (or curated.attendance if only that exists);
 * `raw.attendance` names one zone.
 */
export function resolveDatasetName(entries: readonly CatalogEntry[], name: string): string {
  const names = new Set(entries.map(qualifiedName));
  if (names.has(name)) return name;
  for (const zone of ['trusted', 'curated', 'raw', 'quarantine']) if (names.has(`${zone}.${name}`)) return `${zone}.${name}`;
  throw new UnknownCatalogDataset(name, [...new Set(entries.map((e) => e.name))].sort());
}
