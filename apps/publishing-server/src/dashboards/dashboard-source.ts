import type { Role } from '@acad/access';
import type { SqlParam } from '@acad/engine';
import type { OpenLake } from '../data/lake-cache';
import type { DashboardQuery, FilterName } from './dashboard-definition';

/** What a dashboard needs: the open lake (its release families are built from it once) and the asking role. */
export interface DashboardInput {
  open: Pick<OpenLake, 'lake'>;
  role: Role;
}

/** The filter values chosen, by filter name (term, department, course, programme, from, to). */
export type Chosen = Partial<Record<FilterName, string>>;

/**
 * A query's answer: rows of labels and numbers (null where withheld; `suppressed` lists a row's
 * suppressed measures), or a sentence saying why a level is not released to this reader.
 */
export interface QueryResult {
  columns: string[];
  rows: Array<Record<string, unknown>>;
  withheld: string | null;
  /** Rows there are in all, where only some are listed (students at risk). */
  total?: number;
}

/** A source as one role reads it: the choices its filters offer, and its queries' answers. */
export interface SourceView {
  released: boolean;
  options(filter: FilterName, chosen: Chosen): string[];
  run(query: DashboardQuery, chosen: Chosen): QueryResult | Promise<QueryResult>;
}

/** What a definition may ask of a source, checked when definitions load, and how a role reads it. */
export interface DashboardSource {
  products: readonly string[];
  dimensions: readonly string[];
  measures: readonly string[];
  filters: readonly FilterName[];
  /** Null when the role may not read the source at all. */
  view(input: DashboardInput): Promise<SourceView | null>;
}

export const withheldResult = (columns: string[], reason: string): QueryResult => ({ columns, rows: [], withheld: reason });

/** Rows sorted by a measure, largest first by what is released (a hidden value must not order them), suppressed last. */
export function orderRows(rows: Array<Record<string, unknown>>, order: DashboardQuery['order'], tie: string | undefined) {
  if (!order) return rows;
  const sign = order.descending ? -1 : 1;
  const value = (r: Record<string, unknown>) => (typeof r[order.measure] === 'number' ? (r[order.measure] as number) : null);
  return [...rows].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x - y) || (tie ? String(a[tie]).localeCompare(String(b[tie])) : 0);
  });
}

/** ' AND <a> = ?' for each chosen filter, with its value bound. */
export function filterClause(filters: Array<[string, string | undefined]>): { sql: string; params: SqlParam[] } {
  const chosen = filters.filter((f): f is [string, string] => typeof f[1] === 'string' && f[1] !== '');
  return { sql: chosen.map(([expr]) => ` AND ${expr} = ?`).join(''), params: chosen.map(([, v]) => v) };
}

/** The academic term of a date: months 1–5 spring, 6–7 summer, 8–12 fall, e.g. 2025-FALL. */
export const termOf = (column: string) =>
  `(strftime(${column}, '%Y') || '-' || CASE WHEN month(${column}) <= 5 THEN 'SPRING' WHEN month(${column}) <= 7 THEN 'SUMMER' ELSE 'FALL' END)`;

/**
 * The position a filter value selects on an axis: the total when no value is chosen, undefined
 * when the value names nothing (an empty selection, never an error or a guess).
 */
export function chosen(axisFind: (path: string[]) => number | undefined, value: string | undefined): number | undefined {
  return value === undefined || value === '' ? 0 : axisFind([value]);
}

/** Every combination of the positions listed per dimension, in order. */
export function combinations<T>(lists: readonly T[][]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);
}
