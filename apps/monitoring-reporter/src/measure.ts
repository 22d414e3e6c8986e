import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Settings } from '@acad/config';
import { collectKeyUsage } from '@acad/monitoring';
import type { ObjectStore } from '@acad/storage';
import type { KeysReport } from './report';

const MASTER_KEY_FILE = /^master-v(\d+)\.key$/;

/**
 * Key versions (read from the keyring folder without opening it, so a report never creates
 * keys) and sealed objects per wrapping key id in the sealed zones.
 */
export async function measureKeys(settings: Settings, sealedStores: Record<string, ObjectStore>): Promise<KeysReport> {
  let keyVersions: string[];
  if (settings.kms === 'aws') {
    keyVersions = [settings.kmsKeyId ?? 'unset'];
  } else {
    const names = await readdir(join(settings.home, 'keys')).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    keyVersions = names
      .map((n) => MASTER_KEY_FILE.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b)
      .map((v) => `local:v${v}`);
  }
  const usage = await collectKeyUsage(sealedStores);
  return {
    provider: settings.kms === 'aws' ? 'aws-kms' : 'local-keyring',
    keyVersions,
    sealedObjects: usage.sealedObjects,
    sealedObjectsByKey: usage.sealedObjectsByKey,
    unreadableSealedObjects: usage.unreadable,
  };
}
