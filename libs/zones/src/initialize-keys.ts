import { AwsKmsKeyProvider, KeyringNotFound, LocalKeyring, TOKENIZATION_KEY_PURPOSE, FIELD_KEY_PURPOSE } from '@acad/crypto';
import type { KeyLocation } from './data-protection';
import { createLakeDataKeys, DATA_KEYS_PREFIX, readLakeDataKeys } from './lake-data-keys';
import { DATA_ZONES, type ZoneStores } from './zone';
import { LakeHoldsData } from './zone-errors';

const LOG_PREFIX = '_log/';

/** Where the lake already holds something sealed or tokenized under keys, or undefined when empty. */
export async function firstLakeData(stores: ZoneStores): Promise<string | undefined> {
  for await (const info of stores.platform.listAll(LOG_PREFIX)) return `platform/${info.key}`;
  // Landing holds files as delivered, before any key touched them; every other zone is written under the keys.
  for (const zone of DATA_ZONES.filter((z) => z !== 'landing')) {
    for await (const info of stores[zone].listAll('')) return `${zone}/${info.key}`;
  }
  return undefined;
}

export interface KeysInitialized {
  /** Where the keys are: the local keys folder, or with KMS the platform zone's `_keys/` (wrapped data keys). */
  keysDir: string;
  /** False when a complete set of keys was already there (nothing was written). */
  created: boolean;
  /** Master key versions locally; field data key versions with KMS. */
  versions: number[];
}

/**
 * The explicit first-run step (`acad keys init`, called by `npm start` on an empty ACAD_HOME):
 * creates the keys only where there are none and the lake holds no data (no commit-log entry,
 * no object in a zone written under keys). Locally: the master and tokenization keys under
 * ACAD_HOME/keys. With KMS: the field and tokenization keys as KMS data keys (`GenerateDataKey`),
 * stored wrapped in the platform zone. Complete keys are left as they are; missing ones over
 * existing data are an error that says how to restore them. Nothing else ever creates a key.
 */
export async function initializeKeys(location: KeyLocation, stores: ZoneStores): Promise<KeysInitialized> {
  return location.kms ? initializeLakeDataKeys(new AwsKmsKeyProvider(location.kms), stores) : initializeKeyring(location.home, stores);
}

async function initializeKeyring(home: string, stores: ZoneStores): Promise<KeysInitialized> {
  try {
    const keyring = LocalKeyring.open(home);
    return { keysDir: keyring.keysDir, created: false, versions: keyring.versions };
  } catch (error) {
    if (!(error instanceof KeyringNotFound)) throw error;
    const data = await firstLakeData(stores);
    if (data) throw new LakeHoldsData(error.keysDir, data);
  }
  const keyring = LocalKeyring.create(home);
  return { keysDir: keyring.keysDir, created: true, versions: keyring.versions };
}

async function initializeLakeDataKeys(kms: AwsKmsKeyProvider, stores: ZoneStores): Promise<KeysInitialized> {
  const keysDir = `${stores.platform.location}/${DATA_KEYS_PREFIX}`;
  const stored = await readLakeDataKeys(stores.platform);
  const fieldVersions = () => stored.filter((k) => k.purpose === FIELD_KEY_PURPOSE).map((k) => k.version);
  const complete = [TOKENIZATION_KEY_PURPOSE, FIELD_KEY_PURPOSE].every((p) => stored.some((k) => k.purpose === p && k.version === 1));
  if (complete) return { keysDir, created: false, versions: fieldVersions().sort((a, b) => a - b) };
  const data = await firstLakeData(stores);
  if (data) {
    throw new LakeHoldsData(
      keysDir,
      data,
      `restore the platform zone's ${DATA_KEYS_PREFIX} objects from the bucket's object versions or backup`,
    );
  }
  const written = await createLakeDataKeys(stores.platform, kms);
  return { keysDir, created: written.length > 0, versions: [1] };
}
