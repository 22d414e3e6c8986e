import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Logger } from 'pino';
import { loadAcademicCalendar, loadSettings, programVersion, type Settings, awsClientConfig } from '@acad/config';
import {
  CloudWatchMetricsReader,
  createMetricsSink,
  createPlatformLogger,
  LocalEmfReader,
  platformLogFile,
  type MetricsReader,
  type MetricsSink,
} from '@acad/monitoring';
import type { AcademicCalendar } from '@acad/schemas';
import { createS3Client, type ObjectStore } from '@acad/storage';
import { createZoneStores } from '@acad/zones';

/** The data zones the reporter measures, in pipeline order, and the rejected area. */
export const REPORTED_ZONES = ['landing', 'raw', 'quarantine', 'trusted', 'curated', 'rejected'] as const;
export type ReportedZone = (typeof REPORTED_ZONES)[number];

export interface ReporterParts {
  settings: Settings;
  home: string;
  stores: Record<ReportedZone, ObjectStore>;
  /** The commit log's store. */
  platform: ObjectStore;
  sink: MetricsSink;
  /** Where the pipeline's and server's metrics are read back from: the EMF files, or CloudWatch (ACAD_METRICS). */
  metrics: MetricsReader;
  /** Where published metrics go, for the summary. */
  sinkDescription: string;
  /** Present with ACAD_METRICS=cloudwatch: alarms are synced there too. */
  cloudWatch?: CloudWatchClient;
  logger: Logger;
  /** For webhook notifications; tests may pass their own. */
  fetch: typeof fetch;
  /** The institution's academic calendar (ACAD_CALENDAR): freshness and volume anomalies of the datasets it lists follow teaching days. */
  calendar?: AcademicCalendar;
}

export function logFile(home: string): string {
  return platformLogFile(home, 'monitoring-reporter');
}

export function reporterVersion(): string {
  return programVersion(__dirname);
}

export function reporterSettings(io: { env?: NodeJS.ProcessEnv; cwd?: string }): Settings {
  return loadSettings({ env: io.env, cwd: io.cwd });
}

/**
 * The reporter's composition root, the only module of the reporter that reads settings or builds
 * an AWS client: zones as `createZoneStores` lays them out (the same stores the ingestion worker
 * writes), the configured metrics sink and a JSON-lines log.
 */
export function composeReporter(settings: Settings): ReporterParts {
  const zoneStores = createZoneStores({
    home: settings.home,
    s3:
      settings.storage === 's3'
        ? {
            client: createS3Client({ ...awsClientConfig(settings), endpoint: settings.s3Endpoint }),
            bucketPrefix: settings.s3BucketPrefix,
            kmsKeyId: settings.kms === 'aws' ? settings.kmsKeyId : undefined,
          }
        : undefined,
  });
  const cloudWatch = settings.metrics === 'cloudwatch' ? new CloudWatchClient(awsClientConfig(settings)) : undefined;
  const stores = {} as Record<ReportedZone, ObjectStore>;
  for (const zone of REPORTED_ZONES) stores[zone] = zoneStores[zone];
  const { sink, description } = createMetricsSink({
    home: settings.home,
    ...(cloudWatch ? { cloudWatch: { client: cloudWatch, region: settings.region } } : {}),
  });
  const logger = createPlatformLogger(settings, 'monitoring-reporter');
  return {
    settings,
    home: settings.home,
    stores,
    platform: zoneStores.platform,
    sink,
    metrics: cloudWatch ? new CloudWatchMetricsReader(cloudWatch) : new LocalEmfReader(settings.home),
    sinkDescription: description,
    cloudWatch,
    logger,
    fetch: globalThis.fetch,
    calendar: loadAcademicCalendar(settings),
  };
}
