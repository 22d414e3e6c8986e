import { KeyringNotFound, LocalKeyring } from '@acad/crypto';
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
  keysDir: string;
  /** False when a complete keyring was already there (nothing was written). */
  created: boolean;
  versions: number[];
}

/**
 * The explicit first-run step (`acad keys init`, called by `npm start` on an empty ACAD_HOME):
 * creates the master and tokenization keys, only where there is no keyring and the lake holds
 * no data (no commit-log entry, no object in a zone written under keys). A complete keyring is
 * left as it is; a damaged one, or a missing one over existing data, is an error that says how
 * to restore it. Nothing else ever creates a key.
 */
export async function initializeKeys(home: string, stores: ZoneStores): Promise<KeysInitialized> {
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
