import type { Role } from '@acad/access';
import type { SqlParam } from '@acad/engine';
import type { OpenLake } from '../data/lake-cache';

/** What a dashboard needs: the open lake (its release families are built from it once) and the asking role. */
export interface DashboardInput {
  open: Pick<OpenLake, 'lake'>;
  role: Role;
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
