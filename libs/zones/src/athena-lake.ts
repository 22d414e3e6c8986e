import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { ConfigError, type Settings } from '@acad/config';
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

/** Glue database, workgroup and results location as `npm run deploy` creates them for a bucket prefix. */
export function athenaNames(prefix: string) {
  return {
    database: prefix.replace(/-/g, '_'),
    workGroup: `${prefix}-analytics`,
    outputLocation: `s3://${zoneBucketName(prefix, 'platform')}/${prefix}-analytics/`,
  };
}

/** ACAD_ENGINE=athena: Athena in the stack's workgroup, results encrypted with the platform's KMS key. */
export function athenaLakeFromSettings(settings: Settings, options: AthenaLakeOptions = {}): AthenaLake {
  if (settings.storage !== 's3' || settings.kms !== 'aws' || !settings.kmsKeyId) {
    throw new ConfigError(
      'ACAD_ENGINE',
      'environment',
      'athena needs ACAD_STORAGE=s3 and ACAD_KMS=aws with ACAD_KMS_KEY_ID (Athena reads the zones on S3 and encrypts with KMS)',
    );
  }
  const names = { ...athenaNames(settings.s3BucketPrefix), ...(settings.glueDatabase ? { database: settings.glueDatabase } : {}) };
  return {
    engine: new AthenaEngine({
      client: new AthenaClient({ region: settings.region }),
      database: names.database,
      workGroup: names.workGroup,
      outputLocation: names.outputLocation,
      kmsKey: settings.kmsKeyId,
      onQueryStatistics: options.onQueryStatistics,
    }),
    glue: new GlueClient({ region: settings.region }),
    database: names.database,
    zoneUrl: (zone) => `s3://${zoneBucketName(settings.s3BucketPrefix, zone)}/`,
  };
}
