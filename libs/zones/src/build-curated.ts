import type { Engine } from '@acad/engine';
import { sqlLiteral } from '@acad/schemas';
import type { CuratedModel } from './models/index';

/**
 * Builds curated products in full from trusted inputs (GROUP BY over trusted Parquet is fast
 * enough that a full rebuild is the simplest way to equal a full rebuild).
 * `inputs` maps `trusted.<dataset>` to local Parquet files (empty: no data yet).
 */
export async function buildCuratedModels(
  engine: Engine,
  models: readonly CuratedModel[],
  inputs: ReadonlyMap<string, string[]>,
  outputPath: (name: string) => string,
  columnsOf: (input: string) => string[],
): Promise<Map<string, { path: string; rows: number }>> {
  const needed = new Set(models.flatMap((m) => m.inputs));
  for (const input of needed) {
    const files = inputs.get(input) ?? [];
    const select =
      files.length > 0
        ? `SELECT * FROM read_parquet([${files.map(sqlLiteral).join(', ')}], union_by_name = true)`
        : `SELECT ${columnsOf(input).map((c) => `NULL::VARCHAR AS "${c}"`).join(', ')} WHERE false`;
    await engine.registerView(input, select);
  }
  const built = new Map<string, { path: string; rows: number }>();
  for (const model of models) {
    if (model.requiredInputs.some((i) => (inputs.get(i) ?? []).length === 0)) continue;
    const path = outputPath(`${model.name}.parquet`);
    const rows = await engine.writeParquet(model.sql, path);
    built.set(model.name, { path, rows });
  }
  return built;
}
