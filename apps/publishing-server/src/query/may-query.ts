import { authorize, CATALOG_RESOURCE, datasetResource, isAllowed, policiesFor, type Role } from '@acad/access';

// Query is asked of the lake as a whole; the role's serving snapshot then holds only what it may read.
const QUERY = { action: 'acad:Query', resource: datasetResource('curated', '*') } as const;
const READ_CATALOG = { action: 'acad:ReadCatalog', resource: CATALOG_RESOURCE } as const;

/** Refuses (AccessDenied) a role that may not run its own SQL: POST /api/query, the SQL page and its APIs. */
export function authorizeQuery(role: Role): void {
  authorize(policiesFor(role), QUERY);
  authorize(policiesFor(role), READ_CATALOG);
}

/** Whether a role may run its own SQL (the navigation shows the SQL page to those only). */
export function mayQuery(role: Role): boolean {
  return isAllowed(policiesFor(role), QUERY) && isAllowed(policiesFor(role), READ_CATALOG);
}
