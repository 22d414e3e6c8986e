import { resolve } from 'node:path';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, RotateKeyOnDemandCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { Settings } from '@acad/config';
import {
  backupKeyring,
  FIELD_KEY_PURPOSE,
  LocalKeyring,
  restoreKeyring,
  type KeyBackupManifest,
  type KeyRestoreReport,
} from '@acad/crypto';
import {
  DATA_KEYS_PREFIX,
  initializeKeys,
  readLakeDataKeys,
  rewrapSealedObjects,
  type KeysInitialized,
  type RewrapReport,
} from '@acad/zones';
import { keyRewrapper, kmsKey, zoneStores } from './compose';

/**
 * The KMS key that wraps data keys with ACAD_KMS=aws: its ARN, state and whether KMS rotates it
 * yearly. It wraps the per-object envelope keys and the lake's field and tokenization keys.
 */
export interface KmsKeyStatus {
  keyId: string;
  state: string;
  automaticRotation: boolean;
}

/** `acad keys init`: the explicit first-run step; keys are created only here, and only on an empty lake. With KMS, the key is checked too. */
export async function initKeys(settings: Settings): Promise<KeysInitialized & { kms?: KmsKeyStatus }> {
  const kms = kmsKey(settings);
  const initialized = await initializeKeys({ home: settings.home, kms }, zoneStores(settings));
  return kms ? { ...initialized, kms: await describeKmsKey(kms) } : initialized;
}

/** `acad keys backup <dir>`: every key file and a manifest of their SHA-256s into a new folder. */
export function backupKeys(settings: Settings, dir: string, cwd = process.cwd()): KeyBackupManifest & { dir: string } {
  const target = resolve(cwd, dir);
  return { dir: target, ...backupKeyring(settings.home, target) };
}

/** `acad keys restore <dir>`: the backup's keys checked against its manifest and put back; a different existing key is never overwritten. */
export function restoreKeys(settings: Settings, dir: string, cwd = process.cwd()): KeyRestoreReport {
  return restoreKeyring(settings.home, resolve(cwd, dir));
}

/**
 * `acad keys rotate`: new key material for the key that wraps data keys. Locally a new master key
 * version; with KMS, KMS rotates the key's material on demand under the same ARN. Either way old data stays readable.
 */
export async function rotateKeys(settings: Settings): Promise<{ keyId: string; version?: number; versions?: number[] }> {
  const kms = kmsKey(settings);
  if (kms) {
    const rotated = await kms.client.send(new RotateKeyOnDemandCommand({ KeyId: kms.keyId }));
    return { keyId: rotated.KeyId ?? kms.keyId };
  }
  const keyring = LocalKeyring.open(settings.home);
  const rotated = keyring.rotate();
  return { ...rotated, versions: [...keyring.versions] };
}

/**
 * `acad keys rewrap`: every sealed object's data key re-wrapped under the key new writes use: the
 * newest local version, or with KMS the configured key (ReEncrypt inside KMS).
 */
export async function rewrapKeys(settings: Settings, onObject?: (key: string) => void): Promise<RewrapReport> {
  return rewrapSealedObjects(zoneStores(settings), keyRewrapper(settings), onObject);
}

/**
 * `acad keys status`: locally the keyring's folder and master key versions; with KMS the key and
 * where the lake keeps its wrapped field and tokenization keys (no local keyring is read).
 */
export async function keyStatus(
  settings: Settings,
): Promise<{ keysDir: string; latestKeyId: string; versions: number[]; kms?: KmsKeyStatus }> {
  const kms = kmsKey(settings);
  if (!kms) {
    const keyring = LocalKeyring.open(settings.home);
    return { keysDir: keyring.keysDir, latestKeyId: keyring.latestKeyId, versions: [...keyring.versions] };
  }
  const platform = zoneStores(settings).platform;
  const stored = await readLakeDataKeys(platform);
  const described = await describeKmsKey(kms);
  return {
    keysDir: `${platform.location}/${DATA_KEYS_PREFIX}`,
    latestKeyId: described.keyId,
    versions: stored
      .filter((key) => key.purpose === FIELD_KEY_PURPOSE)
      .map((key) => key.version)
      .sort((a, b) => a - b),
    kms: described,
  };
}

async function describeKmsKey({ client, keyId }: { client: KMSClient; keyId: string }): Promise<KmsKeyStatus> {
  const { KeyMetadata: key } = await client.send(new DescribeKeyCommand({ KeyId: keyId }));
  const arn = key?.Arn ?? keyId;
  const rotation = await client.send(new GetKeyRotationStatusCommand({ KeyId: arn }));
  return { keyId: arn, state: key?.KeyState ?? 'unknown', automaticRotation: rotation.KeyRotationEnabled === true };
}
