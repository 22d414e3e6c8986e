import { randomBytes } from 'node:crypto';
import { DecryptionFailed } from './crypto-errors';
import { frameAad, frameNonce, openFrame, sealFrame } from './envelope-frame';

const keys = { dataKey: randomBytes(32), noncePrefix: Buffer.from('0102030405060708', 'hex'), headerHash: Buffer.alloc(32, 9) };

describe('envelope frames', () => {
  it('builds 96-bit nonces from the header prefix and the frame index', () => {
    expect(frameNonce(keys.noncePrefix, 0x0a0b0c0d).toString('hex')).toBe('01020304050607080a0b0c0d');
    expect(frameAad(keys.headerHash, 2, true).subarray(32).toString('hex')).toBe('0000000201');
    expect(frameAad(keys.headerHash, 2, false).subarray(32).toString('hex')).toBe('0000000200');
  });

  it('seals length word | ciphertext | tag and opens it only at the same index and final flag', () => {
    const plaintext = Buffer.from('S1,2024-01-04,present');
    const sealed = sealFrame(keys, 3, true, plaintext);
    expect(sealed.readUInt32BE(0)).toBe((0x80000000 | plaintext.length) >>> 0);
    expect(sealed).toHaveLength(4 + plaintext.length + 16);
    const body = sealed.subarray(4);
    expect(openFrame(keys, 3, true, body).equals(plaintext)).toBe(true);
    expect(() => openFrame(keys, 4, true, body)).toThrow(DecryptionFailed);
    expect(() => openFrame(keys, 3, false, body)).toThrow(/Frame 3 did not verify/);
    expect(() => openFrame({ ...keys, headerHash: Buffer.alloc(32) }, 3, true, body)).toThrow(DecryptionFailed);
  });
});
