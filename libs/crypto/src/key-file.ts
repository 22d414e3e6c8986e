import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { InsecureKeyFile, InvalidKeyFile } from './crypto-errors';

export const KEY_BYTES = 32;

/** Refuses a key file that group or others may read or write (like ssh with private keys). */
export function assertOwnerOnlyFile(path: string): void {
  const mode = statKeyFile(path).mode;
  if ((mode & 0o077) !== 0) throw new InsecureKeyFile(path, mode, '0600');
}

/** Refuses a key folder that group or others may write to (they could swap key files). */
export function assertPrivateFolder(path: string): void {
  const mode = statSync(path).mode;
  if ((mode & 0o022) !== 0) throw new InsecureKeyFile(path, mode, '0700');
}

/**
 * Reads a 32-byte key file after checking its permissions. A missing, unreadable or truncated
 * file is an `InvalidKeyFile` naming it (and how to restore it), never a reason to make a new key.
 */
export function readKeyFile(path: string): Buffer {
  assertOwnerOnlyFile(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InvalidKeyFile(path, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (bytes.length !== KEY_BYTES) {
    throw new InvalidKeyFile(path, `it holds ${bytes.length} bytes; a key file holds exactly ${KEY_BYTES}`);
  }
  return bytes;
}

/**
 * Creates `path` holding `bytes`, mode 0600, only if it does not exist yet. Written to a
 * temporary name and hard-linked into place, so a concurrent reader never sees a half-written
 * key and two writers cannot both win. Returns false if the file already existed.
 */
export function writeKeyFileIfAbsent(path: string, bytes: Buffer): boolean {
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  writeFileSync(temporary, bytes, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/** Creates `path` with 32 fresh random bytes (see `writeKeyFileIfAbsent`). */
export function createKeyFileIfAbsent(path: string): boolean {
  return writeKeyFileIfAbsent(path, randomBytes(KEY_BYTES));
}

function statKeyFile(path: string) {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidKeyFile(path, code === 'ENOENT' ? 'it is missing' : `it cannot be read (${code ?? 'error'})`);
  }
}
