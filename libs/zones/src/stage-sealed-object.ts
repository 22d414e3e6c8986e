import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createDecryptStream, type EncryptionContext, type KeyProvider } from '@acad/crypto';
import type { ObjectStore } from '@acad/storage';
import type { PrivateStaging } from './private-staging';

/**
 * Decrypts a sealed (raw or quarantine) object into the private staging folder for the
 * engine to read. The expected context is checked, so an object moved between datasets or
 * zones does not decrypt.
 */
export async function stageSealedObject(
  store: ObjectStore,
  key: string,
  keys: KeyProvider,
  expectedContext: EncryptionContext,
  staging: PrivateStaging,
): Promise<string> {
  const target = staging.path(
    key
      .split('/')
      .pop()
      ?.replace(/\.enc$/, '') ?? 'object.parquet',
  );
  await pipeline(await store.get(key), createDecryptStream(keys, { expectedContext }), createWriteStream(target, { mode: 0o600 }));
  return target;
}
