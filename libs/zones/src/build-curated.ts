import type { Engine } from '@acad/engine';
import { sqlIdent } from '@acad/schemas';
import type { CuratedModel } from './models/index';

/**
 * Builds curated products in full from their trusted inputs (a GROUP BY over trusted is fast,
 * and a full rebuild trivially equals a full rebuild). `sources` maps `trusted.<dataset>` to a
 * SELECT of its current rows, or null when it has none yet.
 */
export async function buildCuratedModels(
  engine: Engine,
  models: readonly CuratedModel[],
  sources: ReadonlyMap<string, string | null>,
  outputPath: (name: string) => string,
  columnsOf: (input: string) => string[],
): Promise<Map<string, { path: string; rows: number }>> {
  const needed = new Set(models.flatMap((m) => m.inputs));
  for (const input of needed) {
    const select =
      sources.get(input) ??
      `SELECT ${columnsOf(input)
        .map((c) => `NULL::VARCHAR AS ${sqlIdent(c)}`)
        .join(', ')} WHERE false`;
    await engine.registerView(input, select);
  }
  const built = new Map<string, { path: string; rows: number }>();
  for (const model of models) {
    if (model.requiredInputs.some((i) => !sources.get(i))) continue;
    const path = outputPath(`${model.name}.parquet`);
    const rows = await engine.writeParquet(model.sql, path);
    built.set(model.name, { path, rows });
  }
  return built;
}
