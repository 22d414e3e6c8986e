import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempHome } from './crypto.test-support';
import { InvalidKeyBackup, KeyRestoreConflict } from './crypto-errors';
import { encryptBuffer, decryptBuffer } from './envelope-buffer';
import { backupKeyring, restoreKeyring } from './keyring-backup';
import { LocalKeyring } from './local-keyring';

const context = { dataset: 'attendance', zone: 'raw' };

describe('backupKeyring / restoreKeyring', () => {
  let home: string;
  let cleanup: () => void;
  let backup: string;

  beforeEach(() => {
    ({ home, cleanup } = makeTempHome());
    backup = join(home, 'backup');
  });
  afterEach(() => cleanup());

  it('backs up every key with a manifest of SHA-256s, and restores a deleted keyring that reads old data again', async () => {
    const keyring = LocalKeyring.create(home);
    keyring.rotate();
    const sealed = await encryptBuffer(keyring, context, Buffer.from('student rows'));
    const manifest = backupKeyring(home, backup, new Date('2026-12-01T10:00:00Z'));

    expect(manifest).toMatchObject({ format: 1, createdAt: '2026-12-01T10:00:00.000Z', masterVersions: [1, 2] });
    expect(manifest.files.map((f) => f.name)).toEqual(['master-v1.key', 'master-v2.key', 'tokenization.key']);
    expect(statSync(backup).mode & 0o777).toBe(0o700);
    for (const file of manifest.files) {
      const bytes = readFileSync(join(backup, file.name));
      expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(bytes.equals(readFileSync(join(home, 'keys', file.name)))).toBe(true);
      expect(statSync(join(backup, file.name)).mode & 0o777).toBe(0o600);
    }
    expect(JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8'))).toEqual(manifest);

    rmSync(join(home, 'keys'), { recursive: true });
    const report = restoreKeyring(home, backup);
    expect(report).toMatchObject({
      restored: ['master-v1.key', 'master-v2.key', 'tokenization.key'],
      unchanged: [],
      masterVersions: [1, 2],
    });
    expect(statSync(join(home, 'keys')).mode & 0o777).toBe(0o700);
    for (const name of ['master-v1.key', 'master-v2.key', 'tokenization.key']) {
      expect(statSync(join(home, 'keys', name)).mode & 0o777).toBe(0o600);
    }
    const restored = LocalKeyring.open(home);
    expect((await decryptBuffer(restored, sealed)).toString()).toBe('student rows');
    expect(restored.tokenizationKey().equals(keyring.tokenizationKey())).toBe(true);
  });

  it('restores one lost file next to the others, and leaves identical keys and later versions alone', () => {
    LocalKeyring.create(home);
    backupKeyring(home, backup);
    LocalKeyring.open(home).rotate();
    unlinkSync(join(home, 'keys', 'master-v1.key'));
    expect(() => LocalKeyring.open(home)).toThrow(/master-v1\.key cannot be used/);
    const report = restoreKeyring(home, backup);
    expect(report.restored).toEqual(['master-v1.key']);
    expect(report.unchanged).toEqual(['tokenization.key']);
    expect(report.masterVersions).toEqual([1, 2]);
    expect(LocalKeyring.open(home).versions).toEqual([1, 2]);
  });

  it('refuses to overwrite a different existing key, and changes nothing', () => {
    LocalKeyring.create(home);
    backupKeyring(home, backup);
    rmSync(join(home, 'keys'), { recursive: true });
    LocalKeyring.create(home); // a different keyring, e.g. made by mistake
    const before = readdirSync(join(home, 'keys')).map((n) => readFileSync(join(home, 'keys', n)).toString('hex'));
    expect(() => restoreKeyring(home, backup)).toThrow(KeyRestoreConflict);
    expect(() => restoreKeyring(home, backup)).toThrow(/master-v1\.key: the keyring already holds a different key/);
    expect(readdirSync(join(home, 'keys')).map((n) => readFileSync(join(home, 'keys', n)).toString('hex'))).toEqual(before);
  });

  it('refuses a backup whose key does not match its checksum, or that is not a backup', () => {
    LocalKeyring.create(home);
    backupKeyring(home, backup);
    rmSync(join(home, 'keys'), { recursive: true });
    const path = join(backup, 'tokenization.key');
    const bytes = readFileSync(path);
    bytes[0] ^= 1;
    chmodSync(path, 0o600);
    writeFileSync(path, bytes);
    expect(() => restoreKeyring(home, backup)).toThrow(InvalidKeyBackup);
    expect(() => restoreKeyring(home, backup)).toThrow(/tokenization\.key does not match its SHA-256/);
    expect(readdirSync(home)).not.toContain('keys');

    unlinkSync(join(backup, 'manifest.json'));
    expect(() => restoreKeyring(home, backup)).toThrow(/manifest\.json is missing or not JSON/);
    writeFileSync(
      join(backup, 'manifest.json'),
      JSON.stringify({ format: 1, files: [{ name: '../x.key', bytes: 32, sha256: 'a'.repeat(64) }] }),
    );
    expect(() => restoreKeyring(home, backup)).toThrow(/not a keyring backup manifest/);
  });

  it('refuses to back up into a folder that is not empty, or a keyring that is damaged', () => {
    LocalKeyring.create(home);
    backupKeyring(home, backup);
    expect(() => backupKeyring(home, backup)).toThrow(/not empty/);
    unlinkSync(join(home, 'keys', 'tokenization.key'));
    expect(() => backupKeyring(home, join(home, 'other'))).toThrow(/tokenization\.key cannot be used: it is missing/);
  });
});
