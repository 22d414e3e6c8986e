import { createCipheriv, createDecipheriv } from 'node:crypto';
import { DecryptionFailed } from './crypto-errors';

export const FRAME_LENGTH_BYTES = 4;
export const TAG_BYTES = 16;
export const FINAL_FLAG = 0x80000000;
export const MAX_FRAMES = 0xffffffff;

/**
 * Nonce = 64-bit random prefix (from the header) | 32-bit frame index. Every object has its
 * own data key, so nonces only need to be unique within one object; a counter guarantees that
 * (no birthday bound) and costs no bytes per frame. The random prefix is defence in depth.
 */
export function frameNonce(noncePrefix: Buffer, index: number): Buffer {
  const nonce = Buffer.alloc(12);
  noncePrefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, 8);
  return nonce;
}

/** AAD = header hash | frame index | final flag: detects swapped, reordered and truncated frames. */
export function frameAad(headerHash: Buffer, index: number, final: boolean): Buffer {
  const aad = Buffer.alloc(headerHash.length + 5);
  headerHash.copy(aad, 0);
  aad.writeUInt32BE(index, headerHash.length);
  aad.writeUInt8(final ? 1 : 0, headerHash.length + 4);
  return aad;
}

export interface FrameKeys {
  dataKey: Buffer;
  noncePrefix: Buffer;
  headerHash: Buffer;
}

/** Encrypts one frame into length word | ciphertext | tag. */
export function sealFrame(keys: FrameKeys, index: number, final: boolean, plaintext: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', keys.dataKey, frameNonce(keys.noncePrefix, index));
  cipher.setAAD(frameAad(keys.headerHash, index, final));
  const word = Buffer.alloc(FRAME_LENGTH_BYTES);
  word.writeUInt32BE((plaintext.length | (final ? FINAL_FLAG : 0)) >>> 0, 0);
  const body = cipher.update(plaintext);
  const tail = cipher.final();
  return Buffer.concat([word, body, tail, cipher.getAuthTag()]);
}

/**
 * Decrypts one frame body (ciphertext | tag). Node's GCM `update` returns plaintext before the
 * tag is checked, so nothing is returned until `final` has verified it.
 */
export function openFrame(keys: FrameKeys, index: number, final: boolean, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', keys.dataKey, frameNonce(keys.noncePrefix, index));
  decipher.setAAD(frameAad(keys.headerHash, index, final));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
  try {
    const tail = decipher.final();
    return tail.length === 0 ? body : Buffer.concat([body, tail]);
  } catch (error) {
    body.fill(0);
    throw new DecryptionFailed('frame', `Frame ${index} did not verify.`, { cause: error });
  }
}
