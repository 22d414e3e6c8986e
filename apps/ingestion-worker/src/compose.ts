import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { GlueClient } from '@aws-sdk/client-glue';
import { LocalCatalogStore, createOpenLineageEmitter, syncCatalogToGlue } from '@acad/catalog';
import { loadAcademicCalendar, type Settings } from '@acad/config';
import { createMetricsSink, createPlatformLogger } from '@acad/monitoring';
import { LocalQualityHistoryStore } from '@acad/quality';
import type { WorkerContext } from './ingest-files';
import { athenaBackendFromSettings, createDataProtection, createZoneStores, pipelineEngineFactory, type ZoneContext } from '@acad/zones';

/** The ingestion worker's composition root: adapters chosen from settings, in one place. */
export async function composeWorker(settings: Settings, onStep?: ZoneContext['onStep']): Promise<WorkerContext> {
  const runId = randomUUID();
  const logger = createPlatformLogger(settings, 'ingestion-worker', { runId });
  const catalog = {
    store: await LocalCatalogStore.open(settings.home),
    lineage: createOpenLineageEmitter({ home: settings.home, url: settings.openLineageUrl }),
  };
  // The local catalog is always kept; with ACAD_CATALOG=glue the Glue Data Catalog is synced from it.
  const syncCatalog =
    // On Athena each batch syncs its own Glue tables after its commit (athenaBackend).
    settings.catalog === 'glue' && settings.engine !== 'athena'
      ? async () => {
          await syncCatalogToGlue(catalog.store, new GlueClient({ region: settings.region }), {
            database: settings.glueDatabase ?? settings.s3BucketPrefix.replace(/-/g, '_'),
          });
        }
      : undefined;
  return {
    stores: createZoneStores(settings),
    catalog,
    qualityHistory: new LocalQualityHistoryStore(settings.home),
    calendar: loadAcademicCalendar(settings),
    ...(syncCatalog ? { syncCatalog } : {}),
    metrics: createMetricsSink(settings).sink,
    protection: createDataProtection(settings),
    openEngine: pipelineEngineFactory(settings),
    ...(settings.engine === 'athena' ? { backend: athenaBackendFromSettings(settings) } : {}),
    logger,
    owner: `${hostname()}:${process.pid}:${runId.slice(0, 8)}`,
    runId,
    onStep,
  };
}
