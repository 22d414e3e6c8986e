import type { GlueClient } from '@aws-sdk/client-glue';
import type { CatalogStore } from './catalog-store';
import { syncToGlue, type GlueSyncOptions, type GlueSyncSummary } from './glue-sync';

/**
 * ACAD_CATALOG=glue: makes the Glue Data Catalog say what the local catalog says. The local
 * catalog stays the source; Glue gets only differences, so calling this after every batch is cheap.
 */
export async function syncCatalogToGlue(catalog: CatalogStore, client: GlueClient, options: GlueSyncOptions): Promise<GlueSyncSummary> {
  return syncToGlue(client, await catalog.list(), options);
}
