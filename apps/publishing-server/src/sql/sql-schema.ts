import type { Role } from '@acad/access';
import type { LakeSnapshot } from '@acad/zones';
import type { OpenLake } from '../data/lake-cache';
import { PUBLISHED_DATASETS } from '../data/published-datasets';
import { servedRelation } from '../serving/served-relation';

export interface SqlSchemaTable {
  /** `zone.name`, as SQL names it. */
  name: string;
  description: string;
  columns: Array<{ name: string; type: string }>;
}

// Per lake commit and role: the answer changes only when the lake does.
const schemas = new WeakMap<LakeSnapshot, Map<Role, Promise<SqlSchemaTable[]>>>();

/**
 * The tables and columns a role's SQL can name, for the editor's completion: each relation of the
 * role's serving snapshot, described by DuckDB from the very SELECT that builds it (`servedRelation`),
 * so a table or column the role cannot query is never listed. Masked columns are listed (they are
 * queryable and hold a mask); removed ones are not.
 */
export function sqlSchemaFor(open: OpenLake, role: Role): Promise<SqlSchemaTable[]> {
  let byRole = schemas.get(open.snapshot);
  if (!byRole) schemas.set(open.snapshot, (byRole = new Map()));
  let schema = byRole.get(role);
  if (!schema) {
    schema = describeServed(open, role);
    byRole.set(role, schema);
    schema.catch(() => byRole.delete(role));
  }
  return schema;
}

async function describeServed(open: OpenLake, role: Role): Promise<SqlSchemaTable[]> {
  const tables: SqlSchemaTable[] = [];
  for (const dataset of PUBLISHED_DATASETS) {
    const name = `${dataset.zone}.${dataset.name}`;
    const select = servedRelation(role, dataset);
    if (select === undefined || !open.lake.relations.includes(name)) continue;
    const described = await open.lake.engine.query<{ column_name: string; column_type: string }>(`DESCRIBE ${select}`);
    tables.push({
      name,
      description: dataset.description,
      columns: described.map((c) => ({ name: c.column_name, type: c.column_type })),
    });
  }
  return tables;
}
