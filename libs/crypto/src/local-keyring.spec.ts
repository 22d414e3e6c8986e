import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempHome } from './crypto.test-support';
import { DecryptionFailed, InsecureKeyFile, InvalidKeyFile, KeyringExists, KeyringNotFound, UnknownKeyVersion } from './crypto-errors';
import { LocalKeyring } from './local-keyring';

const context = { dataset: 'attendance', zone: 'raw' };

describe('LocalKeyring', () => {
  let home: string;
  let cleanup: () => void;

  beforeEach(() => ({ home, cleanup } = makeTempHome()));
  afterEach(() => cleanup());

  it('creates keys/ (0700) with master-v1.key and tokenization.key (32 bytes, 0600) when created', () => {
    const keyring = LocalKeyring.create(home);
    const keysDir = join(home, 'keys');
    expect(keyring.keysDir).toBe(keysDir);
    expect(readdirSync(keysDir).sort()).toEqual(['keyring.json', 'master-v1.key', 'tokenization.key']);
    expect(statSync(keysDir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(join(keysDir, 'keyring.json'), 'utf8'))).toEqual({ format: 1, masterVersions: [1] });
    for (const file of ['master-v1.key', 'tokenization.key']) {
      expect(statSync(join(keysDir, file)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(keysDir, file))).toHaveLength(32);
    }
    expect(readFileSync(join(keysDir, 'master-v1.key')).equals(readFileSync(join(keysDir, 'tokenization.key')))).toBe(false);
    expect(keyring.latestKeyId).toBe('local:v1');
    expect(keyring.id).toBe('local');
  });

  it('wraps a fresh data key and unwraps it again, also from a re-opened keyring', async () => {
    const keyring = LocalKeyring.create(home);
    const first = await keyring.generateDataKey(context);
    const second = await keyring.generateDataKey(context);
    expect(first.plaintext).toHaveLength(32);
    expect(first.keyId).toBe('local:v1');
    expect(first.plaintext.equals(second.plaintext)).toBe(false);
    expect(first.wrapped.includes(first.plaintext)).toBe(false);
    const reopened = LocalKeyring.open(home);
    expect(
      (await reopened.decryptDataKey(first.wrapped, first.keyId, { zone: 'raw', dataset: 'attendance' })).equals(first.plaintext),
    ).toBe(true);
  });

  it('fails to unwrap with another context, another keyring, a flipped byte or a mismatched key id', async () => {
    const keyring = LocalKeyring.create(home);
    const key = await keyring.generateDataKey(context);
    await expect(keyring.decryptDataKey(key.wrapped, key.keyId, { dataset: 'attendance', zone: 'trusted' })).rejects.toThrow(
      DecryptionFailed,
    );
    const other = makeTempHome();
    try {
      await expect(LocalKeyring.create(other.home).decryptDataKey(key.wrapped, key.keyId, context)).rejects.toMatchObject({
        code: 'DECRYPTION_FAILED',
        reason: 'key-unwrap',
      });
    } finally {
      other.cleanup();
    }
    for (let i = 0; i < key.wrapped.length; i += 1) {
      const tampered = Buffer.from(key.wrapped);
      tampered[i] ^= 0x01;
      await expect(keyring.decryptDataKey(tampered, key.keyId, context)).rejects.toThrow(DecryptionFailed);
    }
    keyring.rotate();
    await expect(keyring.decryptDataKey(key.wrapped, 'local:v2', context)).rejects.toThrow(DecryptionFailed);
  });

  it('names unknown versions and foreign key ids', async () => {
    const keyring = LocalKeyring.create(home);
    const key = await keyring.generateDataKey(context);
    await expect(keyring.decryptDataKey(key.wrapped, 'local:v7', context)).rejects.toThrow(UnknownKeyVersion);
    await expect(keyring.decryptDataKey(key.wrapped, 'arn:aws:kms:eu-west-1:1:key/x', context)).rejects.toMatchObject({
      code: 'UNKNOWN_KEY_VERSION',
    });
  });

  it('rotates: new wraps use v2, v1 data keys still unwrap, rewrap moves a key to v2 without changing it', async () => {
    const keyring = LocalKeyring.create(home);
    const old = await keyring.generateDataKey(context);
    expect(keyring.rotate()).toEqual({ version: 2, keyId: 'local:v2' });
    expect(readdirSync(keyring.keysDir).sort()).toEqual(['keyring.json', 'master-v1.key', 'master-v2.key', 'tokenization.key']);
    expect(statSync(join(keyring.keysDir, 'master-v2.key')).mode & 0o777).toBe(0o600);
    expect(keyring.versions).toEqual([1, 2]);
    const fresh = await keyring.generateDataKey(context);
    expect(fresh.keyId).toBe('local:v2');
    expect((await keyring.decryptDataKey(old.wrapped, 'local:v1', context)).equals(old.plaintext)).toBe(true);

    const rewrapped = await keyring.rewrap(old.wrapped, old.keyId, context);
    expect(rewrapped.keyId).toBe('local:v2');
    expect(rewrapped.wrapped.equals(old.wrapped)).toBe(false);
    expect((await keyring.decryptDataKey(rewrapped.wrapped, 'local:v2', context)).equals(old.plaintext)).toBe(true);
    await expect(keyring.rewrap(old.wrapped, old.keyId, { dataset: 'other' })).rejects.toThrow(DecryptionFailed);
  });

  it('keeps the tokenization key across rotations and re-opens', () => {
    const keyring = LocalKeyring.create(home);
    const before = keyring.tokenizationKey();
    keyring.rotate();
    keyring.rotate();
    expect(LocalKeyring.open(home).tokenizationKey().equals(before)).toBe(true);
    expect(LocalKeyring.open(home).latestVersion).toBe(3);
  });

  it('sees a version another process rotated in after it opened', async () => {
    const server = LocalKeyring.create(home);
    const cli = LocalKeyring.open(home);
    cli.rotate();
    const key = await cli.generateDataKey(context);
    expect((await server.decryptDataKey(key.wrapped, 'local:v2', context)).equals(key.plaintext)).toBe(true);
    // And rotating from the stale instance takes the next free version instead of clobbering v2.
    expect(server.rotate().version).toBe(3);
  });

  it('derives distinct per-version, per-purpose keys', () => {
    const keyring = LocalKeyring.create(home);
    keyring.rotate();
    const a = keyring.deriveKey(1, 'purpose-a');
    expect(a).toHaveLength(32);
    expect(keyring.deriveKey(1, 'purpose-a').equals(a)).toBe(true);
    expect(keyring.deriveKey(1, 'purpose-b').equals(a)).toBe(false);
    expect(keyring.deriveKey(2, 'purpose-a').equals(a)).toBe(false);
    expect(() => keyring.deriveKey(9, 'purpose-a')).toThrow(UnknownKeyVersion);
  });

  it.each(['master-v1.key', 'tokenization.key'])('refuses to open when %s is chmod 0644, naming file and mode', (file) => {
    LocalKeyring.create(home);
    const path = join(home, 'keys', file);
    chmodSync(path, 0o644);
    let caught: unknown;
    try {
      LocalKeyring.open(home);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InsecureKeyFile);
    expect(caught).toMatchObject({ code: 'KEY_FILE_PERMISSIONS', path, mode: expect.any(Number) });
    expect((caught as Error).message).toContain(path);
    expect((caught as Error).message).toContain('0644');
  });

  it('refuses a group-readable newer master key and a world-writable keys folder', () => {
    LocalKeyring.create(home).rotate();
    chmodSync(join(home, 'keys', 'master-v2.key'), 0o640);
    expect(() => LocalKeyring.open(home)).toThrow(/master-v2\.key: its mode is 0640/);
    chmodSync(join(home, 'keys', 'master-v2.key'), 0o600);
    chmodSync(join(home, 'keys'), 0o777);
    expect(() => LocalKeyring.open(home)).toThrow(InsecureKeyFile);
  });

  it('refuses a keyring whose tokenization key vanished, and a key file of the wrong size', () => {
    LocalKeyring.create(home);
    unlinkSync(join(home, 'keys', 'tokenization.key'));
    expect(() => LocalKeyring.open(home)).toThrow(InvalidKeyFile);
    expect(() => LocalKeyring.open(home)).toThrow(/tokenization\.key cannot be used: it is missing/);
    writeFileSync(join(home, 'keys', 'tokenization.key'), Buffer.alloc(16), { mode: 0o600 });
    expect(() => LocalKeyring.open(home)).toThrow(/holds 16 bytes/);
  });

  describe('a lost key is an error, never a new key', () => {
    /** The error `open` throws, and what the keys folder holds afterwards (nothing may have been written). */
    const openFails = () => {
      const before = existsSync(join(home, 'keys')) ? readdirSync(join(home, 'keys')).sort() : null;
      let caught: unknown;
      try {
        LocalKeyring.open(home);
      } catch (error) {
        caught = error;
      }
      const after = existsSync(join(home, 'keys')) ? readdirSync(join(home, 'keys')).sort() : null;
      expect(after).toEqual(before);
      return caught as Error & { code?: string };
    };

    it('opening where no keyring was created refuses and creates nothing', () => {
      const error = openFails();
      expect(error).toBeInstanceOf(KeyringNotFound);
      expect(error.message).toContain(join(home, 'keys'));
      expect(error.message).toContain('acad keys restore');
      expect(existsSync(join(home, 'keys'))).toBe(false);
    });

    it('a deleted keys/ folder is refused, naming it and how to restore', () => {
      LocalKeyring.create(home);
      rmSync(join(home, 'keys'), { recursive: true });
      const error = openFails();
      expect(error).toMatchObject({ code: 'KEYRING_NOT_FOUND' });
      expect(error.message).toMatch(/restore .*acad keys restore <backup-dir>/);
    });

    it('a deleted master-v1.key is refused, naming the file, even when tokenization.key is left', () => {
      LocalKeyring.create(home);
      const path = join(home, 'keys', 'master-v1.key');
      unlinkSync(path);
      const error = openFails();
      expect(error).toBeInstanceOf(InvalidKeyFile);
      expect(error).toMatchObject({ code: 'KEY_FILE_INVALID', path });
      expect(error.message).toContain(`${path} cannot be used: it is missing`);
      expect(error.message).toContain('acad keys restore <backup-dir>');
    });

    it('a deleted newest version is refused (keyring.json lists it), and so is a gap below it', () => {
      LocalKeyring.create(home).rotate();
      const v2 = join(home, 'keys', 'master-v2.key');
      const saved = readFileSync(v2);
      unlinkSync(v2);
      expect(openFails()).toMatchObject({ code: 'KEY_FILE_INVALID', path: v2 });
      writeFileSync(v2, saved, { mode: 0o600 });
      unlinkSync(join(home, 'keys', 'master-v1.key'));
      expect(openFails()).toMatchObject({ path: join(home, 'keys', 'master-v1.key') });
    });

    it('a truncated or unreadable key is refused, naming the file', () => {
      LocalKeyring.create(home);
      const path = join(home, 'keys', 'master-v1.key');
      writeFileSync(path, readFileSync(path).subarray(0, 31), { mode: 0o600 });
      expect(openFails().message).toMatch(/master-v1\.key cannot be used: it holds 31 bytes.*acad keys restore/);
      unlinkSync(path);
      mkdirSync(path, { mode: 0o700 });
      expect(openFails().message).toMatch(/master-v1\.key cannot be used: it cannot be read \(EISDIR\)/);
    });

    it('create refuses a folder that already holds keys, and keeps them', () => {
      const first = LocalKeyring.create(home).tokenizationKey();
      expect(() => LocalKeyring.create(home)).toThrow(KeyringExists);
      unlinkSync(join(home, 'keys', 'master-v1.key'));
      expect(() => LocalKeyring.create(home)).toThrow(/already holds keyring\.json, tokenization\.key/);
      expect(readFileSync(join(home, 'keys', 'tokenization.key')).equals(first)).toBe(true);
    });

    it('opens a keyring made before keyring.json existed, and lists its versions', () => {
      LocalKeyring.create(home).rotate();
      unlinkSync(join(home, 'keys', 'keyring.json'));
      expect(LocalKeyring.open(home).versions).toEqual([1, 2]);
      expect(JSON.parse(readFileSync(join(home, 'keys', 'keyring.json'), 'utf8'))).toEqual({ format: 1, masterVersions: [1, 2] });
    });
  });
});
