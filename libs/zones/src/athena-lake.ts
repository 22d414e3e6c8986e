import type { AthenaClient } from '@aws-sdk/client-athena';
import type { GlueClient } from '@aws-sdk/client-glue';
import { AthenaEngine, type AthenaQueryStatistics } from '@acad/engine';
import { zoneBucketName } from './zone-stores';

/** Where the lake lives on AWS: the names `apps/infra-deploy` gives the stack's resources. */
export interface AthenaLake {
  engine: AthenaEngine;
  glue: GlueClient;
  /** Glue database of every zone's tables (`trusted_attendance`, …) and of a batch's staging tables. */
  database: string;
  /** `s3://<prefix>-<zone>/` */
  zoneUrl: (zone: 'raw' | 'quarantine' | 'trusted' | 'curated') => string;
}

export interface AthenaLakeOptions {
  onQueryStatistics?: (statistics: AthenaQueryStatistics) => void;
}

/** The lake on AWS as an app's composition root located it: clients it built and the stack's names. */
export interface AthenaLakeLocation {
  athena: AthenaClient;
  glue: GlueClient;
  /** ACAD_S3_BUCKET_PREFIX: the zones' buckets and the names `npm run deploy` derives from it. */
  bucketPrefix: string;
  /** ACAD_GLUE_DATABASE, when it differs from the one derived from the prefix. */
  database?: string;
  /** ACAD_KMS_KEY_ID: Athena's results are encrypted with the platform's KMS key. */
  kmsKeyId: string;
}

/** Glue database, workgroup and results location as `npm run deploy` creates them for a bucket prefix. */
export function athenaNames(prefix: string) {
  return {
    database: prefix.replace(/-/g, '_'),
    workGroup: `${prefix}-analytics`,
    outputLocation: `s3://${zoneBucketName(prefix, 'platform')}/${prefix}-analytics/`,
  };
}

/** ACAD_ENGINE=athena: Athena in the stack's workgroup, results encrypted with the platform's KMS key. */
export function athenaLake(location: AthenaLakeLocation, options: AthenaLakeOptions = {}): AthenaLake {
  const names = { ...athenaNames(location.bucketPrefix), ...(location.database ? { database: location.database } : {}) };
  return {
    engine: new AthenaEngine({
      client: location.athena,
      database: names.database,
      workGroup: names.workGroup,
      outputLocation: names.outputLocation,
      kmsKey: location.kmsKeyId,
      onQueryStatistics: options.onQueryStatistics,
    }),
    glue: location.glue,
    database: names.database,
    zoneUrl: (zone) => `s3://${zoneBucketName(location.bucketPrefix, zone)}/`,
  };
}
