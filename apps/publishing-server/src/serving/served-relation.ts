import { datasetResource, isAllowed, policiesFor, ROLE_NAMES, rowAccess, seesColumn, visibleColumns, type Role } from '@acad/access';
import { sqlIdentifier } from '@acad/engine';
import { AdmissionsContract } from '@acad/schemas';
import type { ServingDefinition } from '@acad/zones';
import { PUBLISHED_DATASETS, type PublishedDataset } from '../data/published-datasets';

/**
 * Who a serving snapshot is for: a role that may run SQL, or the server itself, whose own lake holds
 * every published dataset as stored and applies each request's policies in its own SQL.
 */
export type ServingAudience = Role | 'server';

/** The roles whose people may run their own SQL (acad:Query), each served from its own snapshot. */
export const QUERY_ROLES: readonly Role[] = ROLE_NAMES.filter((role) =>
  isAllowed(policiesFor(role), { action: 'acad:Query', resource: datasetResource('curated', '*') }),
);

/**
 * What an audience sees of a published dataset, as a SELECT over the committed lake, or undefined
 * when it sees none of it: tables it may not read are left out, removed columns are left out and
 * masked ones hold a fixed mask. Column names stay, so SQL that names a removed column fails
 * instead of returning it. SQL cannot go through the release step, so a product the role may read
 * only released is left out too, and so is a breakdown by a column the role sees masked
 * (admissions_demographics by gender, for analysts): the rows API and dashboards give those as the
 * release step allows.
 *
 * The one place that says what a role's serving snapshot holds.
 */
export function servedRelation(audience: ServingAudience, dataset: PublishedDataset): string | undefined {
  const table = `${dataset.zone}.${sqlIdentifier(dataset.name)}`;
  if (audience === 'server') return `SELECT * FROM ${table}`;
  const access = rowAccess(audience, 'acad:ReadRows', dataset.resource);
  const maskedBreakdown = dataset.name === 'admissions_demographics' && !seesColumn(audience, AdmissionsContract, 'gender');
  if (access !== 'allowed' || maskedBreakdown) return undefined;
  const columns = visibleColumns(audience, dataset, dataset.zone);
  if (columns.every((c) => c.treatment === 'show')) return `SELECT * FROM ${table}`;
  const items = columns
    .filter((c) => c.treatment !== 'remove')
    .map((c) =>
      c.treatment === 'mask'
        ? `CASE WHEN ${sqlIdentifier(c.name)} IS NULL THEN NULL ELSE '****' END AS ${sqlIdentifier(c.name)}`
        : sqlIdentifier(c.name),
    );
  return `SELECT ${items.join(', ')} FROM ${table} AS t`;
}

/** Every published dataset an audience sees, relation → its SELECT. */
export function servingDefinition(audience: ServingAudience): ServingDefinition {
  const definition: Record<string, string> = {};
  for (const dataset of PUBLISHED_DATASETS) {
    const sql = servedRelation(audience, dataset);
    if (sql !== undefined) definition[`${dataset.zone}.${dataset.name}`] = sql;
  }
  return definition;
}

/** The definitions of every audience the server builds snapshots for. */
export function servingDefinitions(): Record<ServingAudience, ServingDefinition> {
  const audiences: ServingAudience[] = ['server', ...QUERY_ROLES];
  return Object.fromEntries(audiences.map((a) => [a, servingDefinition(a)])) as Record<ServingAudience, ServingDefinition>;
}
