import type { Engine } from '@acad/engine';
import { DUCKDB_DIALECT, sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import { buildable, buildCuratedModels, registerCuratedInputs } from './build-curated';
import type { LakeSnapshot } from './commit-log';
import { stageCommittedFile } from './committed-files';
import { feedingRowsSql, mergeRefreshSql, touchedGroupsSql } from './curated-refresh-sql';
import { modelsReading, type CuratedModel } from './models/index';
import type { PrivateStaging } from './private-staging';
import type { TrustedPromotion } from './promote-raw-to-trusted';
import { stageTrustedFiles, trustedSelect } from './trusted-snapshot-files';
import type { ZoneContext } from './zone-context';

/** How a batch brought a product up to date. */
export type CuratedRefresh = 'incremental' | 'full';

export interface RefreshedProduct {
  path: string;
  rows: number;
  refresh: CuratedRefresh;
}

/**
 * Brings the curated products that read the batch's dataset up to date with trusted after the
 * batch (embedded engine). A product is refreshed incrementally: the groups the batch's changed
 * rows (new values and the values they replaced) fall in are recomputed from the trusted rows
 * that feed them and merged into the current product. It is built in full when it has no
 * current file, earlier batches left it stale, the batch's dataset is one the model rebuilds on
 * (`groupsOf: 'rebuild'`), or its columns are not the model's any more (the model changed).
 */
export async function refreshCuratedForBatch(
  engine: Engine,
  snapshot: LakeSnapshot,
  ctx: ZoneContext,
  staging: PrivateStaging,
  contract: DatasetContract,
  trusted: TrustedPromotion,
): Promise<Map<string, RefreshedProduct>> {
  const models = modelsReading(contract.name);
  const sources = await trustedAfterBatch(snapshot, ctx, staging, contract.name, trusted, models);
  await registerCuratedInputs(engine, models, sources);
  const refreshed = new Map<string, RefreshedProduct>();
  const full: CuratedModel[] = [];
  for (const model of buildable(models, sources)) {
    const path = staging.path(`${model.name}.parquet`);
    const rows = await refreshIncrementally(engine, snapshot, ctx, staging, model, `trusted.${contract.name}`, trusted.changedRows, path);
    if (rows === null) full.push(model);
    else refreshed.set(model.name, { path, rows, refresh: 'incremental' });
  }
  for (const [name, built] of await buildCuratedModels(engine, full, sources, (n) => staging.path(n)))
    refreshed.set(name, { ...built, refresh: 'full' });
  return refreshed;
}

/** Each input of `models` as a SELECT over its staged trusted files after the batch, or null when it has none. */
async function trustedAfterBatch(
  snapshot: LakeSnapshot,
  ctx: ZoneContext,
  staging: PrivateStaging,
  dataset: string,
  trusted: TrustedPromotion,
  models: readonly CuratedModel[],
): Promise<Map<string, string | null>> {
  const sources = new Map<string, string | null>();
  for (const input of new Set(models.flatMap((m) => m.inputs))) {
    const name = input.slice('trusted.'.length);
    if (name === dataset) {
      // The dataset after this batch: the changed partitions' files plus the untouched partitions'.
      const untouched = [...(snapshot.trusted.get(name)?.keys() ?? [])].filter((p) => !trusted.partitions.has(p));
      const { files } = await stageTrustedFiles(snapshot, ctx.stores.trusted, staging, name, untouched);
      sources.set(input, trustedSelect([...trusted.changedPartitionFiles, ...files]));
    } else {
      const { files } = await stageTrustedFiles(snapshot, ctx.stores.trusted, staging, name);
      sources.set(input, trustedSelect(files));
    }
  }
  return sources;
}

/**
 * Writes `model`'s product after a batch of `input` whose changed rows are `changedRows` to
 * `path`: the current product with the touched groups recomputed. Returns its rows, or null when
 * the product must be built in full instead.
 */
async function refreshIncrementally(
  engine: Engine,
  snapshot: LakeSnapshot,
  ctx: ZoneContext,
  staging: PrivateStaging,
  model: CuratedModel,
  input: string,
  changedRows: string,
  path: string,
): Promise<number | null> {
  const currentKey = snapshot.curated.get(model.name);
  const touchedSql = touchedGroupsSql(DUCKDB_DIALECT, model, input, changedRows);
  if (currentKey === undefined || snapshot.staleCurated.has(model.name) || touchedSql === null) return null;
  const current = `read_parquet(${sqlLiteral(await stageCommittedFile(staging, snapshot, 'curated', ctx.stores.curated, currentKey))})`;
  if (!(await sameColumns(engine, `SELECT * FROM ${current}`, model.sql))) return null;
  const touched = sqlIdent(`touched_${model.name}`);
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${touched} AS ${touchedSql}`);
  try {
    const sql = mergeRefreshSql(DUCKDB_DIALECT, model, current, touched, (name) =>
      feedingRowsSql(DUCKDB_DIALECT, model, name, name, touched),
    );
    return await engine.writeParquet(sql, path);
  } finally {
    await engine.run(`DROP TABLE IF EXISTS ${touched}`);
  }
}

/** True when two queries give the same column names and types, in order. */
async function sameColumns(engine: Engine, a: string, b: string): Promise<boolean> {
  const describe = async (sql: string) =>
    JSON.stringify(
      (await engine.query<{ column_name: string; column_type: string }>(`DESCRIBE ${sql}`)).map((c) => [c.column_name, c.column_type]),
    );
  return (await describe(a)) === (await describe(b));
}
