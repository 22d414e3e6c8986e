import { qualifiedName, type CatalogEntry } from './catalog-entry';

/**
 * Entries matching every word of `text` (case-insensitive) in their name, zone, description,
 * owner, columns or tags. Name matches rank first, then alphabetical by qualified name.
 */
export function searchEntries(entries: readonly CatalogEntry[], text: string): CatalogEntry[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...entries].sort(byQualifiedName);
  const scored = entries
    .map((entry) => {
      const name = qualifiedName(entry).toLowerCase();
      const haystack = [name, entry.description, entry.owner, ...entry.columns.flatMap((c) => [c.name, c.description, c.type, ...c.tags])]
        .join('\n')
        .toLowerCase();
      if (!words.every((w) => haystack.includes(w))) return undefined;
      return { entry, nameHits: words.filter((w) => name.includes(w)).length };
    })
    .filter((s): s is { entry: CatalogEntry; nameHits: number } => s !== undefined);
  return scored.sort((a, b) => b.nameHits - a.nameHits || byQualifiedName(a.entry, b.entry)).map((s) => s.entry);
}

function byQualifiedName(a: CatalogEntry, b: CatalogEntry): number {
  return qualifiedName(a).localeCompare(qualifiedName(b));
}
