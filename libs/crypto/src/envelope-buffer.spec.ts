import { randomBytes } from 'node:crypto';
import { makeTempHome } from './crypto.test-support';
import { DecryptionFailed, EncryptionContextMismatch } from './crypto-errors';
import { decryptBuffer, encryptBuffer } from './envelope-buffer';
import { LocalKeyring } from './local-keyring';

const context = { dataset: 'admissions', zone: 'quarantine' };

describe('encryptBuffer / decryptBuffer', () => {
  let home: string;
  let cleanup: () => void;

  beforeEach(() => ({ home, cleanup } = makeTempHome()));
  afterEach(() => cleanup());

  it('round-trips empty, small and multi-frame buffers', async () => {
    const keyring = LocalKeyring.create(home);
    for (const plaintext of [Buffer.alloc(0), Buffer.from('applicant_id,gpa\nA1,3.9\n'), randomBytes(300_000)]) {
      const encrypted = await encryptBuffer(keyring, context, plaintext, { frameSize: 4096 });
      expect(encrypted.subarray(0, 8).toString()).toBe('ACADENC1');
      expect((await decryptBuffer(keyring, encrypted, { expectedContext: context })).equals(plaintext)).toBe(true);
    }
  });

  it('rejects a tampered object, returning no plaintext', async () => {
    const keyring = LocalKeyring.create(home);
    const encrypted = await encryptBuffer(keyring, context, Buffer.from('applicant_id,gpa\nA1,3.9\n'));
    encrypted[encrypted.length - 1] ^= 1;
    await expect(decryptBuffer(keyring, encrypted)).rejects.toThrow(DecryptionFailed);
    await expect(decryptBuffer(keyring, Buffer.alloc(0))).rejects.toMatchObject({ reason: 'truncated' });
  });

  it('rejects a context other than the expected one', async () => {
    const keyring = LocalKeyring.create(home);
    const encrypted = await encryptBuffer(keyring, context, Buffer.from('x'));
    await expect(decryptBuffer(keyring, encrypted, { expectedContext: { dataset: 'admissions', zone: 'raw' } })).rejects.toThrow(
      EncryptionContextMismatch,
    );
  });
});
