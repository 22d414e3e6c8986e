import type { Engine } from '@acad/engine';
import { DUCKDB_DIALECT, sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import { buildable, buildCuratedModels, registerCuratedInputs } from './build-curated';
import type { LakeSnapshot } from './commit-log';
import { stageCommittedFile } from './committed-files';
import {
  feedingRowsSql,
  mergeRefreshSql,
  replaceDeltaSql,
  replacedGroupsSql,
  touchedColumn,
  touchedGroupsSql,
} from './curated-refresh-sql';
import { modelsReading, type CuratedModel } from './models/index';
import type { PrivateStaging } from './private-staging';
import type { TrustedPromotion } from './promote-raw-to-trusted';
import { partitionExpression } from './trusted-layout';
import { stageTrustedFiles, trustedSelect, type StagedTrustedFile } from './trusted-snapshot-files';
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
  const { sources, batchDataset } = await trustedAfterBatch(snapshot, ctx, staging, contract.name, trusted, models);
  await registerCuratedInputs(engine, models, sources);
  const input = { name: `trusted.${contract.name}`, contract, files: batchDataset, changedRows: trusted.changedRows };
  const refreshed = new Map<string, RefreshedProduct>();
  const full: CuratedModel[] = [];
  for (const model of buildable(models, sources)) {
    const path = staging.path(`${model.name}.parquet`);
    const rows = await refreshIncrementally(engine, snapshot, ctx, staging, model, input, path);
    if (rows === null) full.push(model);
    else refreshed.set(model.name, { path, rows, refresh: 'incremental' });
  }
  for (const [name, built] of await buildCuratedModels(engine, full, sources, (n) => staging.path(n)))
    refreshed.set(name, { ...built, refresh: 'full' });
  return refreshed;
}

/**
 * Each input of `models` as a SELECT over its staged trusted files after the batch, or null when
 * it has none; and the files of the batch's dataset after the batch.
 */
async function trustedAfterBatch(
  snapshot: LakeSnapshot,
  ctx: ZoneContext,
  staging: PrivateStaging,
  dataset: string,
  trusted: TrustedPromotion,
  models: readonly CuratedModel[],
): Promise<{ sources: Map<string, string | null>; batchDataset: StagedTrustedFile[] }> {
  const sources = new Map<string, string | null>();
  let batchDataset: StagedTrustedFile[] = [];
  for (const input of new Set(models.flatMap((m) => m.inputs))) {
    const name = input.slice('trusted.'.length);
    if (name === dataset) {
      // The dataset after this batch: the changed partitions' files plus the untouched partitions'.
      const untouched = [...(snapshot.trusted.get(name)?.keys() ?? [])].filter((p) => !trusted.partitions.has(p));
      const { files } = await stageTrustedFiles(snapshot, ctx.stores.trusted, staging, name, untouched);
      batchDataset = [...trusted.changedPartitionFiles, ...files];
      sources.set(input, trustedSelect(batchDataset));
    } else {
      const { files } = await stageTrustedFiles(snapshot, ctx.stores.trusted, staging, name);
      sources.set(input, trustedSelect(files));
    }
  }
  return { sources, batchDataset };
}

/** The batch's dataset as a curated input: its contract, its files after the batch and the rows the batch changed. */
export interface BatchInput {
  name: string;
  contract: DatasetContract;
  files: readonly StagedTrustedFile[];
  changedRows: string;
}

/**
 * Writes `model`'s product after a batch of `input` to `path`: the current product with the
 * touched groups recomputed. Returns its rows, or null when the product must be built in full
 * instead.
 */
async function refreshIncrementally(
  engine: Engine,
  snapshot: LakeSnapshot,
  ctx: ZoneContext,
  staging: PrivateStaging,
  model: CuratedModel,
  input: BatchInput,
  path: string,
): Promise<number | null> {
  const currentKey = snapshot.curated.get(model.name);
  const touchedSql = touchedGroupsSql(DUCKDB_DIALECT, model, input.name, input.changedRows);
  if (currentKey === undefined || snapshot.staleCurated.has(model.name) || touchedSql === null) return null;
  const current = `read_parquet(${sqlLiteral(await stageCommittedFile(staging, snapshot, 'curated', ctx.stores.curated, currentKey))})`;
  if (!(await sameColumns(engine, `SELECT * FROM ${current}`, model.sql))) return null;
  const touched = sqlIdent(`touched_${model.name}`);
  const replaced = sqlIdent(`replaced_${model.name}`);
  const recomputed = sqlIdent(`recomputed_${model.name}`);
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${touched} AS ${touchedSql}`);
  try {
    // Groups where the batch only replaced rows (a correction) have their counts moved; the rest
    // are recomputed from the input rows that feed them.
    let moved: string | undefined;
    let recompute = touched;
    if (model.replace?.input === input.name) {
      await engine.run(
        `CREATE OR REPLACE TEMP TABLE ${replaced} AS ${replacedGroupsSql(DUCKDB_DIALECT, model, touched, input.changedRows)}`,
      );
      await engine.run(`CREATE OR REPLACE TEMP TABLE ${recomputed} AS SELECT * FROM ${touched} EXCEPT SELECT * FROM ${replaced}`);
      moved = replaceDeltaSql(DUCKDB_DIALECT, model, current, replaced, input.changedRows);
      recompute = recomputed;
    }
    const [{ groups }] = await engine.query<{ groups: number }>(`SELECT count(*)::INTEGER AS groups FROM ${recompute}`);
    const spanned = groups > 0 ? await spannedRows(engine, model, input, recompute) : null;
    const relation =
      groups > 0
        ? (name: string) => feedingRowsSql(DUCKDB_DIALECT, model, name, name === input.name && spanned !== null ? spanned : name, recompute)
        : null;
    return await engine.writeParquet(mergeRefreshSql(DUCKDB_DIALECT, model, current, touched, relation, moved), path);
  } finally {
    for (const table of [touched, replaced, recomputed]) await engine.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

/**
 * The rows of the batch's dataset in the partitions the touched groups' spans fall in (a week's
 * rows lie in one or two months), as a relation with the input's columns; null to read the
 * whole input: the model declares no span for it, the dataset is not partitioned on the span's
 * date column, or a touched group has no value to span from. Cost then follows the weeks a batch
 * touches, not the lake.
 */
export async function spannedRows(engine: Engine, model: CuratedModel, input: BatchInput, touched: string): Promise<string | null> {
  const span = model.spans?.[input.name];
  const { partition, columns } = input.contract;
  if (!span || partition?.column !== span.column || columns.find((c) => c.name === span.column)?.type !== 'date') return null;
  const from = `${touchedColumn(span.group)}::DATE`;
  const [{ open }] = await engine.query<{ open: number }>(
    `SELECT count(*) FILTER (WHERE ${from} IS NULL)::INTEGER AS open FROM ${touched}`,
  );
  if (open > 0) return null;
  // Each day of each touched group's span, named by the partition it falls in (as written).
  const days = `SELECT unnest(generate_series(${from}, ${from} + ${span.days - 1}, INTERVAL 1 DAY))::DATE AS ${sqlIdent(span.column)} FROM ${touched}`;
  const wanted = new Set(
    (await engine.query<{ partition: string }>(`SELECT DISTINCT ${partitionExpression(input.contract)} AS partition FROM (${days})`)).map(
      (r) => r.partition,
    ),
  );
  const select = trustedSelect(input.files.filter((f) => wanted.has(f.partition)));
  if (select === null) return null;
  // By name after the whole input's (empty) rows: the input's columns and types, a column no file
  // of these partitions has yet as null.
  return `((SELECT * FROM ${input.name} LIMIT 0) UNION ALL BY NAME (${select}))`;
}

/** True when two queries give the same column names and types, in order. */
async function sameColumns(engine: Engine, a: string, b: string): Promise<boolean> {
  const describe = async (sql: string) =>
    JSON.stringify(
      (await engine.query<{ column_name: string; column_type: string }>(`DESCRIBE ${sql}`)).map((c) => [c.column_name, c.column_type]),
    );
  return (await describe(a)) === (await describe(b));
}
