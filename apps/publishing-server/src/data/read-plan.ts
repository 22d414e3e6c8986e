import {
  AccessDenied,
  CONTEXT_KEYS,
  evaluate,
  policiesFor,
  rowAccess,
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
  /** Extra columns selected to decrypt direct identifiers (the row's key, as text), dropped before answering. */
  rowKey: string[];
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

export function columnsFor(role: Role, dataset: PublishedDataset): ColumnVisibility[] {
  return visibleColumns(role, dataset, dataset.zone).filter((c) => c.treatment !== 'remove');
}

/**
 * A parameterised SELECT of the rows a role may read as they are: only contract columns it may see
 * in full can be filtered or sorted on (a filter on a masked column would reveal it), and values
 * are bound. Roles that may read a product only released get its rows from the release step
 * (`releasedRows`), never from here.
 */
export function planRead(
  role: Role,
  dataset: PublishedDataset,
  request: RowsRequest,
  action: 'acad:ReadRows' | 'acad:Download' = 'acad:ReadRows',
): ReadPlan {
  if (rowMode(role, dataset, action) === 'suppressed') throw new AccessDenied(action, dataset.resource, 'ImplicitDeny');
  const columns = columnsFor(role, dataset);
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
  const sql = `SELECT ${select} FROM ${dataset.zone}.${sqlIdentifier(dataset.name)} AS t${where.length ? ` WHERE ${where.join(' AND ')}` : ''}${order} LIMIT ? OFFSET ?`;
  params.push(request.limit, request.offset);
  return { sql, params, columns, rowKey };
}
