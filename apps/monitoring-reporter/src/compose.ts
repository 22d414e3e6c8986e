import { join } from 'node:path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Settings } from '@acad/config';
import { CloudWatchSink, LocalEmfSink, localMetricsDirectory, type MetricsSink } from '@acad/monitoring';
import { LocalFsObjectStore, S3ObjectStore, createS3Client, type ObjectStore } from '@acad/storage';

/** The data zones the reporter measures, in pipeline order. */
export const REPORTED_ZONES = ['landing', 'raw', 'quarantine', 'trusted', 'curated'] as const;
export type ReportedZone = (typeof REPORTED_ZONES)[number];

export interface ReporterParts {
  home: string;
  stores: Record<ReportedZone, ObjectStore>;
  sink: MetricsSink;
  /** Where published metrics go, for the summary. */
  sinkDescription: string;
}

/**
 * The reporter's composition root: the only place that picks adapters from settings.
 * Zones are folders `<ACAD_HOME>/zones/<zone>` or buckets `<ACAD_S3_BUCKET_PREFIX>-<zone>`,
 * the same layout the ingestion worker writes.
 */
export function composeReporter(settings: Settings): ReporterParts {
  const s3 = settings.storage === 's3' ? createS3Client({ region: settings.region, endpoint: settings.s3Endpoint }) : undefined;
  const stores = {} as Record<ReportedZone, ObjectStore>;
  for (const zone of REPORTED_ZONES) {
    stores[zone] = s3
      ? new S3ObjectStore({ client: s3, bucket: `${settings.s3BucketPrefix}-${zone}` })
      : new LocalFsObjectStore(join(settings.home, 'zones', zone));
  }
  if (settings.metrics === 'cloudwatch') {
    return {
      home: settings.home,
      stores,
      sink: new CloudWatchSink(new CloudWatchClient({ region: settings.region })),
      sinkDescription: `CloudWatch (${settings.region})`,
    };
  }
  return { home: settings.home, stores, sink: new LocalEmfSink(settings.home), sinkDescription: localMetricsDirectory(settings.home) };
}
