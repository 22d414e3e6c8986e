import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DuckDbEngine } from '@acad/engine';
import { datasetFiles, type LakeSnapshot } from './commit-log';
import type { LakeQuery } from './open-lake-query';

/**
 * What one audience of the lake sees: relation (`trusted.attendance`, `curated.attendance_weekly`)
 * → a SELECT over the committed lake (naming relations the same way) whose rows the audience gets
 * under that name. A relation not in the lake is left out.
 */
export type ServingDefinition = Readonly<Record<string, string>>;

/** A database file to attach READ_ONLY under its alias. */
export interface ServingDatabase {
  alias: string;
  path: string;
}

/** An audience's serving snapshot of the lake at commit `seq`. */
export interface ServingSnapshot {
  seq: number;
  /**
   * Attach these READ_ONLY in this order: the relation files, then the catalog (alias `lake`, the
   * default database), whose views name each relation as `zone.name` over its file.
   */
  databases: ServingDatabase[];
  relations: string[];
}

/** One relation file: a table `main.relation` holding the rows of `sql` over `sources`. */
export interface PlannedRelation {
  relation: string;
  sql: string;
  alias: string;
  path: string;
}

export interface PlannedSnapshot {
  catalog: string;
  relations: PlannedRelation[];
}

export const SERVING_CATALOG_ALIAS = 'lake';
// Changes to the layout below change every name, so files of an older layout are never reused.
const LAYOUT = 'serving-v1';

const digest = (parts: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify([LAYOUT, parts]))
    .digest('hex')
    .slice(0, 20);

/** The committed objects a relation is read from; undefined when the lake does not hold it. */
export function relationSources(snapshot: LakeSnapshot, relation: string): string[] | undefined {
  const [zone, name] = relation.split('.');
  if (zone === 'trusted') {
    const keys = datasetFiles(snapshot, name);
    return keys.length > 0 ? [...keys].sort() : undefined;
  }
  const key = zone === 'curated' ? snapshot.curated.get(name) : undefined;
  return key === undefined ? undefined : [key];
}

/**
 * The files an audience's snapshot is made of, named by what they hold: a relation file by its
 * definition and the committed objects it reads (objects never change once committed), a catalog
 * by the relation files it names. So audiences with the same definition share a relation file,
 * and a commit rebuilds only the relations whose objects it changed.
 */
export function planServingSnapshot(snapshot: LakeSnapshot, dir: string, definition: ServingDefinition): PlannedSnapshot {
  const relations: PlannedRelation[] = [];
  for (const [relation, sql] of Object.entries(definition).sort(([a], [b]) => a.localeCompare(b))) {
    const sources = relationSources(snapshot, relation);
    if (sources === undefined) continue;
    const hash = digest([relation, sql, sources]);
    relations.push({ relation, sql, alias: `r_${hash}`, path: join(dir, `rel-${hash}.duckdb`) });
  }
  const catalog = join(dir, `lake-${digest(relations.map((r) => [r.relation, r.alias]))}.duckdb`);
  return { catalog, relations };
}

/** The snapshot as its readers attach it. */
export function servingSnapshotOf(seq: number, plan: PlannedSnapshot): ServingSnapshot {
  return {
    seq,
    databases: [...plan.relations.map((r) => ({ alias: r.alias, path: r.path })), { alias: SERVING_CATALOG_ALIAS, path: plan.catalog }],
    relations: plan.relations.map((r) => r.relation),
  };
}

/**
 * A locked-down engine over a serving snapshot: its files attached READ_ONLY, nothing copied into
 * memory (DuckDB pages them), no file reachable and no write possible.
 */
export async function openServingSnapshot(
  snapshot: ServingSnapshot,
  options: { memoryLimit?: string; threads?: number } = {},
): Promise<LakeQuery> {
  const engine = await DuckDbEngine.openReadOnly(snapshot.databases, options);
  return { engine, relations: [...snapshot.relations], close: () => engine.close() };
}
