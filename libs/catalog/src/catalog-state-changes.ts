import { qualifiedName, type BatchRecord, type CatalogEntry } from './catalog-entry';

/** The entries after upserting `upserts`: an entry replaces the one of its (zone, name), keeping the first createdAt. */
export function withUpserts(entries: readonly CatalogEntry[], upserts: readonly CatalogEntry[]): CatalogEntry[] {
  let next = [...entries];
  for (const entry of upserts) {
    const existing = next.find((e) => e.zone === entry.zone && e.name === entry.name);
    next = [...next.filter((e) => e !== existing), { ...entry, createdAt: existing?.createdAt ?? entry.createdAt }];
  }
  return next.sort((a, b) => qualifiedName(a).localeCompare(qualifiedName(b)));
}

/**
 * The entries after a batch is recorded: a committed batch sets `lastSuccessAt` of its outputs
 * (unless a later success is known), and the dataset's `qualityScore`. Null: nothing changes.
 */
export function withBatch(entries: readonly CatalogEntry[], batch: BatchRecord): CatalogEntry[] | null {
  if (batch.status !== 'committed') return null;
  let changed = false;
  const next = entries.map((entry) => {
    if (!batch.outputs.includes(qualifiedName(entry))) return entry;
    const newer = !entry.lastSuccessAt || Date.parse(batch.finishedAt) >= Date.parse(entry.lastSuccessAt);
    if (!newer) return entry;
    changed = true;
    return { ...entry, lastSuccessAt: batch.finishedAt, ...(entry.name === batch.dataset ? { qualityScore: batch.quality.score } : {}) };
  });
  return changed ? next : null;
}
