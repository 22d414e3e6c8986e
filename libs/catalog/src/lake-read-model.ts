import type { DatasetContract } from '@acad/schemas';
import { qualifiedName, type BatchRecord, type CatalogEntry, type CatalogZone } from './catalog-entry';
import { searchDatasets, type SearchableDataset } from './catalog-search';
import { catalogEntryFromContract } from './entry-from-contract';

/**
 * A commit of the lake as the read model needs it. The commit log (`@acad/zones`) owns the full
 * entry; its `CommitEntry` is one of these, so the log is passed in as it is read.
 */
export interface CommittedBatch {
  readonly seq: number;
  /** Empty for a refresh of curated products. */
  readonly dataset: string;
  readonly batchId: string;
  readonly file: string;
  readonly committedAt: string;
  readonly rows: BatchRecord['rows'];
  readonly quality: BatchRecord['quality'];
  /** Products this commit rebuilt: product → key. */
  readonly curated: Readonly<Record<string, string>>;
}

/** The committed state of the lake: the log's entries in order and each dataset's trusted partitions now. */
export interface CommittedLake {
  readonly seq: number;
  readonly entries: readonly CommittedBatch[];
  /** dataset → partition path → its files. */
  readonly trusted: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
}

/** A curated product's definition (a model of `@acad/zones`): what it reads and computes each column from. */
export interface ProductDefinition {
  readonly name: string;
  readonly description: string;
  readonly inputs: readonly string[];
  readonly columnLineage: Readonly<Record<string, readonly string[]>>;
}

/**
 * A dataset that matched a search, and where (see `CatalogMatch`): a catalogued or derived entry,
 * or a product known only by its definition (searched by name, description and column names).
 */
export type LakeSearchHit =
  | {
      readonly zone: CatalogZone;
      readonly name: string;
      readonly matched: string[];
      readonly entry: CatalogEntry;
      readonly product?: undefined;
    }
  | {
      readonly zone: 'curated';
      readonly name: string;
      readonly matched: string[];
      readonly entry?: undefined;
      readonly product: ProductDefinition;
    };

export interface LakeReadModelSources {
  /** What the pipeline recorded in the catalog (none for a reader without one, such as the server). */
  readonly catalogued: readonly CatalogEntry[];
  readonly contracts: readonly DatasetContract[];
  readonly products: readonly ProductDefinition[];
  readonly lake: CommittedLake;
  /** A batch's quality score from its rule counts (`@acad/quality`'s `qualityScore`); left out, derived entries carry none. */
  readonly qualityScore?: (quality: BatchRecord['quality']) => number;
  /** Where each zone's datasets live (`stores.<zone>.location`); left out, derived entries name the zone only. */
  readonly locations?: Readonly<Record<'raw' | 'trusted', string>>;
}

/**
 * One read model of the lake: the commit log (the truth of what is committed), the contracts and the
 * curated product definitions, completed by what the catalog recorded. The CLI's catalog commands and
 * the publishing server read datasets, their commits, freshness, quality and lineage through it, so
 * they cannot tell two stories; datasets the pipeline has not catalogued yet (or whose catalog write
 * a crash lost, see `acad catalog rebuild`) are derived from their contracts and the log.
 */
export class LakeReadModel {
  /** Catalogued entries, plus raw and trusted entries derived for contracts not catalogued, by qualified name. */
  readonly entries: readonly CatalogEntry[];
  /** Qualified names that came from the catalog itself (the rest are derived). */
  readonly catalogued: ReadonlySet<string>;
  /** Products with no catalog entry yet (their column types are known only once built). */
  readonly uncataloguedProducts: readonly ProductDefinition[];
  readonly seq: number;
  private readonly lake: CommittedLake;

  constructor(sources: LakeReadModelSources) {
    const { lake } = sources;
    const locations = sources.locations ?? { raw: 'raw', trusted: 'trusted' };
    this.lake = lake;
    this.seq = lake.seq;
    const entries = [...sources.catalogued];
    const catalogued = new Set(entries.map(qualifiedName));
    const at = (location: string, name: string) => `${location.replace(/\/+$/, '')}/${name}/`;
    for (const contract of sources.contracts) {
      const batches = this.commitsOf('trusted', contract.name);
      const last = batches.at(-1);
      if (!catalogued.has(`raw.${contract.name}`)) {
        entries.push(
          catalogEntryFromContract(contract, 'raw', {
            location: at(locations.raw, contract.name),
            rowCount: batches.reduce((n, e) => n + e.rows.read, 0),
            lastSuccessAt: last?.committedAt,
            upstream: [...new Set(batches.map((e) => `landing:${contract.name}/${e.file}`))].reverse(),
          }),
        );
      }
      if (!catalogued.has(`trusted.${contract.name}`)) {
        entries.push(
          catalogEntryFromContract(contract, 'trusted', {
            location: at(locations.trusted, contract.name),
            rowCount: batches.reduce((n, e) => n + e.rows.accepted, 0),
            lastSuccessAt: last?.committedAt,
            partitions: contract.partition ? [...(lake.trusted.get(contract.name)?.keys() ?? [])].sort() : [],
            qualityScore: last && sources.qualityScore ? sources.qualityScore(last.quality) : undefined,
          }),
        );
      }
    }
    entries.sort((a, b) => qualifiedName(a).localeCompare(qualifiedName(b)));
    this.entries = entries;
    this.catalogued = catalogued;
    this.uncataloguedProducts = sources.products.filter((p) => !catalogued.has(`curated.${p.name}`));
  }

  /** Commits that changed a dataset: its own batches (trusted, raw) or the commits that rebuilt it (curated). */
  commitsOf(zone: CatalogZone, name: string): CommittedBatch[] {
    return this.lake.entries.filter((e) => (zone === 'curated' ? name in e.curated : e.dataset === name));
  }

  /** The latest commit that changed a dataset, if any. */
  latestCommit(zone: CatalogZone, name: string): CommittedBatch | undefined {
    return this.commitsOf(zone, name).at(-1);
  }

  /**
   * Every dataset matching every word of `text` in its name, description, owner, columns or column
   * tags, saying where; name matches first. The CLI's `catalog search` and the server's search box.
   */
  search(text: string): LakeSearchHit[] {
    const searchable: Array<SearchableDataset & { hit: (matched: string[]) => LakeSearchHit }> = [
      ...this.entries.map((entry) => ({ ...entry, hit: (matched: string[]) => ({ zone: entry.zone, name: entry.name, matched, entry }) })),
      ...this.uncataloguedProducts.map((product) => ({
        zone: 'curated',
        name: product.name,
        description: product.description,
        columns: Object.keys(product.columnLineage).map((name) => ({ name })),
        hit: (matched: string[]) => ({ zone: 'curated' as const, name: product.name, matched, product }),
      })),
    ];
    return searchDatasets(searchable, text).map(({ dataset, matched }) => dataset.hit(matched));
  }

  /**
   * Entries for lineage: uncatalogued products join with their declared inputs and column lineage
   * (types unknown, so never shown or stored as such).
   */
  lineageEntries(): CatalogEntry[] {
    const products = this.uncataloguedProducts.map(
      (p): CatalogEntry => ({
        name: p.name,
        zone: 'curated',
        description: p.description,
        owner: 'unknown',
        contractVersion: 1,
        columns: Object.keys(p.columnLineage).map((name) => ({ name, type: 'string', description: '', pii: 'none', tags: [] })),
        location: p.name,
        format: 'parquet',
        partitionKeys: [],
        partitions: [],
        rowCount: 0,
        bytes: 0,
        createdAt: new Date(0).toISOString(),
        updatedAt: new Date(0).toISOString(),
        upstream: [...p.inputs],
        columnLineage: Object.fromEntries(Object.entries(p.columnLineage).map(([k, v]) => [k, [...v]])),
      }),
    );
    return [...this.entries, ...products];
  }
}
