import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDecryptStream, createEnvelopeDigest, DecryptionFailed, EncryptionContextMismatch, type KeyProvider } from '@acad/crypto';
import { ObjectNotFound, type ObjectStore } from '@acad/storage';
import { datasetFiles, partitionFiles, readSnapshot, recordedSha256, type CommitEntry } from './commit-log';
import { Sha256Stream } from './committed-files';
import { expectedSealedObject, type SealedZone } from './sealed-objects';
import type { ZoneStores } from './zone';

/**
 * What `verify` found for one committed file: `ok`; `hash-mismatch` (not the bytes its commit
 * recorded); `missing`; `undecryptable` (a sealed object that fails its context, key or tags:
 * tampered, swapped or truncated); `unverified` (present, but its commit recorded no hash: an
 * entry from before hashes, or a folder Athena wrote).
 */
export type FileStatus = 'ok' | 'hash-mismatch' | 'missing' | 'undecryptable' | 'unverified';

export interface VerifiedFile {
  zone: SealedZone | 'trusted' | 'curated';
  key: string;
  /** The commit that wrote (sealed objects) or last listed (trusted, curated) the file. */
  seq: number;
  status: FileStatus;
  detail?: string;
}

export interface LakeVerification {
  /** False when any file is missing, changed or undecryptable. */
  ok: boolean;
  seq: number;
  counts: Record<FileStatus, number>;
  files: VerifiedFile[];
}

const FAILURES: ReadonlySet<FileStatus> = new Set(['hash-mismatch', 'missing', 'undecryptable']);

/**
 * Checks every file the commit log makes visible: each batch's sealed raw and quarantine objects
 * (decrypted end to end under their expected context, and their envelope digest compared), and
 * the current trusted files and curated products (their SHA-256 compared). Reads each file once;
 * decrypted bytes are discarded, nothing is written. `onFile` reports progress.
 */
export async function verifyLake(
  stores: ZoneStores,
  keys: KeyProvider,
  onFile?: (file: VerifiedFile, done: number, total: number) => void,
): Promise<LakeVerification> {
  const snapshot = await readSnapshot(stores.platform);
  const lastListing = new Map<string, number>();
  for (const entry of snapshot.entries) {
    for (const value of Object.values(entry.trusted)) for (const key of partitionFiles(value)) lastListing.set(`trusted/${key}`, entry.seq);
    for (const key of Object.values(entry.curated)) lastListing.set(`curated/${key}`, entry.seq);
  }
  const work: Array<() => Promise<VerifiedFile>> = [];
  for (const entry of snapshot.entries) {
    for (const zone of ['raw', 'quarantine'] as const) {
      for (const key of entry[zone]) work.push(() => checkSealed(stores[zone], zone, key, entry, keys));
    }
  }
  const plain = (zone: 'trusted' | 'curated', key: string) => () =>
    checkPlain(stores[zone], zone, key, lastListing.get(`${zone}/${key}`) ?? 0, recordedSha256(snapshot, zone, key));
  for (const dataset of snapshot.trusted.keys()) for (const key of datasetFiles(snapshot, dataset)) work.push(plain('trusted', key));
  for (const key of snapshot.curated.values()) work.push(plain('curated', key));

  const counts: Record<FileStatus, number> = { ok: 0, 'hash-mismatch': 0, missing: 0, undecryptable: 0, unverified: 0 };
  const files: VerifiedFile[] = [];
  for (const check of work) {
    const file = await check();
    counts[file.status] += 1;
    files.push(file);
    onFile?.(file, files.length, work.length);
  }
  return { ok: files.every((f) => !FAILURES.has(f.status)), seq: snapshot.seq, counts, files };
}

async function checkSealed(
  store: ObjectStore,
  zone: SealedZone,
  key: string,
  entry: CommitEntry,
  keys: KeyProvider,
): Promise<VerifiedFile> {
  const file = { zone, key, seq: entry.seq };
  // Athena writes invalid rows into a folder by CTAS (sealed with SSE-KMS, not an envelope).
  if (key.endsWith('/')) return checkFolder(store, file);
  const expected = expectedSealedObject(entry, zone, key);
  const digest = createEnvelopeDigest();
  try {
    await pipeline(await store.get(key), digest, createDecryptStream(keys, { expectedContext: expected.context }), discard());
  } catch (error) {
    if (error instanceof ObjectNotFound) return { ...file, status: 'missing' };
    if (error instanceof EncryptionContextMismatch || error instanceof DecryptionFailed) {
      return { ...file, status: 'undecryptable', detail: error.message };
    }
    throw error;
  }
  if (expected.sha256 === undefined)
    return { ...file, status: 'ok', detail: 'decrypts under its context; committed before digests were recorded' };
  return digest.sha256 === expected.sha256
    ? { ...file, status: 'ok' }
    : { ...file, status: 'hash-mismatch', detail: `digest ${digest.sha256} is not the recorded ${expected.sha256}` };
}

async function checkPlain(
  store: ObjectStore,
  zone: 'trusted' | 'curated',
  key: string,
  seq: number,
  expected: string | undefined,
): Promise<VerifiedFile> {
  const file = { zone, key, seq };
  if (key.endsWith('/')) return checkFolder(store, file);
  const hash = new Sha256Stream();
  try {
    await pipeline(await store.get(key), hash, discard());
  } catch (error) {
    if (error instanceof ObjectNotFound) return { ...file, status: 'missing' };
    throw error;
  }
  if (expected === undefined) return { ...file, status: 'unverified', detail: 'committed before hashes were recorded' };
  return hash.sha256 === expected
    ? { ...file, status: 'ok' }
    : { ...file, status: 'hash-mismatch', detail: `SHA-256 ${hash.sha256} is not the recorded ${expected}` };
}

async function checkFolder(store: ObjectStore, file: Pick<VerifiedFile, 'zone' | 'key' | 'seq'>): Promise<VerifiedFile> {
  const { objects } = await store.list(file.key, { maxKeys: 1 });
  return objects.length > 0
    ? { ...file, status: 'unverified', detail: 'a folder Athena wrote; no hash recorded' }
    : { ...file, status: 'missing' };
}

function discard(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}
