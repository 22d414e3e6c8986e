import { sqlIdent, type SqlDialect } from '@acad/schemas';
import type { CuratedModel, ReplaceDelta } from './models/index';

// The SQL of an incremental refresh, in any dialect: which groups a batch touched, the input
// rows that feed them, and the product with those groups recomputed. The engine that runs it
// names the relations (views over staged files here; Glue tables on Athena).

/** The column of a touched-groups relation that holds a `refreshBy` column's value. */
export function touchedColumn(column: string): string {
  return sqlIdent(`_g_${column}`);
}

/**
 * The distinct `refreshBy` values of the groups that `rows` (rows of `input`) feed; null when a
 * change to `input` rebuilds the product instead.
 */
export function touchedGroupsSql(dialect: SqlDialect, model: CuratedModel, input: string, rows: string): string | null {
  const groups = model.groupsOf[input];
  if (groups === undefined) throw new Error(`Curated model ${model.name} does not read ${input}`);
  if (groups === 'rebuild') return null;
  const values = groups(dialect);
  return `SELECT DISTINCT ${model.refreshBy.map((c) => `${values[c]} AS ${touchedColumn(c)}`).join(', ')} FROM ${rows}`;
}

/** A condition that holds for rows of `row` whose `refreshBy` values (SQL by column) are among `touched`. */
function inTouched(model: CuratedModel, touched: string, valueOf: (column: string) => string): string {
  const match = model.refreshBy.map((c) => `t.${touchedColumn(c)} IS NOT DISTINCT FROM ${valueOf(c)}`).join(' AND ');
  return `EXISTS (SELECT 1 FROM ${touched} t WHERE ${match})`;
}

/**
 * The rows of `input` (its relation `rows`) that feed the touched groups; the whole relation for
 * an input that is joined in whole (`rebuild`).
 */
export function feedingRowsSql(dialect: SqlDialect, model: CuratedModel, input: string, rows: string, touched: string): string {
  const groups = model.groupsOf[input];
  if (groups === undefined) throw new Error(`Curated model ${model.name} does not read ${input}`);
  if (groups === 'rebuild') return rows;
  const values = groups(dialect);
  // The values are written over the input's unqualified columns, which no touched column shares
  // a name with. A join on the (distinct) touched groups, not EXISTS: both engines hash it.
  const on = model.refreshBy.map((c) => `t.${touchedColumn(c)} IS NOT DISTINCT FROM ${values[c]}`).join(' AND ');
  return `(SELECT i.* FROM ${rows} i JOIN ${touched} t ON ${on})`;
}

/** The model's replace delta and the `refreshBy` values of its input's rows (SQL by column). */
function replaceGroups(dialect: SqlDialect, model: CuratedModel): { replace: ReplaceDelta; values: Readonly<Record<string, string>> } {
  const groups = model.replace ? model.groupsOf[model.replace.input] : undefined;
  if (!model.replace || groups === undefined || groups === 'rebuild') throw new Error(`Curated model ${model.name} has no replace delta`);
  return { replace: model.replace, values: groups(dialect) };
}

/**
 * Of the `touched` groups (touched by `changedRows`, with their `_change`), those the batch only
 * replaced rows in: as many rows written as replaced. A replaced row has the key of the row that
 * replaced it, and a key lies in one group, so each written row there replaced one of its group.
 */
export function replacedGroupsSql(dialect: SqlDialect, model: CuratedModel, touched: string, changedRows: string): string {
  const { values } = replaceGroups(dialect, model);
  const balance = `SELECT ${model.refreshBy.map((c) => `${values[c]} AS ${touchedColumn(c)}`).join(', ')}
  FROM ${changedRows} GROUP BY ${model.refreshBy.map((c) => values[c]).join(', ')} HAVING sum(_change) = 0`;
  const on = model.refreshBy.map((c) => `t.${touchedColumn(c)} IS NOT DISTINCT FROM b.${touchedColumn(c)}`).join(' AND ');
  return `SELECT t.* FROM ${touched} t JOIN (${balance}) b ON ${on}`;
}

/**
 * The `replaced` groups' product rows after the batch: their `current` rows with each count of
 * the model's replace delta moved by the written rows it counts less the replaced rows it counts.
 */
export function replaceDeltaSql(dialect: SqlDialect, model: CuratedModel, current: string, replaced: string, changedRows: string): string {
  const { replace, values } = replaceGroups(dialect, model);
  const moves = Object.entries(replace.counts).map(
    ([column, condition]) => `${dialect.cast(`sum(CASE WHEN ${condition} THEN _change ELSE 0 END)`, 'bigint')} AS ${sqlIdent(column)}`,
  );
  const delta = `(SELECT ${model.refreshBy.map((c) => `${values[c]} AS ${sqlIdent(c)}`).join(', ')}, ${moves.join(', ')}
  FROM ${feedingRowsSql(dialect, model, replace.input, changedRows, replaced)} i
  GROUP BY ${model.refreshBy.map((c) => values[c]).join(', ')})`;
  return replace.render(dialect, current, delta);
}

/**
 * The product after a batch: its rows outside the touched groups; the touched groups recomputed
 * by the model over the rows that feed them (`relation` names each input's feeding rows; null
 * when none is recomputed); and the `moved` groups' rows (a replace delta), if any; in the order
 * of the product's grain, as a full build orders it.
 */
export function mergeRefreshSql(
  dialect: SqlDialect,
  model: CuratedModel,
  current: string,
  touched: string,
  relation: ((input: string) => string) | null,
  moved?: string,
): string {
  const parts = [
    `SELECT * FROM ${current} o WHERE NOT ${inTouched(model, touched, (c) => `o.${sqlIdent(c)}`)}`,
    ...(relation ? [`SELECT * FROM (${model.render(dialect, relation)}) r`] : []),
    ...(moved ? [`SELECT * FROM (${moved}) m`] : []),
  ];
  return `SELECT * FROM (
${parts.join('\nUNION ALL\n')}
) merged
ORDER BY ${model.grain.map(sqlIdent).join(', ')}`;
}
