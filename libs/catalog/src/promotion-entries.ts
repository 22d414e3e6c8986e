import { CatalogEntrySchema, qualifiedName, type CatalogColumn, type CatalogEntry } from './catalog-entry';
import { catalogEntryFromContract } from './entry-from-contract';
import { portableTypeFromDuckDb } from './portable-column-type';
import type { CuratedProductBuilt, Promotion } from './promotion';

/** Landing files named in a raw entry's upstream; older ones drop off so the entry stays small. */
export const LANDING_FILES_KEPT = 20;

/** Columns quarantine adds to the contract's: why a row was held, and an unparseable record's text. */
const QUARANTINE_COLUMNS: readonly CatalogColumn[] = [
  {
    name: '_violations',
    type: 'array<struct<rule:string,reason:string>>',
    description: 'Rule ids and reasons the row was not accepted.',
    pii: 'none',
    tags: ['quarantine'],
  },
  {
    name: '_line',
    type: 'string',
    description: 'Text of a record that could not be parsed (encrypted at rest).',
    pii: 'direct',
    tags: ['quarantine'],
  },
];

/**
 * The catalog entries a committed promotion writes: raw, quarantine and trusted for the dataset,
 * and every curated product it rebuilt. `previous` holds the current entries (by qualified name)
 * so counts, partitions and landing files accumulate across batches.
 */
export function promotionEntries(promotion: Promotion, previous: ReadonlyMap<string, CatalogEntry>): CatalogEntry[] {
  const { contract, locations, rows } = promotion;
  const dataset = contract.name;
  const now = promotion.finishedAt;
  const prior = (zone: string) => previous.get(`${zone}.${dataset}`);
  const at = (base: string) => `${base.replace(/\/+$/, '')}/${dataset}/`;

  const landing = `landing:${dataset}/${promotion.file}`;
  const raw = catalogEntryFromContract(contract, 'raw', {
    location: at(locations.raw),
    now,
    rowCount: (prior('raw')?.rowCount ?? 0) + rows.read,
    bytes: (prior('raw')?.bytes ?? 0) + (promotion.bytes?.raw ?? 0),
    upstream: [landing, ...(prior('raw')?.upstream ?? []).filter((u) => u !== landing)].slice(0, LANDING_FILES_KEPT),
  });
  const quarantine = catalogEntryFromContract(contract, 'quarantine', {
    location: at(locations.quarantine),
    now,
    rowCount: (prior('quarantine')?.rowCount ?? 0) + rows.quarantined,
    bytes: (prior('quarantine')?.bytes ?? 0) + (promotion.bytes?.quarantine ?? 0),
    extraColumns: QUARANTINE_COLUMNS,
  });
  const trusted = catalogEntryFromContract(contract, 'trusted', {
    location: at(locations.trusted),
    now,
    partitions: trustedPartitions(prior('trusted')?.partitions ?? [], promotion),
    rowCount: promotion.trustedRowCount ?? (prior('trusted')?.rowCount ?? 0) + rows.accepted,
    bytes: (prior('trusted')?.bytes ?? 0) + (promotion.bytes?.trusted ?? 0),
  });
  const entries = [raw, quarantine, trusted];
  const all = new Map([...previous, ...entries.map((e) => [qualifiedName(e), e] as const)]);
  for (const product of promotion.curated ?? []) entries.push(curatedEntry(product, promotion, all));
  // Times the catalog already knows survive: lastSuccessAt and qualityScore move with recordBatch.
  return entries.map((entry) => {
    const before = previous.get(qualifiedName(entry));
    return before ? { ...entry, lastSuccessAt: before.lastSuccessAt, qualityScore: before.qualityScore } : entry;
  });
}

/** Partition paths after the batch: earlier ones, plus rewritten ones, minus emptied ones. */
function trustedPartitions(before: readonly string[], promotion: Promotion): string[] {
  // An unpartitioned dataset keeps all its rows under the single path `all`, which is no partition.
  if (!promotion.contract.partition) return [];
  const partitions = new Set(before);
  for (const [partition, key] of Object.entries(promotion.trustedPartitions ?? {})) {
    if (key === null) partitions.delete(partition);
    else partitions.add(partition);
  }
  return [...partitions].sort();
}

function curatedEntry(product: CuratedProductBuilt, promotion: Promotion, entries: ReadonlyMap<string, CatalogEntry>): CatalogEntry {
  const { model } = product;
  const columns = product.columns.map((column): CatalogColumn => {
    const sources = model.columnLineage[column.name] ?? [];
    return {
      name: column.name,
      type: portableTypeFromDuckDb(column.type, column.name),
      description: sources.length ? `Computed from ${sources.join(', ')}.` : 'Computed by the model.',
      pii: column.pii ?? inheritedPii(column.name, portableTypeFromDuckDb(column.type, column.name), sources, entries),
      tags: ['curated'],
    };
  });
  return CatalogEntrySchema.parse({
    name: model.name,
    zone: 'curated',
    description: model.description,
    owner: promotion.contract.owner,
    // Curated products have no contract of their own; their shape is versioned by the model.
    contractVersion: 1,
    columns,
    location: `${promotion.locations.curated.replace(/\/+$/, '')}/${model.name}/`,
    format: 'parquet',
    partitionKeys: [],
    partitions: [],
    rowCount: product.rows,
    bytes: product.bytes ?? 0,
    createdAt: promotion.finishedAt,
    updatedAt: promotion.finishedAt,
    upstream: [...model.inputs],
    columnLineage: Object.fromEntries(Object.entries(model.columnLineage).map(([column, sources]) => [column, [...sources]])),
  });
}

/**
 * A column passed through unchanged keeps its source's PII class, and text derived from one
 * identifier (a pseudonymous key) is still an identifier; counts and rates are `none`.
 */
function inheritedPii(
  name: string,
  type: string,
  sources: readonly string[],
  entries: ReadonlyMap<string, CatalogEntry>,
): CatalogColumn['pii'] {
  if (sources.length !== 1) return 'none';
  const [zone, dataset, column] = sources[0].split('.');
  const pii = entries.get(`${zone}.${dataset}`)?.columns.find((c) => c.name === column)?.pii ?? 'none';
  if (column === name) return pii;
  return pii === 'identifier' && type === 'string' ? 'identifier' : 'none';
}
