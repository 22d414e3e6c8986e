import type { CatalogEntry } from './catalog-entry';

/**
 * An entry that matched a search, and where: `name`, `description`, `owner`, `column <name>` (the
 * column's name), `column <name> (description)` or `column <name> (tag <tag>)`.
 */
export interface CatalogMatch {
  entry: CatalogEntry;
  matched: string[];
}

/** What a search reads of a dataset: an entry, or a product known only by its definition. */
export interface SearchableDataset {
  readonly zone: string;
  readonly name: string;
  readonly description: string;
  readonly owner?: string;
  readonly columns: ReadonlyArray<{ readonly name: string; readonly description?: string; readonly tags?: readonly string[] }>;
}

/**
 * Entries matching every word of `text` (case-insensitive) in their name, zone, description,
 * owner, columns or tags, each with the places its words were found. Name matches rank first,
 * then alphabetical by qualified name.
 */
export function searchCatalog(entries: readonly CatalogEntry[], text: string): CatalogMatch[] {
  return searchDatasets(entries, text).map(({ dataset, matched }) => ({ entry: dataset, matched }));
}

/** {@link searchCatalog} over anything searchable: matches, name matches first, then by qualified name. */
export function searchDatasets<T extends SearchableDataset>(
  datasets: readonly T[],
  text: string,
): Array<{ dataset: T; matched: string[] }> {
  const words = searchWords(text);
  const byName = (a: T, b: T) => `${a.zone}.${a.name}`.localeCompare(`${b.zone}.${b.name}`);
  if (words.length === 0) return [...datasets].sort(byName).map((dataset) => ({ dataset, matched: [] }));
  return datasets
    .flatMap((dataset) => {
      const name = `${dataset.zone}.${dataset.name}`.toLowerCase();
      const matched = matchedPlaces(words, searchPlaces(dataset));
      return matched ? [{ dataset, matched: withoutColumnDetail(matched), nameHits: words.filter((w) => name.includes(w)).length }] : [];
    })
    .sort((a, b) => b.nameHits - a.nameHits || byName(a.dataset, b.dataset))
    .map(({ dataset, matched }) => ({ dataset, matched }));
}

/** The places of a dataset a search looks in, each named as a match reports it. */
function searchPlaces(dataset: SearchableDataset): Array<{ where: string; text: string }> {
  return [
    { where: 'name', text: `${dataset.zone}.${dataset.name}` },
    { where: 'description', text: dataset.description },
    ...(dataset.owner === undefined ? [] : [{ where: 'owner', text: dataset.owner }]),
    ...dataset.columns.flatMap((c) => [
      { where: `column ${c.name}`, text: c.name },
      ...(c.description ? [{ where: `column ${c.name} (description)`, text: c.description }] : []),
      ...(c.tags ?? []).map((tag) => ({ where: `column ${c.name} (tag ${tag})`, text: tag })),
    ]),
  ];
}

/** A column whose name matched is reported by its name alone, not again for its description or tags. */
function withoutColumnDetail(matched: readonly string[]): string[] {
  const named = new Set(matched.filter((m) => m.startsWith('column ') && !m.includes(' (')));
  return matched.filter((m) => !m.includes(' (') || !named.has(m.slice(0, m.indexOf(' ('))));
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
