import { sqlIdent, type SqlDialect } from '@acad/schemas';
import type { CuratedModel } from './models/index';

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

/**
 * The product after a batch: its rows outside the touched groups, and the touched groups
 * recomputed by the model over the rows that feed them (`relation` names each input's feeding
 * rows), in the order of the product's grain, as a full build orders it.
 */
export function mergeRefreshSql(
  dialect: SqlDialect,
  model: CuratedModel,
  current: string,
  touched: string,
  relation: (input: string) => string,
): string {
  const kept = `SELECT * FROM ${current} o WHERE NOT ${inTouched(model, touched, (c) => `o.${sqlIdent(c)}`)}`;
  return `SELECT * FROM (
${kept}
UNION ALL
SELECT * FROM (${model.render(dialect, relation)}) r
) merged
ORDER BY ${model.grain.map(sqlIdent).join(', ')}`;
}
