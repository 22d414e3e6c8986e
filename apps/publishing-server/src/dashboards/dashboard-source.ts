import type { Role } from '@acad/access';
import type { DuckDbEngine, SqlParam } from '@acad/engine';
import { findPublished } from '../data/published-datasets';
import { rowMode, sourceRelation } from '../data/read-plan';

/** What a dashboard query needs: the engine, what the lake holds, and the asking role. */
export interface DashboardInput {
  engine: DuckDbEngine;
  relations: readonly string[];
  role: Role;
}

/** A product as the role may read it (suppressed where the policies say so); null when absent or denied. */
export function productSource(input: DashboardInput, product: string): string | null {
  const dataset = findPublished(product);
  if (!dataset || !input.relations.includes(`curated.${product}`)) return null;
  try {
    return sourceRelation(dataset, rowMode(input.role, dataset, 'acad:ReadRows') === 'suppressed');
  } catch {
    return null;
  }
}

/** ' AND <a> = ?' for each chosen filter, with its value bound. */
export function filterClause(filters: Array<[string, string | undefined]>): { sql: string; params: SqlParam[] } {
  const chosen = filters.filter((f): f is [string, string] => typeof f[1] === 'string' && f[1] !== '');
  return { sql: chosen.map(([expr]) => ` AND ${expr} = ?`).join(''), params: chosen.map(([, v]) => v) };
}

/** The academic term of a date: months 1–5 spring, 6–7 summer, 8–12 fall, e.g. 2025-FALL. */
export const termOf = (column: string) =>
  `(strftime(${column}, '%Y') || '-' || CASE WHEN month(${column}) <= 5 THEN 'SPRING' WHEN month(${column}) <= 7 THEN 'SUMMER' ELSE 'FALL' END)`;
