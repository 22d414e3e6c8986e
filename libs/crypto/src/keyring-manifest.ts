import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidKeyFile } from './crypto-errors';

/** The keyring's own listing of its master key versions, beside the keys. */
export const KEYRING_MANIFEST_FILE = 'keyring.json';

const MASTER_FILE = /^master-v([1-9][0-9]{0,8})\.key$/;

/**
 * What `keyring.json` holds. It lets `LocalKeyring.open` tell a deleted newest key from a
 * keyring that never had it (versions are contiguous from 1, so only the newest could vanish
 * unseen). It holds no key material.
 */
export interface KeyringManifest {
  format: 1;
  masterVersions: number[];
}

export function masterFileName(version: number): string {
  return `master-v${version}.key`;
}

/** Master key versions whose files are in the folder, ascending. */
export function listMasterVersions(keysDir: string): number[] {
  return readdirSync(keysDir)
    .flatMap((name) => {
      const match = MASTER_FILE.exec(name);
      return match ? [Number(match[1])] : [];
    })
    .sort((a, b) => a - b);
}

/** The listing, or undefined for a keyring from before it existed. */
export function readKeyringManifest(keysDir: string): KeyringManifest | undefined {
  const path = join(keysDir, KEYRING_MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InvalidKeyFile(path, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: Partial<KeyringManifest> | undefined;
  try {
    parsed = JSON.parse(text) as Partial<KeyringManifest>;
  } catch {
    parsed = undefined;
  }
  const versions = parsed?.masterVersions;
  if (parsed?.format !== 1 || !Array.isArray(versions) || !versions.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new InvalidKeyFile(path, 'it is not a keyring listing ({"format":1,"masterVersions":[...]})');
  }
  return { format: 1, masterVersions: [...versions].sort((a, b) => a - b) };
}

/** Replaces the listing atomically (write aside, then rename), mode 0600. */
export function writeKeyringManifest(keysDir: string, versions: readonly number[]): void {
  const manifest: KeyringManifest = { format: 1, masterVersions: [...new Set(versions)].sort((a, b) => a - b) };
  const path = join(keysDir, KEYRING_MANIFEST_FILE);
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  writeFileSync(temporary, `${JSON.stringify(manifest)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temporary, path);
}
