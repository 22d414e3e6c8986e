import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectStore, PutOptions } from '@acad/storage';
import { recordedSha256, type LakeSnapshot } from './commit-log';
import type { PrivateStaging } from './private-staging';
import { TamperedObject } from './zone-errors';

/** A pass-through that hashes what goes by: the SHA-256 of a file is taken where its bytes pass anyway. */
export class Sha256Stream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private result: string | undefined;

  get sha256(): string {
    if (this.result === undefined) throw new Error('Sha256Stream: the data has not been read to its end');
    return this.result;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.result = this.hash.digest('hex');
    callback();
  }
}

/**
 * Uploads what `streams` produce through `last` (a hashing pass-through) to `key`. An error on
 * either side ends both: a failed read fails the upload, a failed upload stops the read.
 */
export async function putThrough(
  store: ObjectStore,
  key: string,
  streams: [Readable, ...Transform[]],
  last: Transform,
  options: PutOptions,
): Promise<void> {
  const flowing = pipeline([...streams, last]);
  // Handled here and awaited below: a read error must not surface as an unhandled rejection first.
  flowing.catch(() => undefined);
  try {
    await store.put(key, last, options);
  } catch (error) {
    streams[0].destroy();
    throw error;
  }
  await flowing;
}

/** Uploads a local Parquet file to a trusted or curated key; returns its SHA-256, taken on the way out. */
export async function uploadCommittedFile(store: ObjectStore, key: string, path: string): Promise<{ key: string; sha256: string }> {
  const hash = new Sha256Stream();
  await putThrough(store, key, [createReadStream(path)], hash, { contentType: 'application/vnd.apache.parquet' });
  return { key, sha256: hash.sha256 };
}

/**
 * Copies a committed trusted or curated file into private staging, hashing it on the way; a
 * file whose SHA-256 is not the one its commit recorded fails with `TamperedObject` (and its
 * copy is removed). Files of entries from before hashes were recorded are copied unchecked.
 */
export async function stageCommittedFile(
  staging: PrivateStaging,
  snapshot: LakeSnapshot,
  zone: 'trusted' | 'curated',
  store: ObjectStore,
  key: string,
): Promise<string> {
  const expected = recordedSha256(snapshot, zone, key);
  if (expected === undefined) return staging.stage(store, key);
  const target = staging.path(key.split('/').pop() ?? 'object');
  const hash = new Sha256Stream();
  await pipeline(await store.get(key), hash, createWriteStream(target, { mode: 0o600 }));
  if (hash.sha256 !== expected) {
    await rm(target, { force: true });
    throw new TamperedObject(
      zone,
      key,
      `its SHA-256 ${hash.sha256.slice(0, 12)}… is not the ${expected.slice(0, 12)}… its commit recorded`,
    );
  }
  return target;
}
