import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { listAllPages } from './list-all-pages';
import { resolveMaxKeys } from './list-options';
import { bodyToBuffer, readStreamToBuffer } from './object-body';
import { assertValidListPrefix, assertValidObjectKey } from './object-key';
import type { ListOptions, ListPage, ObjectBody, ObjectInfo, ObjectStore, PutOptions, RefusedEntry } from './object-store';
import { sameVersion } from './object-version';
import { InvalidObjectKey, ObjectNotFound } from './storage-errors';

export interface S3ObjectStoreOptions {
  client: S3Client;
  bucket: string;
  /** Keys live under this folder of the bucket, e.g. `zones/raw`. */
  prefix?: string;
  /** Encrypt every written object with this KMS key (SSE-KMS with an S3 Bucket Key). */
  kmsKeyId?: string;
}

/** Objects in one S3 bucket (optionally under a prefix). Large bodies upload in parts. */
export class S3ObjectStore implements ObjectStore {
  readonly location: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly base: string;
  private readonly encryption: Pick<PutObjectCommandInput, 'ServerSideEncryption' | 'SSEKMSKeyId' | 'BucketKeyEnabled'>;

  constructor(options: S3ObjectStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.base = normalizeBase(options.prefix);
    this.location = `s3://${this.bucket}/${this.base}`;
    this.encryption = options.kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: options.kmsKeyId, BucketKeyEnabled: true } : {};
  }

  async put(key: string, body: ObjectBody, options?: PutOptions): Promise<ObjectInfo> {
    const Key = this.s3Key(key);
    // Upload sends one PutObject for small bodies and a multipart upload for large streams;
    // a failed stream aborts the upload, so no partial object becomes visible.
    await new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key, Body: body, ...this.writeOptions(options), ...this.encryption },
    }).done();
    const info = await this.head(key);
    if (!info) throw new ObjectNotFound(key, this.location);
    return info;
  }

  async putIfAbsent(key: string, body: ObjectBody, options?: PutOptions): Promise<boolean> {
    const Key = this.s3Key(key);
    // Conditional writes are single requests; buffering is fine for the small objects
    // (manifests, locks) this is meant for.
    const Body = await bodyToBuffer(body);
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key, Body, IfNoneMatch: '*', ...this.writeOptions(options), ...this.encryption }),
      );
      return true;
    } catch (error) {
      // 412: the key exists. 409: another conditional write to the key is in flight. Either
      // way this writer did not write; callers treat both as "someone else has it".
      if (httpStatus(error) === 412 || httpStatus(error) === 409) return false;
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.s3Key(key) }));
      if (!(output.Body instanceof Readable)) throw new Error(`S3 returned no readable body for ${key}`);
      return output.Body;
    } catch (error) {
      throw this.notFoundOr(error, key);
    }
  }

  async getBytes(key: string): Promise<Buffer> {
    return readStreamToBuffer(await this.get(key));
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const output = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.s3Key(key) }));
      const metadata = output.Metadata && Object.keys(output.Metadata).length > 0 ? output.Metadata : undefined;
      return {
        key,
        size: output.ContentLength ?? 0,
        lastModified: output.LastModified ?? new Date(0),
        ...(output.ETag ? { etag: output.ETag } : {}),
        ...(metadata ? { metadata } : {}),
      };
    } catch (error) {
      // HEAD responses have no body, so a missing key is known only by its status.
      if (httpStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    const page = await this.listPage(prefix, options);
    // S3 takes any string as a key; one that is not a safe relative path (`a/../b`) is never served.
    return { ...page, objects: page.objects.filter((o) => refusalOfKey(o.key) === undefined) };
  }

  listAll(prefix: string): AsyncIterable<ObjectInfo> {
    assertValidListPrefix(prefix);
    return listAllPages(this, prefix);
  }

  async *listRefused(prefix: string): AsyncIterable<RefusedEntry> {
    let continuationToken: string | undefined;
    do {
      const page = await this.listPage(prefix, { continuationToken });
      for (const { key } of page.objects) {
        const reason = refusalOfKey(key);
        if (reason !== undefined) yield { key, reason };
      }
      continuationToken = page.nextToken;
    } while (continuationToken !== undefined);
  }

  private async listPage(prefix: string, options?: ListOptions): Promise<ListPage> {
    assertValidListPrefix(prefix);
    const output = await this.client.send(
      new ListObjectsV2Command({
        Bucket: this.bucket,
        Prefix: this.base + prefix,
        MaxKeys: resolveMaxKeys(options),
        ContinuationToken: options?.continuationToken,
      }),
    );
    const objects = (output.Contents ?? []).map(
      (object): ObjectInfo => ({
        key: (object.Key ?? '').slice(this.base.length),
        size: object.Size ?? 0,
        lastModified: object.LastModified ?? new Date(0),
        ...(object.ETag ? { etag: object.ETag } : {}),
      }),
    );
    return output.IsTruncated && output.NextContinuationToken ? { objects, nextToken: output.NextContinuationToken } : { objects };
  }

  async delete(key: string): Promise<void> {
    // S3 deletes are idempotent: a missing key is already a success.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.s3Key(key) }));
  }

  async deleteIfUnchanged(key: string, read: ObjectInfo): Promise<boolean> {
    if (read.etag === undefined) {
      const now = await this.head(key);
      if (!now) return true;
      if (!sameVersion(now, read)) return false;
      await this.delete(key);
      return true;
    }
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.s3Key(key), IfMatch: read.etag }));
      return true;
    } catch (error) {
      // 412: another version is there now. A missing key is already deleted.
      if (httpStatus(error) === 412) return false;
      if (httpStatus(error) === 404 || isNoSuchKey(error)) return true;
      throw error;
    }
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    const source = `${this.bucket}/${this.s3Key(fromKey)}`.split('/').map(encodeURIComponent).join('/');
    try {
      await this.client.send(
        new CopyObjectCommand({ Bucket: this.bucket, Key: this.s3Key(toKey), CopySource: source, ...this.encryption }),
      );
    } catch (error) {
      throw this.notFoundOr(error, fromKey);
    }
  }

  private s3Key(key: string): string {
    assertValidObjectKey(key);
    return this.base + key;
  }

  private writeOptions(options: PutOptions | undefined) {
    return {
      ...(options?.contentType ? { ContentType: options.contentType } : {}),
      ...(options?.metadata ? { Metadata: options.metadata } : {}),
    };
  }

  private notFoundOr(error: unknown, key: string): unknown {
    return isNoSuchKey(error) ? new ObjectNotFound(key, this.location) : error;
  }
}

/** Why a listed key is not served (the key rules of `assertValidObjectKey`), or undefined. */
function refusalOfKey(key: string): string | undefined {
  try {
    assertValidObjectKey(key);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidObjectKey) return `a key that is not a safe relative path (${error.reason})`;
    throw error;
  }
}

function normalizeBase(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  assertValidObjectKey(trimmed);
  return `${trimmed}/`;
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

// Only NoSuchKey: a 404 can also be NoSuchBucket, which must not read as "no object".
function isNoSuchKey(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'NoSuchKey';
}
