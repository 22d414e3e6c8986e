import { randomUUID } from 'node:crypto';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GlueClient } from '@aws-sdk/client-glue';
import { KMSClient } from '@aws-sdk/client-kms';
import { syncCatalogToGlue } from '@acad/catalog';
import { ConfigError, loadAcademicCalendar, loadSettings, programVersion, type Settings, awsClientConfig } from '@acad/config';
import { createMetricsSink, createPlatformLogger, publishQueryBytes } from '@acad/monitoring';
import { createS3Client, type ObjectStore } from '@acad/storage';
import { composeZoneContext, createZoneStores, type ZoneContext, type ZoneStoreLocation } from '@acad/zones';
import type { WorkerContext } from './ingest-files';

/*
 * The ingestion worker's composition root: the only module of the worker that reads settings or
 * builds an AWS client. The zone context is the one `acad` composes too (composeZoneContext).
 */

export function workerVersion(): string {
  return programVersion(__dirname);
}

export function workerSettings(io: { env?: NodeJS.ProcessEnv; cwd?: string }): Settings {
  return loadSettings({ env: io.env, cwd: io.cwd });
}

/** Bad settings: exit 2 with the message, which names the setting. */
export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}

/** The landing zone alone, for listing what waits before a run is composed. */
export function landingStore(settings: Settings): ObjectStore {
  return createZoneStores({ home: settings.home, s3: zoneS3(settings) }).landing;
}

function zoneS3(settings: Settings): ZoneStoreLocation['s3'] {
  if (settings.storage !== 's3') return undefined;
  return {
    client: createS3Client({ ...awsClientConfig(settings), endpoint: settings.s3Endpoint }),
    bucketPrefix: settings.s3BucketPrefix,
    kmsKeyId: settings.kms === 'aws' ? settings.kmsKeyId : undefined,
  };
}

/** Adapters chosen from settings, in one place. */
export async function composeWorker(settings: Settings, onStep?: ZoneContext['onStep']): Promise<WorkerContext> {
  const runId = randomUUID();
  const database = settings.glueDatabase ?? settings.s3BucketPrefix.replace(/-/g, '_');
  const metrics = createMetricsSink({
    home: settings.home,
    ...(settings.metrics === 'cloudwatch'
      ? { cloudWatch: { client: new CloudWatchClient(awsClientConfig(settings)), region: settings.region } }
      : {}),
  }).sink;
  const logger = createPlatformLogger(settings, 'ingestion-worker', { runId });
  const ctx = await composeZoneContext({
    home: settings.home,
    s3: zoneS3(settings),
    kms:
      settings.kms === 'aws' && settings.kmsKeyId
        ? { client: new KMSClient(awsClientConfig(settings)), keyId: settings.kmsKeyId }
        : undefined,
    ...(settings.engine === 'athena' && settings.kmsKeyId
      ? {
          athena: {
            athena: new AthenaClient(awsClientConfig(settings)),
            glue: new GlueClient(awsClientConfig(settings)),
            bucketPrefix: settings.s3BucketPrefix,
            database,
            kmsKeyId: settings.kmsKeyId,
          },
        }
      : {}),
    // Each Athena query's scanned bytes, for the cost report and its alarms.
    onQueryStatistics: publishQueryBytes(metrics, 'ingestion-worker', logger),
    engineLimits: settings,
    openLineageUrl: settings.openLineageUrl,
    calendar: loadAcademicCalendar(settings),
    logger,
    runId,
    onStep,
  });
  const catalogStore = ctx.catalog?.store;
  // The local catalog is always kept; with ACAD_CATALOG=glue the Glue Data Catalog is synced from it.
  // On Athena each batch syncs its own Glue tables after its commit (athenaBackend).
  const syncCatalog =
    settings.catalog === 'glue' && settings.engine !== 'athena' && catalogStore
      ? async () => {
          await syncCatalogToGlue(catalogStore, new GlueClient(awsClientConfig(settings)), { database });
        }
      : undefined;
  return { ...ctx, metrics, ...(syncCatalog ? { syncCatalog } : {}) };
}
