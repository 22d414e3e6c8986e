import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GlueClient } from '@aws-sdk/client-glue';
import pino from 'pino';
import { LocalCatalogStore, createOpenLineageEmitter, syncCatalogToGlue } from '@acad/catalog';
import type { Settings } from '@acad/config';
import { createMetricsSink } from '@acad/monitoring';
import { LocalQualityHistoryStore } from '@acad/quality';
import type { WorkerContext } from './ingest-files';
import { athenaBatchRunner, createDataProtection, createZoneStores, pipelineEngineFactory, type ZoneContext } from '@acad/zones';

/** The ingestion worker's composition root: adapters chosen from settings, in one place. */
export async function composeWorker(settings: Settings, onStep?: ZoneContext['onStep']): Promise<WorkerContext> {
  const runId = randomUUID();
  const logDir = join(settings.home, 'logs');
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  const logger = pino(
    { name: 'ingestion-worker', level: settings.logLevel === 'silent' ? 'silent' : settings.logLevel, base: { runId } },
    pino.destination({ dest: join(logDir, 'ingestion-worker.log'), append: true, mkdir: true, sync: true }),
  );
  const catalog = {
    store: await LocalCatalogStore.open(settings.home),
    lineage: createOpenLineageEmitter({ home: settings.home, url: settings.openLineageUrl }),
  };
  // The local catalog is always kept; with ACAD_CATALOG=glue the Glue Data Catalog is synced from it.
  const syncCatalog =
    // On Athena each batch syncs its own Glue tables (runLandingFileOnAthena).
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
    ...(syncCatalog ? { syncCatalog } : {}),
    metrics: createMetricsSink(settings).sink,
    protection: createDataProtection(settings),
    openEngine: pipelineEngineFactory(settings),
    ...(settings.engine === 'athena' ? { runBatch: athenaBatchRunner(settings) } : {}),
    logger,
    owner: `${hostname()}:${process.pid}:${runId.slice(0, 8)}`,
    runId,
    onStep,
  };
}
