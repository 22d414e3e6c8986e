import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalContext, validateEncryptionContext, type EncryptionContext } from './encryption-context';
import { DecryptionFailed, KeyringExists, KeyringNotFound, UnknownKeyVersion } from './crypto-errors';
import { assertPrivateFolder, createKeyFileIfAbsent, KEY_BYTES, readKeyFile } from './key-file';
import type { DataKey, DerivedKeySource, KeyProvider, KeyRewrapper } from './key-provider';
import { KEYRING_MANIFEST_FILE, listMasterVersions, masterFileName, readKeyringManifest, writeKeyringManifest } from './keyring-manifest';

const LOCAL_KEY_ID = /^local:v([1-9][0-9]{0,8})$/;
export const TOKENIZATION_KEY_FILE = 'tokenization.key';
// Wrapped key = format byte | version (u32 BE) | IV (12) | encrypted data key (32) | tag (16).
const WRAP_FORMAT = 0x01;
const WRAPPED_LENGTH = 1 + 4 + 12 + KEY_BYTES + 16;

/**
 * The embedded key provider: versioned master keys in `<home>/keys/master-v<N>.key` plus one
 * tokenization key, each 32 random bytes with mode 0600, and `keyring.json` listing the versions.
 * Data keys are wrapped with AES-256-GCM under the newest master key; the encryption context is
 * the associated data. Rotation adds a version and never deletes one, so old data stays readable.
 *
 * Keys are made only by `create` (the explicit first-run step on an empty lake). `open` never
 * writes a key: a missing, truncated or unreadable key file is an error naming it, because a
 * silently new key leaves sealed data unreadable and gives re-ingested students new tokens.
 */
export class LocalKeyring implements KeyProvider, KeyRewrapper, DerivedKeySource {
  readonly id = 'local';
  private readonly masters = new Map<number, Buffer>();

  private constructor(
    readonly keysDir: string,
    private readonly tokenKey: Buffer,
  ) {}

  /**
   * Opens the keyring under `<homeDir>/keys`. Throws `KeyringNotFound` if there is none,
   * `InvalidKeyFile` naming the file if any key (every version up to the newest listed or
   * present, and the tokenization key) is missing, unreadable or of the wrong size, and
   * `InsecureKeyFile` if the folder or a key file is open to group or others.
   */
  static open(homeDir: string): LocalKeyring {
    const keysDir = join(homeDir, 'keys');
    if (!existsSync(keysDir)) throw new KeyringNotFound(keysDir);
    assertPrivateFolder(keysDir);
    const listed = readKeyringManifest(keysDir)?.masterVersions ?? [];
    const present = listMasterVersions(keysDir);
    const tokenPath = join(keysDir, TOKENIZATION_KEY_FILE);
    if (listed.length === 0 && present.length === 0 && !existsSync(tokenPath)) throw new KeyringNotFound(keysDir);
    const keyring = new LocalKeyring(keysDir, readKeyFile(tokenPath));
    // Versions are made one after another from 1, so every version up to the newest must be there.
    const newest = Math.max(1, ...listed, ...present);
    for (let version = 1; version <= newest; version += 1) keyring.load(version);
    if (newest > Math.max(0, ...listed)) {
      // A keyring from before keyring.json, or a rotation whose listing lost a race: record it.
      // Best effort: a reader without write access still opens a complete keyring.
      try {
        writeKeyringManifest(keysDir, keyring.versions);
      } catch {
        /* the listing is a guard against lost files, not needed to read the keys */
      }
    }
    return keyring;
  }

  /**
   * The explicit first-run step: creates `<homeDir>/keys` (0700) with a fresh tokenization key
   * and master key v1 (0600). Throws `KeyringExists` if any key or the listing is already there.
   * Whether the lake is empty is for the caller to check (it knows the stores).
   */
  static create(homeDir: string): LocalKeyring {
    const keysDir = join(homeDir, 'keys');
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    assertPrivateFolder(keysDir);
    const existing = readdirSync(keysDir).filter(
      (name) => name === TOKENIZATION_KEY_FILE || name === KEYRING_MANIFEST_FILE || /^master-v\d+\.key$/.test(name),
    );
    if (existing.length > 0) throw new KeyringExists(keysDir, `the keyring already holds ${existing.sort().join(', ')}`);
    // Put-if-absent each: of two processes creating at once, exactly one wins and the other refuses.
    for (const name of [TOKENIZATION_KEY_FILE, masterFileName(1)]) {
      if (!createKeyFileIfAbsent(join(keysDir, name))) throw new KeyringExists(keysDir, `another process created ${name} meanwhile`);
    }
    writeKeyringManifest(keysDir, [1]);
    return LocalKeyring.open(homeDir);
  }

  get latestVersion(): number {
    return Math.max(...this.masters.keys());
  }

  get versions(): number[] {
    return [...this.masters.keys()].sort((a, b) => a - b);
  }

  get latestKeyId(): string {
    return localKeyId(this.latestVersion);
  }

  /** Adds master key version N+1; new wraps use it, older versions still unwrap. */
  rotate(): { version: number; keyId: string } {
    let version = Math.max(this.latestVersion, ...listMasterVersions(this.keysDir)) + 1;
    // Another process may rotate at the same moment: take the next free version.
    while (!createKeyFileIfAbsent(join(this.keysDir, masterFileName(version)))) version += 1;
    this.load(version);
    writeKeyringManifest(this.keysDir, listMasterVersions(this.keysDir));
    return { version, keyId: localKeyId(version) };
  }

  async generateDataKey(context: EncryptionContext): Promise<DataKey> {
    validateEncryptionContext(context);
    const plaintext = randomBytes(KEY_BYTES);
    const version = this.latestVersion;
    return { plaintext, wrapped: this.wrap(plaintext, version, context), keyId: localKeyId(version) };
  }

  async decryptDataKey(wrapped: Buffer, keyId: string, context: EncryptionContext): Promise<Buffer> {
    validateEncryptionContext(context);
    return this.unwrap(wrapped, keyId, context);
  }

  async rewrap(wrapped: Buffer, keyId: string, context: EncryptionContext): Promise<{ wrapped: Buffer; keyId: string }> {
    validateEncryptionContext(context);
    const plaintext = this.unwrap(wrapped, keyId, context);
    try {
      const version = this.latestVersion;
      return { wrapped: this.wrap(plaintext, version, context), keyId: localKeyId(version) };
    } finally {
      plaintext.fill(0);
    }
  }

  /** A copy of the tokenization key; it never rotates, so tokens stay stable. */
  tokenizationKey(): Buffer {
    return Buffer.from(this.tokenKey);
  }

  deriveKey(version: number, purpose: string): Buffer {
    const master = this.master(version, localKeyId(version));
    return Buffer.from(hkdfSync('sha256', master, 'acad-local-keyring', purpose, KEY_BYTES));
  }

  private wrap(plaintext: Buffer, version: number, context: EncryptionContext): Buffer {
    const prefix = Buffer.alloc(5);
    prefix.writeUInt8(WRAP_FORMAT, 0);
    prefix.writeUInt32BE(version, 1);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.master(version, localKeyId(version)), iv);
    cipher.setAAD(wrapAad(prefix, context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([prefix, iv, body, cipher.getAuthTag()]);
  }

  private unwrap(wrapped: Buffer, keyId: string, context: EncryptionContext): Buffer {
    const version = parseLocalKeyId(keyId);
    const master = this.master(version, keyId);
    if (wrapped.length !== WRAPPED_LENGTH || wrapped[0] !== WRAP_FORMAT || wrapped.readUInt32BE(1) !== version) {
      throw new DecryptionFailed('key-unwrap', `The wrapped data key is not a ${keyId} local wrap.`);
    }
    const decipher = createDecipheriv('aes-256-gcm', master, wrapped.subarray(5, 17));
    decipher.setAAD(wrapAad(wrapped.subarray(0, 5), context));
    decipher.setAuthTag(wrapped.subarray(17 + KEY_BYTES));
    try {
      return Buffer.concat([decipher.update(wrapped.subarray(17, 17 + KEY_BYTES)), decipher.final()]);
    } catch (error) {
      throw new DecryptionFailed('key-unwrap', `The data key did not verify under ${keyId} with this context.`, { cause: error });
    }
  }

  private master(version: number, keyId: string): Buffer {
    const existing = this.masters.get(version);
    if (existing) return existing;
    // Another process (e.g. `acad keys rotate`) may have added a version since we opened.
    if (existsSync(join(this.keysDir, masterFileName(version)))) return this.load(version);
    throw new UnknownKeyVersion(keyId, `the keyring at ${this.keysDir} holds versions ${this.versions.join(', ')}`);
  }

  private load(version: number): Buffer {
    const key = readKeyFile(join(this.keysDir, masterFileName(version)));
    this.masters.set(version, key);
    return key;
  }
}

export function localKeyId(version: number): string {
  return `local:v${version}`;
}

function parseLocalKeyId(keyId: string): number {
  const match = LOCAL_KEY_ID.exec(keyId);
  if (!match) throw new UnknownKeyVersion(keyId, "a local keyring only holds key ids of the form 'local:v<N>'");
  return Number(match[1]);
}

function wrapAad(prefix: Buffer, context: EncryptionContext): Buffer {
  return Buffer.concat([prefix, Buffer.from(canonicalContext(context), 'utf8')]);
}
