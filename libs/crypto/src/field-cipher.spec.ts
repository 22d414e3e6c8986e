import { createCipheriv, randomBytes } from 'node:crypto';
import { makeTempHome } from './crypto.test-support';
import { DecryptionFailed, UnknownKeyVersion } from './crypto-errors';
import { FieldCipher } from './field-cipher';
import { LocalKeyring } from './local-keyring';

const email = { dataset: 'admissions', column: 'email', rowKey: ['A00000001'] };
const dob = { dataset: 'admissions', column: 'date_of_birth', rowKey: ['A00000001'] };

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
    expect(() => cipher.decrypt(encrypted, { ...email, column: 'phone' })).toThrow(DecryptionFailed);
    expect(() => cipher.decrypt(encrypted, { ...email, dataset: 'attendance' })).toThrow(DecryptionFailed);
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
    const old = cipher.encrypt('1990-04-02', dob);
    keyring.rotate();
    const fresh = cipher.encrypt('1990-04-02', dob);
    const versionOf = (value: string) => Buffer.from(value.slice(5), 'base64url').readUInt32BE(0) & 0x7fffffff;
    expect([versionOf(old), versionOf(fresh)]).toEqual([1, 2]);
    const reopened = new FieldCipher(LocalKeyring.open(home));
    expect(reopened.decrypt(old, dob)).toBe('1990-04-02');
    expect(reopened.decrypt(fresh, dob)).toBe('1990-04-02');

    const future = Buffer.from(fresh.slice(5), 'base64url');
    future.writeUInt32BE(0x80000009, 0);
    expect(() => reopened.decrypt('enc1:' + future.toString('base64url'), dob)).toThrow(UnknownKeyVersion);
  });

  it("refuses a value swapped into another row: each is bound to its row's key", () => {
    const cipher = new FieldCipher(keyring);
    // Attendance-style key: the student's token, course, section and session date (no plaintext identifier).
    const rowA = ['tok_0123456789abcdef0123456789abcdef', 'CS101', 'A', '2025-09-01'];
    const rowB = ['tok_fedcba9876543210fedcba9876543210', 'CS101', 'A', '2025-09-01'];
    const column = { dataset: 'students', column: 'email' };
    const a = cipher.encrypt('ada@uni.edu', { ...column, rowKey: rowA });
    const b = cipher.encrypt('bob@uni.edu', { ...column, rowKey: rowB });
    expect(cipher.decrypt(a, { ...column, rowKey: rowA })).toBe('ada@uni.edu');
    expect(cipher.decrypt(b, { ...column, rowKey: rowB })).toBe('bob@uni.edu');
    // Swapped: row B holds A's ciphertext and the other way round.
    expect(() => cipher.decrypt(a, { ...column, rowKey: rowB })).toThrow(DecryptionFailed);
    expect(() => cipher.decrypt(b, { ...column, rowKey: rowA })).toThrow(/moved from another row/);
    // Key parts are not run together: ['ab', 'c'] is not ['a', 'bc'].
    const split = cipher.encrypt('x', { ...column, rowKey: ['ab', 'c'] });
    expect(() => cipher.decrypt(split, { ...column, rowKey: ['a', 'bc'] })).toThrow(DecryptionFailed);
    // The row-bound bit is authenticated: clearing it does not skip the row check.
    const body = Buffer.from(a.slice(5), 'base64url');
    body.writeUInt32BE(body.readUInt32BE(0) & 0x7fffffff, 0);
    expect(() => cipher.decrypt('enc1:' + body.toString('base64url'), { ...column, rowKey: rowB })).toThrow(DecryptionFailed);
  });

  it('still reads values written before row binding (bound to dataset and column only)', () => {
    // The earlier format, made by hand: version word without the row-bound bit, AAD = word | {column, dataset}.
    const word = Buffer.alloc(4);
    word.writeUInt32BE(1, 0);
    const iv = randomBytes(12);
    const aes = createCipheriv('aes-256-gcm', keyring.deriveKey(1, 'acad:field-cipher:v1'), iv);
    aes.setAAD(Buffer.concat([word, Buffer.from('{"column":"email","dataset":"admissions"}', 'utf8')]));
    const body = Buffer.concat([aes.update('ada@uni.edu', 'utf8'), aes.final()]);
    const legacy = 'enc1:' + Buffer.concat([word, iv, body, aes.getAuthTag()]).toString('base64url');
    const cipher = new FieldCipher(keyring);
    expect(cipher.decrypt(legacy, email)).toBe('ada@uni.edu');
    expect(() => cipher.decrypt(legacy, { ...email, column: 'phone' })).toThrow(DecryptionFailed);
  });

  it('refuses dataset or column names outside the context charset', () => {
    expect(() => new FieldCipher(keyring).encrypt('x', { ...email, column: 'e mail' })).toThrow(/Invalid encryption context/);
  });
});
