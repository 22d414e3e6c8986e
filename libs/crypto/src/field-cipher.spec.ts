import { makeTempHome } from './crypto.test-support';
import { DecryptionFailed, UnknownKeyVersion } from './crypto-errors';
import { FieldCipher } from './field-cipher';
import { LocalKeyring } from './local-keyring';

const email = { dataset: 'admissions', column: 'email' };

describe('FieldCipher', () => {
  let home: string;
  let cleanup: () => void;
  let keyring: LocalKeyring;

  beforeEach(() => {
    ({ home, cleanup } = makeTempHome());
    keyring = LocalKeyring.create(home);
  });
  afterEach(() => cleanup());

  it('round-trips values as compact, randomised enc1: strings', () => {
    const cipher = new FieldCipher(keyring);
    for (const value of ['ada@uni.edu', 'Zoë Ngũgĩ', '', '+44 20 7946 0958']) {
      const encrypted = cipher.encrypt(value, email);
      expect(encrypted).toMatch(/^enc1:[A-Za-z0-9_-]+$/);
      expect(encrypted).not.toContain(value || '\u0000');
      expect(FieldCipher.isEncrypted(encrypted)).toBe(true);
      expect(cipher.decrypt(encrypted, email)).toBe(value);
    }
    expect(cipher.encrypt('ada@uni.edu', email)).not.toBe(cipher.encrypt('ada@uni.edu', email));
    expect(FieldCipher.isEncrypted('ada@uni.edu')).toBe(false);
  });

  it('refuses a value moved to another column or dataset', () => {
    const cipher = new FieldCipher(keyring);
    const encrypted = cipher.encrypt('ada@uni.edu', email);
    expect(() => cipher.decrypt(encrypted, { dataset: 'admissions', column: 'phone' })).toThrow(DecryptionFailed);
    expect(() => cipher.decrypt(encrypted, { dataset: 'attendance', column: 'email' })).toThrow(DecryptionFailed);
  });

  it('refuses tampered, malformed and foreign values without echoing them', () => {
    const cipher = new FieldCipher(keyring);
    const encrypted = cipher.encrypt('ada@uni.edu', email);
    const body = Buffer.from(encrypted.slice(5), 'base64url');
    for (let i = 4; i < body.length; i += 1) {
      const tampered = Buffer.from(body);
      tampered[i] ^= 1;
      expect(() => cipher.decrypt('enc1:' + tampered.toString('base64url'), email)).toThrow(DecryptionFailed);
    }
    for (const bad of ['ada@uni.edu', 'enc1:', 'enc1:AAAA', 'enc1:' + body.toString('base64url') + '!']) {
      let caught: unknown;
      try {
        cipher.decrypt(bad, email);
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: 'DECRYPTION_FAILED', reason: 'field' });
      expect((caught as Error).message).not.toContain('ada');
    }
    const otherHome = makeTempHome();
    try {
      expect(() => new FieldCipher(LocalKeyring.create(otherHome.home)).decrypt(encrypted, email)).toThrow(DecryptionFailed);
    } finally {
      otherHome.cleanup();
    }
  });

  it('encrypts under the newest master key after rotation and still decrypts older values', () => {
    const cipher = new FieldCipher(keyring);
    const old = cipher.encrypt('1990-04-02', { dataset: 'admissions', column: 'date_of_birth' });
    keyring.rotate();
    const fresh = cipher.encrypt('1990-04-02', { dataset: 'admissions', column: 'date_of_birth' });
    const versionOf = (value: string) => Buffer.from(value.slice(5), 'base64url').readUInt32BE(0);
    expect([versionOf(old), versionOf(fresh)]).toEqual([1, 2]);
    const reopened = new FieldCipher(LocalKeyring.open(home));
    expect(reopened.decrypt(old, { dataset: 'admissions', column: 'date_of_birth' })).toBe('1990-04-02');
    expect(reopened.decrypt(fresh, { dataset: 'admissions', column: 'date_of_birth' })).toBe('1990-04-02');

    const future = Buffer.from(fresh.slice(5), 'base64url');
    future.writeUInt32BE(9, 0);
    expect(() => reopened.decrypt('enc1:' + future.toString('base64url'), { dataset: 'admissions', column: 'date_of_birth' })).toThrow(
      UnknownKeyVersion,
    );
  });

  it('refuses dataset or column names outside the context charset', () => {
    expect(() => new FieldCipher(keyring).encrypt('x', { dataset: 'admissions', column: 'e mail' })).toThrow(/Invalid encryption context/);
  });
});
