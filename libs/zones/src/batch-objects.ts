import type { Engine } from '@acad/engine';
import { sqlIdent, sqlLiteral } from '@acad/schemas';

/**
 * Drops every view and table a batch left in the engine (each promotion names its objects with
 * the batch id), so a shared engine can serve the next batch.
 */
export async function dropBatchObjects(engine: Engine, batchId: string): Promise<void> {
  const id = sqlLiteral(batchId);
  const views = await engine.query<{ name: string }>(`SELECT view_name AS name FROM duckdb_views() WHERE NOT internal AND contains(view_name, ${id})`);
  for (const { name } of views) await engine.run(`DROP VIEW IF EXISTS ${sqlIdent(name)}`);
  const tables = await engine.query<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE contains(table_name, ${id})`);
  for (const { name } of tables) await engine.run(`DROP TABLE IF EXISTS ${sqlIdent(name)}`);
}
