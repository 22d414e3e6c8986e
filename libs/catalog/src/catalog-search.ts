import { qualifiedName, type CatalogEntry } from './catalog-entry';

/** An entry that matched a search, and where: `name`, `description`, `owner` or `column <name>`. */
export interface CatalogMatch {
  entry: CatalogEntry;
  matched: string[];
}

/**
 * Entries matching every word of `text` (case-insensitive) in their name, zone, description,
 * owner, columns or tags, each with the places its words were found. Name matches rank first,
 * then alphabetical by qualified name.
 */
export function searchCatalog(entries: readonly CatalogEntry[], text: string): CatalogMatch[] {
  const words = searchWords(text);
  if (words.length === 0) return [...entries].sort(byQualifiedName).map((entry) => ({ entry, matched: [] }));
  const scored = entries
    .map((entry) => {
      const name = qualifiedName(entry).toLowerCase();
      const matched = matchedPlaces(words, [
        { where: 'name', text: name },
        { where: 'description', text: entry.description },
        { where: 'owner', text: entry.owner },
        ...entry.columns.map((c) => ({ where: `column ${c.name}`, text: [c.name, c.description, c.type, ...c.tags].join('\n') })),
      ]);
      return matched && { entry, matched, nameHits: words.filter((w) => name.includes(w)).length };
    })
    .filter((s) => s !== undefined);
  return scored
    .sort((a, b) => b.nameHits - a.nameHits || byQualifiedName(a.entry, b.entry))
    .map(({ entry, matched }) => ({ entry, matched }));
}

/** The lower-case words of a search text. */
export function searchWords(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * Where `words` (lower case) were found among `places`, when every word is found in one of them;
 * undefined otherwise. Matching is case-insensitive substring matching.
 */
export function matchedPlaces(words: readonly string[], places: ReadonlyArray<{ where: string; text: string }>): string[] | undefined {
  const hits = places.filter((p) => words.some((w) => p.text.toLowerCase().includes(w)));
  return words.every((w) => hits.some((p) => p.text.toLowerCase().includes(w))) ? hits.map((p) => p.where) : undefined;
}

/** The entries of {@link searchCatalog}, without where they matched. */
export function searchEntries(entries: readonly CatalogEntry[], text: string): CatalogEntry[] {
  return searchCatalog(entries, text).map((m) => m.entry);
}

function byQualifiedName(a: CatalogEntry, b: CatalogEntry): number {
  return qualifiedName(a).localeCompare(qualifiedName(b));
}
