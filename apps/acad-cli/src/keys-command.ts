import { resolve } from 'node:path';
import type { Settings } from '@acad/config';
import { backupKeyring, LocalKeyring, restoreKeyring, type KeyBackupManifest, type KeyRestoreReport } from '@acad/crypto';
import { createZoneStores, initializeKeys, rewrapSealedObjects, type KeysInitialized, type RewrapReport } from '@acad/zones';

/** `acad keys init`: the explicit first-run step; keys are created only here, and only on an empty lake. */
export async function initKeys(settings: Settings): Promise<KeysInitialized> {
  return initializeKeys(settings.home, createZoneStores(settings));
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

/** `acad keys rotate`: a new master key version; new writes use it, old data stays readable. */
export function rotateKeys(settings: Settings): { version: number; keyId: string; versions: number[] } {
  const keyring = LocalKeyring.open(settings.home);
  const rotated = keyring.rotate();
  return { ...rotated, versions: [...keyring.versions] };
}

/** `acad keys rewrap`: every sealed object's data key re-wrapped under the newest version. */
export async function rewrapKeys(settings: Settings, onObject?: (key: string) => void): Promise<RewrapReport> {
  return rewrapSealedObjects(createZoneStores(settings), LocalKeyring.open(settings.home), onObject);
}

export function keyStatus(settings: Settings): { keysDir: string; latestKeyId: string; versions: number[] } {
  const keyring = LocalKeyring.open(settings.home);
  return { keysDir: keyring.keysDir, latestKeyId: keyring.latestKeyId, versions: [...keyring.versions] };
}
