import type { Engine } from '@acad/engine';
import { sqlIdent, sqlLiteral } from '@acad/schemas';

/**
 * Drops every view and table one or more batches left in the engine (each promotion names its
 * objects with the batch id), so a shared engine can serve the next batch.
 */
export async function dropBatchObjects(engine: Engine, batchIds: string | readonly string[]): Promise<void> {
  const ids = typeof batchIds === 'string' ? [batchIds] : batchIds;
  if (ids.length === 0) return;
  const named = (column: string) => `(${ids.map((id) => `contains(${column}, ${sqlLiteral(id)})`).join(' OR ')})`;
  const objects = await engine.query<{ name: string; kind: string }>(
    `SELECT view_name AS name, 'VIEW' AS kind FROM duckdb_views() WHERE NOT internal AND ${named('view_name')}
     UNION ALL SELECT table_name, 'TABLE' FROM duckdb_tables() WHERE ${named('table_name')}`,
  );
  if (objects.length > 0) await engine.run(objects.map(({ name, kind }) => `DROP ${kind} IF EXISTS ${sqlIdent(name)};`).join('\n'));
}
