import { qualifiedName, type CatalogEntry } from './catalog-entry';
import { CatalogEntryNotFound } from './catalog-errors';

/** A dataset (`trusted.attendance`) or column (`trusted.attendance.status`) and what it links to. */
export interface LineageNode {
  readonly name: string;
  /** False when the name is referenced but not catalogued. */
  readonly known: boolean;
  /** True when this name already appears higher in the same path; its children are not repeated. */
  readonly cycle?: true;
  readonly children: readonly LineageNode[];
}

export interface Lineage {
  readonly upstream: LineageNode;
  readonly downstream: LineageNode;
}

/** Dataset-level lineage from each entry's declared `upstream` list, both directions. */
export function buildLineage(entries: readonly CatalogEntry[], name: string): Lineage {
  const byName = new Map(entries.map((e) => [qualifiedName(e), e]));
  if (!byName.has(name)) throw new CatalogEntryNotFound(name);
  const downstreamOf = new Map<string, string[]>();
  for (const entry of entries) {
    for (const source of entry.upstream) downstreamOf.set(source, [...(downstreamOf.get(source) ?? []), qualifiedName(entry)]);
  }
  const known = (n: string) => byName.has(n);
  return {
    upstream: tree(name, (n) => [...(byName.get(n)?.upstream ?? [])], known),
    downstream: tree(name, (n) => downstreamOf.get(n) ?? [], known),
  };
}

/**
 * Column-level lineage. An entry's `columnLineage` (declared by its SQL model) is used when present;
 * an entry without any declaration copies columns by name from its upstream datasets (zone to
 * zone promotion keeps column names).
 */
export function buildColumnLineage(entries: readonly CatalogEntry[], column: string): Lineage {
  const byName = new Map(entries.map((e) => [qualifiedName(e), e]));
  const parts = column.split('.');
  const owner = byName.get(parts.slice(0, 2).join('.'));
  if (!owner || parts.length !== 3 || !owner.columns.some((c) => c.name === parts[2])) throw new CatalogEntryNotFound(column);

  const sourcesOf = (col: string): string[] => {
    const [zone, dataset, name] = col.split('.');
    const entry = byName.get(`${zone}.${dataset}`);
    if (!entry) return [];
    if (entry.columnLineage) return [...(entry.columnLineage[name] ?? [])];
    return entry.upstream.filter((u) => byName.get(u)?.columns.some((c) => c.name === name)).map((u) => `${u}.${name}`);
  };
  const consumersOf = new Map<string, string[]>();
  for (const entry of entries) {
    for (const c of entry.columns) {
      const target = `${qualifiedName(entry)}.${c.name}`;
      for (const source of sourcesOf(target)) consumersOf.set(source, [...(consumersOf.get(source) ?? []), target]);
    }
  }
  const known = (col: string) => {
    const [zone, dataset, name] = col.split('.');
    return byName.get(`${zone}.${dataset}`)?.columns.some((c) => c.name === name) ?? false;
  };
  return { upstream: tree(column, sourcesOf, known), downstream: tree(column, (c) => consumersOf.get(c) ?? [], known) };
}

function tree(root: string, next: (name: string) => readonly string[], known: (name: string) => boolean): LineageNode {
  const visit = (name: string, path: ReadonlySet<string>): LineageNode => {
    if (path.has(name)) return { name, known: known(name), cycle: true, children: [] };
    const inner = new Set(path).add(name);
    const children = [...new Set(next(name))].sort().map((child) => visit(child, inner));
    return { name, known: known(name), children };
  };
  return visit(root, new Set());
}
