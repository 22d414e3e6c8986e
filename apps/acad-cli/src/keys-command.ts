import type { Settings } from '@acad/config';
import { LocalKeyring } from '@acad/crypto';
import { createZoneStores, rewrapSealedObjects, type RewrapReport } from '@acad/zones';

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
