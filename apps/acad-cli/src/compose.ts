import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GlueClient } from '@aws-sdk/client-glue';
import { KMSClient } from '@aws-sdk/client-kms';
import { LocalCatalogStore } from '@acad/catalog';
import { loadAcademicCalendar, loadSettings, programVersion, type Settings, awsClientConfig } from '@acad/config';
import { AwsKmsKeyProvider, LocalKeyring, type KeyRewrapper } from '@acad/crypto';
import { DuckDbEngine } from '@acad/engine';
import { createMetricsSink, publishQueryBytes, type MetricsSink } from '@acad/monitoring';
import { LocalQualityHistoryStore } from '@acad/quality';
import { createS3Client } from '@acad/storage';
import {
  composeZoneContext,
  createDataProtection,
  createZoneStores,
  openLakeQuery,
  type DataProtection,
  type LakeQuery,
  type ZoneContext,
  type ZoneStoreLocation,
  type ZoneStores,
} from '@acad/zones';
import type { CliIo } from './cli-context';

/*
 * The operator command line's composition root: the only module of acad-cli that reads settings
 * or builds an AWS client. Commands ask it for the adapters ACAD_STORAGE, ACAD_KMS, ACAD_ENGINE
 * and ACAD_METRICS choose, so no command opens a store, a key or an engine on its own terms.
 */

export function cliVersion(): string {
  return programVersion(__dirname);
}

/** Settings from the command's environment and working folder (acad.config.json). */
export function cliSettings(io: Pick<CliIo, 'env' | 'cwd'>): Settings {
  return loadSettings({ env: io.env, cwd: io.cwd });
}

/** ACAD_KMS=aws: the KMS key that wraps envelope keys, through a client for AWS_REGION; else undefined (the local keyring). */
export function kmsKey(settings: Settings): { client: KMSClient; keyId: string } | undefined {
  return settings.kms === 'aws' && settings.kmsKeyId
    ? { client: new KMSClient(awsClientConfig(settings)), keyId: settings.kmsKeyId }
    : undefined;
}

/** What re-wraps stored data keys: KMS (ReEncrypt to ACAD_KMS_KEY_ID) or the local keyring's newest version. */
export function keyRewrapper(settings: Settings): KeyRewrapper {
  const kms = kmsKey(settings);
  return kms ? new AwsKmsKeyProvider(kms) : LocalKeyring.open(settings.home);
}

/** ACAD_STORAGE: folders under ACAD_HOME, or one S3 bucket per zone. */
export function zoneStores(settings: Settings): ZoneStores {
  return createZoneStores({ home: settings.home, s3: zoneS3(settings) });
}

function zoneS3(settings: Settings): ZoneStoreLocation['s3'] {
  if (settings.storage !== 's3') return undefined;
  return {
    client: createS3Client({ ...awsClientConfig(settings), endpoint: settings.s3Endpoint }),
    bucketPrefix: settings.s3BucketPrefix,
    kmsKeyId: settings.kms === 'aws' ? settings.kmsKeyId : undefined,
  };
}

/** The lake's keys as ACAD_KMS chooses: the local keyring, or KMS (with the field and tokenization keys the lake keeps wrapped). */
export function dataProtection(settings: Settings, stores: ZoneStores = zoneStores(settings)): Promise<DataProtection> {
  return createDataProtection({ home: settings.home, kms: kmsKey(settings) }, stores.platform);
}

/** An engine for a command's own work (profiling a staged file, reading quarantine), bounded as ACAD_DUCKDB_* say. */
export function openCommandEngine(settings: Settings): Promise<DuckDbEngine> {
  return DuckDbEngine.open({ mode: 'pipeline', threads: settings.duckdbThreads, memoryLimit: settings.duckdbMemoryLimit });
}

/** The locked-down read engine over the committed lake, as it is now or up to commit `upTo`. */
export function openLake(settings: Settings, stores: ZoneStores = zoneStores(settings), upTo?: number): Promise<LakeQuery> {
  return openLakeQuery(stores, {
    memoryLimit: settings.duckdbMemoryLimit,
    threads: settings.duckdbThreads,
    ...(upTo === undefined ? {} : { upTo }),
  });
}

/** The catalog under ACAD_HOME (the pipeline's record; with ACAD_CATALOG=glue, Glue is synced from it). */
export function catalogStore(settings: Settings): Promise<LocalCatalogStore> {
  return LocalCatalogStore.open(settings.home);
}

/** Each batch's quality results under ACAD_HOME, for trends and dynamic rules. */
export function qualityHistory(settings: Settings): LocalQualityHistoryStore {
  return new LocalQualityHistoryStore(settings.home);
}

/** ACAD_METRICS: EMF files under ACAD_HOME, or CloudWatch. */
export function metricsSink(settings: Settings): MetricsSink {
  return createMetricsSink({
    home: settings.home,
    ...(settings.metrics === 'cloudwatch'
      ? { cloudWatch: { client: new CloudWatchClient(awsClientConfig(settings)), region: settings.region } }
      : {}),
  }).sink;
}

/** What a run of landing files needs: the same zone context the ingestion worker composes. */
export async function runContext(settings: Settings): Promise<ZoneContext> {
  const runId = randomUUID();
  const logDir = join(settings.home, 'logs');
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  const logger = pino(
    { name: 'acad-cli', level: settings.logLevel === 'silent' ? 'silent' : settings.logLevel, base: { runId } },
    pino.destination({ dest: join(logDir, 'acad-cli.log'), append: true, mkdir: true, sync: true }),
  );
  return composeZoneContext({
    home: settings.home,
    s3: zoneS3(settings),
    kms: kmsKey(settings),
    ...(settings.engine === 'athena' && settings.kmsKeyId
      ? {
          athena: {
            athena: new AthenaClient(awsClientConfig(settings)),
            glue: new GlueClient(awsClientConfig(settings)),
            bucketPrefix: settings.s3BucketPrefix,
            database: settings.glueDatabase,
            kmsKeyId: settings.kmsKeyId,
          },
          // Each Athena query's scanned bytes, for the cost report and its alarms.
          onQueryStatistics: publishQueryBytes(metricsSink(settings), 'acad-cli', logger),
        }
      : {}),
    engineLimits: settings,
    openLineageUrl: settings.openLineageUrl,
    calendar: loadAcademicCalendar(settings),
    logger,
    runId,
  });
}
