import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDecryptStream, type DecryptStreamOptions } from './decrypt-stream';
import { createEncryptStream, type EncryptStreamOptions } from './encrypt-stream';
import type { EncryptionContext } from './encryption-context';
import type { KeyProvider } from './key-provider';

/** Encrypts a whole buffer into an ACADENC1 object (for small objects; stream large ones). */
export async function encryptBuffer(
  provider: KeyProvider,
  context: EncryptionContext,
  plaintext: Buffer,
  options?: EncryptStreamOptions,
): Promise<Buffer> {
  return runThrough(plaintext, await createEncryptStream(provider, context, options));
}

/** Decrypts a whole ACADENC1 object; rejects with `DecryptionFailed` without returning any plaintext. */
export async function decryptBuffer(provider: KeyProvider, encrypted: Buffer, options?: DecryptStreamOptions): Promise<Buffer> {
  return runThrough(encrypted, createDecryptStream(provider, options));
}

async function runThrough(input: Buffer, transform: Transform): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(Readable.from(input.length > 0 ? [input] : []), transform, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}
