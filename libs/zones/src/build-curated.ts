import type { Engine } from '@acad/engine';
import { getContract, sqlIdent } from '@acad/schemas';
import type { CuratedModel } from './models/index';

/**
 * Registers each input of `models` as the view the models read (`trusted.<dataset>`): `sources`
 * maps an input to a SELECT of its current rows, or null when it has none yet (an empty view).
 */
export async function registerCuratedInputs(
  engine: Engine,
  models: readonly CuratedModel[],
  sources: ReadonlyMap<string, string | null>,
): Promise<void> {
  for (const input of new Set(models.flatMap((m) => m.inputs))) {
    const select =
      sources.get(input) ??
      `SELECT ${getContract(input.slice('trusted.'.length))
        .columns.map((c) => `NULL::VARCHAR AS ${sqlIdent(c.name)}`)
        .join(', ')} WHERE false`;
    await engine.registerView(input, select);
  }
}

/** Models of `models` whose required inputs have data in `sources`. */
export function buildable(models: readonly CuratedModel[], sources: ReadonlyMap<string, string | null>): CuratedModel[] {
  return models.filter((model) => model.requiredInputs.every((input) => sources.get(input)));
}

/**
 * Builds curated products in full from their trusted inputs (registered by
 * `registerCuratedInputs`); a model whose required inputs have no data is left out.
 */
export async function buildCuratedModels(
  engine: Engine,
  models: readonly CuratedModel[],
  sources: ReadonlyMap<string, string | null>,
  outputPath: (name: string) => string,
): Promise<Map<string, { path: string; rows: number }>> {
  await registerCuratedInputs(engine, models, sources);
  const built = new Map<string, { path: string; rows: number }>();
  for (const model of buildable(models, sources)) {
    const path = outputPath(`${model.name}.parquet`);
    const rows = await engine.writeParquet(model.sql, path);
    built.set(model.name, { path, rows });
  }
  return built;
}
