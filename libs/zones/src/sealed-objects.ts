import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import {
  createDecryptStream,
  createEncryptStream,
  createEnvelopeDigest,
  DecryptionFailed,
  EncryptionContextMismatch,
  type EncryptionContext,
  type KeyProvider,
} from '@acad/crypto';
import type { ObjectStore } from '@acad/storage';
import { COMMIT_FORMAT, type CommitEntry } from './commit-log';
import { putThrough } from './committed-files';
import type { PrivateStaging } from './private-staging';
import { TamperedObject } from './zone-errors';

/** Zones whose objects are envelope-encrypted at rest. */
export type SealedZone = 'raw' | 'quarantine' | 'rejected';

/**
 * The encryption context of a sealed object: its identity (dataset, zone, batch and object
 * key), so an object swapped for another of the same dataset and zone no longer decrypts. It
 * names no student: KMS logs contexts in plaintext.
 */
export function sealedObjectContext(dataset: string, zone: SealedZone, batchId: string, key: string): EncryptionContext {
  return { dataset, zone, batch: batchId, object: key };
}

/**
 * What a committed sealed object must carry: its identity context and its recorded digest.
 * Entries written before format 2 sealed under `{ dataset, zone }` and recorded no digest; they
 * stay readable with the weaker check they were written with.
 */
export function expectedSealedObject(entry: CommitEntry, zone: SealedZone, key: string): { context: EncryptionContext; sha256?: string } {
  if (entry.format !== COMMIT_FORMAT) return { context: { dataset: entry.dataset, zone } };
  return { context: sealedObjectContext(entry.dataset, zone, entry.batchId, key), sha256: entry.sha256?.[`${zone}/${key}`] };
}

/** Encrypts a local file into a sealed zone under its identity; returns its envelope digest, taken on the way out. */
export async function sealFile(
  store: ObjectStore,
  zone: SealedZone,
  key: string,
  path: string,
  keys: KeyProvider,
  context: EncryptionContext,
): Promise<{ key: string; sha256: string }> {
  const digest = createEnvelopeDigest();
  await putThrough(store, key, [createReadStream(path), await createEncryptStream(keys, context)], digest, {
    contentType: 'application/octet-stream',
    metadata: { encryption: 'acad-envelope-v1' },
  });
  return { key, sha256: digest.sha256 };
}

/**
 * Decrypts a sealed object into the private staging folder for the engine to read. Its context
 * must be the expected one and its digest the recorded one: an object moved between datasets,
 * zones, batches or keys, or changed in any byte, fails with `TamperedObject` naming it, and
 * its partial plaintext is removed.
 */
export async function stageSealedObject(
  store: ObjectStore,
  zone: SealedZone,
  key: string,
  keys: KeyProvider,
  expected: { context: EncryptionContext; sha256?: string },
  staging: PrivateStaging,
): Promise<string> {
  const target = staging.path(
    key
      .split('/')
      .pop()
      ?.replace(/\.enc$/, '') ?? 'object.parquet',
  );
  const digest = createEnvelopeDigest();
  try {
    await pipeline(
      await store.get(key),
      digest,
      createDecryptStream(keys, { expectedContext: expected.context }),
      createWriteStream(target, { mode: 0o600 }),
    );
    if (expected.sha256 !== undefined && digest.sha256 !== expected.sha256) {
      throw new TamperedObject(
        zone,
        key,
        `its digest ${digest.sha256.slice(0, 12)}… is not the ${expected.sha256.slice(0, 12)}… its commit recorded`,
      );
    }
    return target;
  } catch (error) {
    await rm(target, { force: true });
    if (error instanceof EncryptionContextMismatch) {
      throw new TamperedObject(zone, key, `it was sealed as ${describe(error.actual)}, not as ${describe(error.expected)}`, {
        cause: error,
      });
    }
    if (error instanceof DecryptionFailed) throw new TamperedObject(zone, key, error.message, { cause: error });
    throw error;
  }
}

// Contexts hold no PII (dataset, zone, batch, object key), so naming them helps the operator.
function describe(context: EncryptionContext): string {
  return context['object'] ? `${context['zone']}/${context['object']} of batch ${context['batch']}` : JSON.stringify(context);
}
