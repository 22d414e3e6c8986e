import type { Settings } from '@acad/config';
import { qualifiedName, type BatchRecord, type CatalogEntry, type ContractVersionRecord, type ProductDefinition } from '@acad/catalog';
import { qualityScore } from '@acad/quality';
import { DATASET_CONTRACTS, type ColumnSpec } from '@acad/schemas';
import { rebuildCatalog, type CatalogRebuild } from '@acad/zones';
import { openCatalogView, resolveDatasetName, type CatalogView } from './catalog-view';
import { runContext } from './compose';

export interface DatasetListing {
  name: string;
  zone: CatalogEntry['zone'];
  description: string;
  rows: number | null;
  bytes: number | null;
  lastSuccessAt: string | null;
  qualityScore: number | null;
  upstream: string[];
  /** `catalog`: recorded by the pipeline; `contract`: derived from the contract and commit log; `model`: a product not built yet. */
  source: 'catalog' | 'contract' | 'model';
  /** In search results: where the words were found (`name`, `description`, `owner`, `column <name>`, `column <name> (tag <tag>)`, …). */
  matched?: string[];
}

function listing(view: CatalogView, entry: CatalogEntry): DatasetListing {
  return {
    name: entry.name,
    zone: entry.zone,
    description: entry.description,
    rows: entry.rowCount,
    bytes: entry.bytes || null,
    lastSuccessAt: entry.lastSuccessAt ?? null,
    qualityScore: entry.qualityScore ?? null,
    upstream: [...entry.upstream],
    source: view.model.catalogued.has(qualifiedName(entry)) ? 'catalog' : 'contract',
  };
}

function modelListing(view: CatalogView, m: ProductDefinition): DatasetListing {
  return {
    name: m.name,
    zone: 'curated',
    description: m.description,
    rows: null,
    bytes: null,
    lastSuccessAt: view.model.latestCommit('curated', m.name)?.committedAt ?? null,
    qualityScore: null,
    upstream: [...m.inputs],
    source: 'model',
  };
}

function modelListings(view: CatalogView): DatasetListing[] {
  return view.model.uncataloguedProducts.map((m) => modelListing(view, m));
}

/** Every dataset in every zone and every product, ordered by qualified name. */
export async function listDatasets(settings: Settings): Promise<DatasetListing[]> {
  const view = await openCatalogView(settings);
  return [...view.model.entries.map((e) => listing(view, e)), ...modelListings(view)].sort((a, b) =>
    `${a.zone}.${a.name}`.localeCompare(`${b.zone}.${b.name}`),
  );
}

/** Datasets matching every word of `text` in names, descriptions, owners, columns or tags (the read model's search). */
export async function searchDatasets(settings: Settings, text: string): Promise<DatasetListing[]> {
  const view = await openCatalogView(settings);
  return view.model
    .search(text)
    .map((hit) => ({ ...(hit.entry ? listing(view, hit.entry) : modelListing(view, hit.product)), matched: hit.matched }));
}

export interface ShownColumn {
  name: string;
  /** The contract's type (text, integer, …) where a contract declares the column, else the stored type. */
  type: string;
  storedAs: string;
  required: boolean | null;
  pii: string;
  tags: string[];
  description: string;
  lineage?: string[];
}

export interface ShownDataset {
  name: string;
  zone: CatalogEntry['zone'];
  description: string;
  owner: string;
  contractVersion: number;
  key: string[];
  columns: ShownColumn[];
  location: string;
  partitionKeys: string[];
  partitions: number;
  rows: number;
  bytes: number;
  freshnessSlaHours: number | null;
  lastSuccessAt: string | null;
  /** The latest committed batch's score, from its rule counts (`latestCommitted` has the breakdown). */
  qualityScore: number | null;
  /** The latest committed batch's rule counts and rows (trusted datasets). */
  latestCommitted: Pick<BatchRecord, 'quality' | 'rows'> | null;
  upstream: string[];
  source: DatasetListing['source'];
  contractHistory: ContractVersionRecord[];
  recentBatches: BatchRecord[];
}

/** One dataset (`attendance` = trusted.attendance, or `zone.dataset`): columns with PII classes, key, lineage, history. */
export async function showDataset(settings: Settings, name: string): Promise<ShownDataset> {
  const view = await openCatalogView(settings);
  const entries = view.model.lineageEntries();
  const qualified = resolveDatasetName(entries, name);
  const entry = entries.find((e) => qualifiedName(e) === qualified) as CatalogEntry;
  const contract = entry.zone === 'curated' ? undefined : DATASET_CONTRACTS.find((c) => c.name === entry.name);
  const specs = new Map<string, ColumnSpec>((contract?.columns ?? []).map((c) => [c.name, c]));
  const uncataloguedModel = view.model.uncataloguedProducts.some((m) => `curated.${m.name}` === qualified);
  const recentBatches = contract ? await view.catalog.batches(contract.name, { limit: 5 }) : [];
  // Duplicates and rejected files judged nothing (and a duplicate's record shares its batch id): the
  // score is the latest committed batch's, from the commit log, else from the catalog's records.
  const latest =
    entry.zone === 'trusted'
      ? (view.model.latestCommit('trusted', entry.name) ?? recentBatches.find((b) => b.status === 'committed'))
      : undefined;
  return {
    name: entry.name,
    zone: entry.zone,
    description: entry.description,
    owner: entry.owner,
    contractVersion: entry.contractVersion,
    key: [...(contract?.key ?? [])],
    columns: entry.columns.map((c) => ({
      name: c.name,
      type: specs.get(c.name)?.type ?? (uncataloguedModel ? '?' : c.type),
      storedAs: c.type,
      required: specs.get(c.name)?.required ?? null,
      pii: c.pii,
      tags: [...c.tags],
      description: c.description,
      ...(entry.columnLineage?.[c.name] ? { lineage: [...entry.columnLineage[c.name]] } : {}),
    })),
    location: entry.location,
    partitionKeys: [...entry.partitionKeys],
    partitions: entry.partitions.length,
    rows: entry.rowCount,
    bytes: entry.bytes,
    freshnessSlaHours: entry.freshnessSlaHours ?? null,
    lastSuccessAt: entry.lastSuccessAt ?? null,
    qualityScore: latest ? qualityScore(latest.quality) : (entry.qualityScore ?? null),
    latestCommitted: latest ? { quality: latest.quality, rows: latest.rows } : null,
    upstream: [...entry.upstream],
    source: uncataloguedModel ? 'model' : view.model.catalogued.has(qualified) ? 'catalog' : 'contract',
    contractHistory: contract ? await view.catalog.contractHistory(contract.name) : [],
    recentBatches,
  };
}

/** `acad catalog rebuild`: committed batches the catalog does not know, recorded from the commit log. */
export async function rebuildCatalogFromLog(settings: Settings): Promise<CatalogRebuild> {
  return rebuildCatalog(await runContext(settings));
}
