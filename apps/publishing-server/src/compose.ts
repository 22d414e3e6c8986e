import { resolve } from 'node:path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { KMSClient } from '@aws-sdk/client-kms';
import { ConfigError, loadSettings, programVersion, settingEnvNames, type SettingName, type Settings, awsClientConfig } from '@acad/config';
import type { FieldCipher } from '@acad/crypto';
import { createMetricsSink, type MetricsSink } from '@acad/monitoring';
import { LocalQualityHistoryStore, type QualityHistoryStore } from '@acad/quality';
import { createS3Client } from '@acad/storage';
import { createDataProtection, createZoneStores, type ZoneStores } from '@acad/zones';

/*
 * The publishing server's composition root: the only module of the server that reads settings or
 * builds an AWS client. `buildServer` and the snapshot builder's child process take their
 * adapters from here.
 */

export function serverVersion(): string {
  return programVersion(__dirname);
}

/** Settings from the environment and acad.config.json, as the server and its child processes read them. */
export function serverSettings(): Settings {
  return loadSettings();
}

/** Every setting's environment variable, for `--help`. */
export function settingVariables(): string[] {
  return Object.values(settingEnvNames);
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}

/** The settings as environment variables, so a child process composes what the server did. */
export function settingsEnv(settings: Settings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, variable] of Object.entries(settingEnvNames)) {
    const value = settings[name as SettingName];
    // An object setting (the OIDC role map) goes as JSON, which the setting also reads.
    if (value !== undefined) env[variable] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  env[settingEnvNames.home] = resolve(settings.home);
  return env;
}

/** ACAD_STORAGE: folders under ACAD_HOME, or one S3 bucket per zone. */
export function zoneStores(settings: Settings): ZoneStores {
  return createZoneStores({
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
}

/**
 * The field cipher: over the local keyring, or with ACAD_KMS=aws over the lake's field data keys
 * (KMS-wrapped in the platform zone, unwrapped once with Decrypt), so no keyring folder is needed.
 */
export async function fieldCipher(settings: Settings, stores: ZoneStores = zoneStores(settings)): Promise<FieldCipher> {
  const kms =
    settings.kms === 'aws' && settings.kmsKeyId
      ? { client: new KMSClient(awsClientConfig(settings)), keyId: settings.kmsKeyId }
      : undefined;
  return (await createDataProtection({ home: settings.home, kms }, stores.platform)).fieldCipher;
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

/** The quality history the pipeline records under ACAD_HOME (the quality pages read it). */
export function qualityHistory(settings: Settings): QualityHistoryStore {
  return new LocalQualityHistoryStore(settings.home);
}
