import type { Settings } from '@acad/config';
import { LocalCatalogStore, catalogEntryFromContract, qualifiedName, type CatalogEntry } from '@acad/catalog';
import { qualityScore } from '@acad/quality';
import { DATASET_CONTRACTS } from '@acad/schemas';
import { CURATED_MODELS, createZoneStores, readSnapshot, type BatchSummary, type CuratedModel } from '@acad/zones';

/** What the catalog commands read: the catalog, completed from contracts and the commit log. */
export interface CatalogView {
  readonly catalog: LocalCatalogStore;
  /** Catalogued entries plus raw and trusted entries derived for contracts not catalogued yet. */
  readonly entries: CatalogEntry[];
  /** Qualified names that came from the catalog itself (the rest are derived). */
  readonly catalogued: ReadonlySet<string>;
  /** Curated models with no catalog entry yet (their column types are only known once built). */
  readonly uncataloguedModels: readonly CuratedModel[];
  /** When the commit log last rebuilt each curated product. */
  readonly productBuiltAt: ReadonlyMap<string, string>;
  /** Each dataset's latest committed batch in the commit log: its rule counts and rows. */
  readonly latestCommitted: ReadonlyMap<string, Pick<BatchSummary, 'quality' | 'rows'>>;
}

/**
 * Opens the local catalog under ACAD_HOME. Datasets the pipeline has not catalogued yet are
 * derived from their contracts and the commit log, so the commands work before (and without)
 * the pipeline writing to the catalog.
 */
export async function openCatalogView(settings: Settings): Promise<CatalogView> {
  const catalog = await LocalCatalogStore.open(settings.home);
  const entries = await catalog.list();
  const catalogued = new Set(entries.map(qualifiedName));
  const stores = createZoneStores(settings);
  const snapshot = await readSnapshot(stores.platform);
  const at = (location: string, name: string) => `${location.replace(/\/+$/, '')}/${name}/`;
  for (const contract of DATASET_CONTRACTS) {
    const batches = snapshot.entries.filter((e) => e.dataset === contract.name);
    const lastSuccessAt = batches.at(-1)?.committedAt;
    const lastQuality = batches.at(-1)?.quality;
    if (!catalogued.has(`raw.${contract.name}`)) {
      entries.push(
        catalogEntryFromContract(contract, 'raw', {
          location: at(stores.raw.location, contract.name),
          rowCount: batches.reduce((n, e) => n + e.rows.read, 0),
          lastSuccessAt,
          upstream: [...new Set(batches.map((e) => `landing:${contract.name}/${e.file}`))].reverse(),
        }),
      );
    }
    if (!catalogued.has(`trusted.${contract.name}`)) {
      entries.push(
        catalogEntryFromContract(contract, 'trusted', {
          location: at(stores.trusted.location, contract.name),
          rowCount: batches.reduce((n, e) => n + e.rows.accepted, 0),
          lastSuccessAt,
          partitions: contract.partition ? [...(snapshot.trusted.get(contract.name)?.keys() ?? [])].sort() : [],
          qualityScore: lastQuality ? qualityScore(lastQuality) : undefined,
        }),
      );
    }
  }
  entries.sort((a, b) => qualifiedName(a).localeCompare(qualifiedName(b)));
  const productBuiltAt = new Map<string, string>();
  for (const commit of snapshot.entries) for (const product of Object.keys(commit.curated)) productBuiltAt.set(product, commit.committedAt);
  return {
    catalog,
    entries,
    catalogued,
    uncataloguedModels: CURATED_MODELS.filter((m) => !catalogued.has(`curated.${m.name}`)),
    productBuiltAt,
    latestCommitted: new Map(snapshot.entries.map((e) => [e.dataset, { quality: e.quality, rows: e.rows }])),
  };
}

/**
 * Entries for lineage only: uncatalogued models join as entries with their declared inputs and
 * column lineage (types unknown, so never shown or stored as such).
 */
export function lineageEntries(view: CatalogView): CatalogEntry[] {
  const models = view.uncataloguedModels.map(
    (m): CatalogEntry => ({
      name: m.name,
      zone: 'curated',
      description: m.description,
      owner: 'unknown',
      contractVersion: 1,
      columns: Object.keys(m.columnLineage).map((name) => ({ name, type: 'string', description: '', pii: 'none', tags: [] })),
      location: m.name,
      format: 'parquet',
      partitionKeys: [],
      partitions: [],
      rowCount: 0,
      bytes: 0,
      createdAt: new Date(0).toISOString(),
      updatedAt: new Date(0).toISOString(),
      upstream: [...m.inputs],
      columnLineage: Object.fromEntries(Object.entries(m.columnLineage).map(([k, v]) => [k, [...v]])),
    }),
  );
  return [...view.entries, ...models];
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
