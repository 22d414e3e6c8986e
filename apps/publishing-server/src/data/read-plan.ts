import {
  AccessDenied,
  CONTEXT_KEYS,
  evaluate,
  policiesFor,
  rowAccess,
  suppressedRowSqlPredicate,
  visibleColumns,
  type ColumnVisibility,
  type Role,
} from '@acad/access';
import { sqlIdentifier, type SqlParam } from '@acad/engine';
import { keyPartSql } from '@acad/zones';
import { InvalidRequest } from '../server-errors';
import type { PublishedDataset } from './published-datasets';

export interface RowsRequest {
  limit: number;
  offset: number;
  /** Equality filters: column → value, compared as text. */
  filters: Record<string, string>;
  sort?: { column: string; descending: boolean };
}

export interface ReadPlan {
  sql: string;
  params: SqlParam[];
  /** Columns returned, with what is done to each (`remove` ones are not selected). */
  columns: ColumnVisibility[];
  suppressed: boolean;
  /** Extra columns selected to decrypt direct identifiers (the row's key, as text), dropped before answering. */
  rowKey: string[];
}

/**
 * The relation a subject may read of a product, as SQL: the table itself, or a subquery with
 * small cells suppressed when the policies allow rows only that way.
 */
export function sourceRelation(dataset: PublishedDataset, suppressed: boolean): string {
  const table = `${dataset.zone}.${sqlIdentifier(dataset.name)}`;
  if (!suppressed) return table;
  const options = dataset.suppression;
  // A product without a suppression rule cannot be published suppressed.
  if (!options) throw new AccessDenied('acad:ReadRows', dataset.resource, 'ImplicitDeny');
  const predicate = `coalesce(${suppressedRowSqlPredicate(options.countColumns, options.threshold)}, false)`;
  const nulled = new Set([...options.countColumns, ...(options.alsoSuppress ?? [])]);
  const hasFlag = dataset.columns.some((c) => c.name === 'suppressed');
  const items = dataset.columns
    .filter((c) => c.name !== 'suppressed')
    .map((c) =>
      nulled.has(c.name)
        ? `CASE WHEN ${predicate} THEN NULL ELSE ${sqlIdentifier(c.name)} END AS ${sqlIdentifier(c.name)}`
        : sqlIdentifier(c.name),
    );
  items.push(hasFlag ? `(${predicate} OR coalesce("suppressed", false)) AS "suppressed"` : `${predicate} AS "suppressed"`);
  return `(SELECT ${items.join(', ')} FROM ${table})`;
}

/** How the policies let a role read a dataset's rows; throws AccessDenied when not at all. */
export function rowMode(role: Role, dataset: PublishedDataset, action: 'acad:ReadRows' | 'acad:Download'): 'plain' | 'suppressed' {
  const access = rowAccess(role, action, dataset.resource);
  if (access === 'denied') {
    const reason = evaluate(policiesFor(role), {
      action,
      resource: dataset.resource,
      context: { [CONTEXT_KEYS.smallCellSuppressed]: true },
    }).reason;
    throw new AccessDenied(action, dataset.resource, reason === 'ExplicitDeny' ? 'ExplicitDeny' : 'ImplicitDeny');
  }
  return access === 'allowed' ? 'plain' : 'suppressed';
}

export function columnsFor(role: Role, dataset: PublishedDataset, suppressed: boolean): ColumnVisibility[] {
  const context = { [CONTEXT_KEYS.smallCellSuppressed]: suppressed };
  const shown = visibleColumns(role, dataset, dataset.zone, { context }).filter((c) => c.treatment !== 'remove');
  return suppressed && dataset.suppression && !shown.some((c) => c.name === 'suppressed')
    ? [...shown, { name: 'suppressed', pii: 'none', treatment: 'show' }]
    : shown;
}

/**
 * A parameterised SELECT of the rows a role may see: only contract columns it may see in full can
 * be filtered or sorted on (a filter on a masked column would reveal it), and values are bound.
 */
export function planRead(
  role: Role,
  dataset: PublishedDataset,
  request: RowsRequest,
  action: 'acad:ReadRows' | 'acad:Download' = 'acad:ReadRows',
): ReadPlan {
  const suppressed = rowMode(role, dataset, action) === 'suppressed';
  const columns = columnsFor(role, dataset, suppressed);
  const usable = new Set(columns.filter((c) => c.treatment === 'show' && c.pii !== 'direct').map((c) => c.name));
  const params: SqlParam[] = [];
  const where: string[] = [];
  for (const [column, value] of Object.entries(request.filters)) {
    if (!usable.has(column))
      throw new InvalidRequest(`Cannot filter on "${column.slice(0, 64)}": not a column of ${dataset.name} you may filter on.`);
    where.push(`CAST(${sqlIdentifier(column)} AS VARCHAR) = ?`);
    params.push(value);
  }
  let order = '';
  if (request.sort) {
    if (!usable.has(request.sort.column))
      throw new InvalidRequest(`Cannot sort on "${request.sort.column.slice(0, 64)}": not a column of ${dataset.name} you may sort on.`);
    order = ` ORDER BY ${sqlIdentifier(request.sort.column)} ${request.sort.descending ? 'DESC' : 'ASC'} NULLS LAST`;
  }
  // Encrypted fields are bound to their row's key: select it (as stored, identifiers as tokens) to decrypt them.
  const decrypts = dataset.key !== undefined && columns.some((c) => c.pii === 'direct');
  const rowKey = decrypts ? (dataset.key ?? []).map((_, j) => `_row_key_${j}`) : [];
  const select = [
    ...columns.map((c) => sqlIdentifier(c.name)),
    ...rowKey.map((name, j) => `${keyPartSql((dataset.key ?? [])[j])} AS ${sqlIdentifier(name)}`),
  ].join(', ');
  const sql = `SELECT ${select} FROM ${sourceRelation(dataset, suppressed)} AS t${where.length ? ` WHERE ${where.join(' AND ')}` : ''}${order} LIMIT ? OFFSET ?`;
  params.push(request.limit, request.offset);
  return { sql, params, columns, suppressed, rowKey };
}
