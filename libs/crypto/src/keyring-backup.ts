import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InvalidKeyBackup, KeyRestoreConflict } from './crypto-errors';
import { KEY_BYTES, readKeyFile, writeKeyFileIfAbsent } from './key-file';
import { listMasterVersions, masterFileName, readKeyringManifest, writeKeyringManifest } from './keyring-manifest';
import { LocalKeyring, TOKENIZATION_KEY_FILE } from './local-keyring';

/** The file a keyring backup folder describes itself in. */
export const KEY_BACKUP_MANIFEST = 'manifest.json';

/** What `manifest.json` of a backup folder holds: no key material, only names and checksums. */
export interface KeyBackupManifest {
  format: 1;
  createdAt: string;
  masterVersions: number[];
  files: Array<{ name: string; bytes: number; sha256: string }>;
}

export interface KeyRestoreReport {
  keysDir: string;
  /** Key files written from the backup. */
  restored: string[];
  /** Key files already present with the backup's exact bytes. */
  unchanged: string[];
  masterVersions: number[];
}

const KEY_FILE_NAME = /^(master-v[1-9][0-9]{0,8}|tokenization)\.key$/;

/**
 * Copies the keyring under `<homeDir>/keys` into `backupDir` (created 0700; it must not exist
 * or be empty): every key file (0600) and a manifest with each file's SHA-256. The keyring is
 * opened first, so a damaged keyring is reported instead of backed up.
 */
export function backupKeyring(homeDir: string, backupDir: string, now = new Date()): KeyBackupManifest {
  const keyring = LocalKeyring.open(homeDir);
  if (existsSync(backupDir) && readdirSync(backupDir).length > 0) {
    throw new InvalidKeyBackup(backupDir, 'the folder is not empty; back up into a new folder');
  }
  mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  chmodSync(backupDir, 0o700);
  const names = [...keyring.versions.map(masterFileName), TOKENIZATION_KEY_FILE];
  const files = names.map((name) => {
    const bytes = readKeyFile(join(keyring.keysDir, name));
    writeFileSync(join(backupDir, name), bytes, { mode: 0o600, flag: 'wx' });
    return { name, bytes: bytes.length, sha256: sha256(bytes) };
  });
  const manifest: KeyBackupManifest = { format: 1, createdAt: now.toISOString(), masterVersions: [...keyring.versions], files };
  writeFileSync(join(backupDir, KEY_BACKUP_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return manifest;
}

/**
 * Restores the key files of a backup into `<homeDir>/keys` (folder 0700, files 0600). Every
 * file is checked against the manifest's SHA-256 before anything is written, and a key already
 * in the keyring must equal the backup's copy: a different one is never overwritten. Keys the
 * keyring has beyond the backup (later rotations) are kept.
 */
export function restoreKeyring(homeDir: string, backupDir: string): KeyRestoreReport {
  const manifest = readBackupManifest(backupDir);
  const keysDir = join(homeDir, 'keys');
  const plan = manifest.files.map((file) => {
    const from = join(backupDir, file.name);
    let bytes: Buffer;
    try {
      bytes = readFileSync(from);
    } catch {
      throw new InvalidKeyBackup(backupDir, `${file.name} is listed in ${KEY_BACKUP_MANIFEST} but cannot be read`);
    }
    if (bytes.length !== KEY_BYTES || bytes.length !== file.bytes || sha256(bytes) !== file.sha256) {
      throw new InvalidKeyBackup(backupDir, `${file.name} does not match its SHA-256 in ${KEY_BACKUP_MANIFEST} (altered or truncated)`);
    }
    const to = join(keysDir, file.name);
    const existing = existsSync(to) ? readFileSync(to) : undefined;
    if (existing && !existing.equals(bytes)) throw new KeyRestoreConflict(to, from);
    return { name: file.name, to, bytes, present: existing !== undefined };
  });
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  chmodSync(keysDir, 0o700);
  const listed = readKeyringManifest(keysDir)?.masterVersions;
  const report: KeyRestoreReport = { keysDir, restored: [], unchanged: [], masterVersions: [] };
  for (const file of plan) {
    if (!file.present && writeKeyFileIfAbsent(file.to, file.bytes)) report.restored.push(file.name);
    else if (!readFileSync(file.to).equals(file.bytes)) throw new KeyRestoreConflict(file.to, join(backupDir, file.name));
    else report.unchanged.push(file.name);
    chmodSync(file.to, 0o600);
  }
  report.masterVersions = listMasterVersions(keysDir);
  // Versions the keyring listed before stay listed: a backup older than the newest key must not hide its loss.
  writeKeyringManifest(keysDir, [...report.masterVersions, ...(listed ?? [])]);
  // What open() accepts is what was restored: a version still missing is reported now, naming its file.
  LocalKeyring.open(homeDir);
  return report;
}

function readBackupManifest(backupDir: string): KeyBackupManifest {
  const path = join(backupDir, KEY_BACKUP_MANIFEST);
  let parsed: Partial<KeyBackupManifest>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<KeyBackupManifest>;
  } catch {
    throw new InvalidKeyBackup(backupDir, `${KEY_BACKUP_MANIFEST} is missing or not JSON: is this a folder made by \`acad keys backup\`?`);
  }
  const files = parsed.files;
  const wellFormed =
    parsed.format === 1 &&
    Array.isArray(files) &&
    files.every(
      (f) =>
        typeof f?.name === 'string' &&
        KEY_FILE_NAME.test(f.name) &&
        basename(f.name) === f.name &&
        typeof f.sha256 === 'string' &&
        /^[0-9a-f]{64}$/.test(f.sha256) &&
        Number.isInteger(f.bytes),
    );
  if (!wellFormed) throw new InvalidKeyBackup(backupDir, `${KEY_BACKUP_MANIFEST} is not a keyring backup manifest`);
  if (!files.some((f) => f.name === TOKENIZATION_KEY_FILE) || !files.some((f) => f.name === masterFileName(1))) {
    throw new InvalidKeyBackup(backupDir, `it lacks ${TOKENIZATION_KEY_FILE} or ${masterFileName(1)}`);
  }
  return parsed as KeyBackupManifest;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
