import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { S3ObjectStore } from './s3-object-store';
import { ObjectNotFound } from './storage-errors';

// What S3 itself does with conditional writes and SSE-KMS cannot run here (s3rver ignores
// If-None-Match and encryption headers), so these tests pin the exact requests we send and
// how we read S3's answers.

const s3Error = (name: string, httpStatusCode: number) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message: `${name} from S3` });

const kms = { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/acad-raw', BucketKeyEnabled: true };

describe('S3ObjectStore requests', () => {
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const s3 = mockClient(client);
  const store = new S3ObjectStore({ client, bucket: 'acad-raw', prefix: 'zones/raw', kmsKeyId: 'alias/acad-raw' });

  beforeEach(() => s3.reset());
  afterAll(() => {
    s3.restore();
    client.destroy();
  });

  it('puts if absent with If-None-Match "*" and SSE-KMS, buffering a streamed body', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"abc"' });
    const body = Readable.from([Buffer.from('{"batch":'), Buffer.from('"b-1"}')]);
    const written = await store.putIfAbsent('manifests/b-1.json', body, { contentType: 'application/json', metadata: { rows: '10' } });

    expect(written).toBe(true);
    const calls = s3.commandCalls(PutObjectCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toEqual({
      Bucket: 'acad-raw',
      Key: 'zones/raw/manifests/b-1.json',
      Body: Buffer.from('{"batch":"b-1"}'),
      IfNoneMatch: '*',
      ContentType: 'application/json',
      Metadata: { rows: '10' },
      ...kms,
    });
  });

  it.each([
    ['PreconditionFailed', 412],
    ['ConditionalRequestConflict', 409],
  ])('answers false when S3 refuses the conditional write with %s (%i)', async (name, status) => {
    s3.on(PutObjectCommand).rejects(s3Error(name, status));
    expect(await store.putIfAbsent('manifests/b-1.json', 'second writer')).toBe(false);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it('passes other failures of a conditional write through', async () => {
    s3.on(PutObjectCommand).rejects(s3Error('AccessDenied', 403));
    await expect(store.putIfAbsent('manifests/b-1.json', 'x')).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('sends no encryption parameters when no KMS key is configured', async () => {
    s3.on(PutObjectCommand).resolves({});
    const plain = new S3ObjectStore({ client, bucket: 'acad-landing' });
    await plain.putIfAbsent('a.csv', 'x');
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toEqual({
      Bucket: 'acad-landing',
      Key: 'a.csv',
      Body: Buffer.from('x'),
      IfNoneMatch: '*',
    });
  });

  it('puts through the managed uploader with SSE-KMS and reports the stored object', async () => {
    const lastModified = new Date('2025-01-02T03:04:05Z');
    s3.on(PutObjectCommand).resolves({ ETag: '"e1"' });
    s3.on(HeadObjectCommand).resolves({ ContentLength: 5, LastModified: lastModified, ETag: '"e1"', Metadata: { rows: '1' } });

    const info = await store.put('attendance/part-0.csv', 'a,b\n1', { metadata: { rows: '1' } });

    expect(info).toEqual({ key: 'attendance/part-0.csv', size: 5, lastModified, etag: '"e1"', metadata: { rows: '1' } });
    const put = s3.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(put).toMatchObject({ Bucket: 'acad-raw', Key: 'zones/raw/attendance/part-0.csv', Metadata: { rows: '1' }, ...kms });
    expect(put.IfNoneMatch).toBeUndefined();
    expect(s3.commandCalls(HeadObjectCommand)[0].args[0].input).toEqual({ Bucket: 'acad-raw', Key: 'zones/raw/attendance/part-0.csv' });
  });

  it('copies with a URL-encoded bucket/key source and re-applies SSE-KMS', async () => {
    s3.on(CopyObjectCommand).resolves({});
    await store.copy('landing/a+b/file one é.csv', 'raw/copy.csv');
    expect(s3.commandCalls(CopyObjectCommand)[0].args[0].input).toEqual({
      Bucket: 'acad-raw',
      Key: 'zones/raw/raw/copy.csv',
      CopySource: 'acad-raw/zones/raw/landing/a%2Bb/file%20one%20%C3%A9.csv',
      ...kms,
    });
  });

  it('reports a missing copy source as ObjectNotFound', async () => {
    s3.on(CopyObjectCommand).rejects(s3Error('NoSuchKey', 404));
    await expect(store.copy('gone.csv', 'x.csv')).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND', key: 'gone.csv' });
  });

  it('tells a missing key (ObjectNotFound) from a missing bucket (passed through)', async () => {
    s3.on(GetObjectCommand, { Key: 'zones/raw/missing' }).rejects(s3Error('NoSuchKey', 404));
    s3.on(GetObjectCommand, { Key: 'zones/raw/elsewhere' }).rejects(s3Error('NoSuchBucket', 404));
    await expect(store.get('missing')).rejects.toBeInstanceOf(ObjectNotFound);
    await expect(store.get('missing')).rejects.toThrow('No object with key "missing" in s3://acad-raw/zones/raw/');
    await expect(store.get('elsewhere')).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('answers head of a missing key with undefined and passes other failures through', async () => {
    s3.on(HeadObjectCommand, { Key: 'zones/raw/missing' }).rejects(s3Error('NotFound', 404));
    s3.on(HeadObjectCommand, { Key: 'zones/raw/forbidden' }).rejects(s3Error('Forbidden', 403));
    expect(await store.head('missing')).toBeUndefined();
    await expect(store.head('forbidden')).rejects.toMatchObject({ name: 'Forbidden' });
  });

  it('lists one page under the store prefix and hands back the continuation token', async () => {
    const lastModified = new Date('2025-01-01T00:00:00Z');
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        IsTruncated: true,
        NextContinuationToken: 'token-2',
        Contents: [{ Key: 'zones/raw/attendance/a', Size: 3, LastModified: lastModified, ETag: '"x"' }],
      })
      .resolvesOnce({ IsTruncated: false, Contents: [{ Key: 'zones/raw/attendance/b', Size: 4, LastModified: lastModified }] });

    const first = await store.list('attendance/', { maxKeys: 1, continuationToken: 'token-1' });
    const second = await store.list('attendance/', { maxKeys: 1, continuationToken: first.nextToken });

    expect(first).toEqual({ objects: [{ key: 'attendance/a', size: 3, lastModified, etag: '"x"' }], nextToken: 'token-2' });
    expect(second).toEqual({ objects: [{ key: 'attendance/b', size: 4, lastModified }] });
    expect(s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'acad-raw', Prefix: 'zones/raw/attendance/', MaxKeys: 1, ContinuationToken: 'token-1' },
      { Bucket: 'acad-raw', Prefix: 'zones/raw/attendance/', MaxKeys: 1, ContinuationToken: 'token-2' },
    ]);
  });

  it('leaves keys that are not safe relative paths out of a listing, and names them in listRefused', async () => {
    s3.on(ListObjectsV2Command).resolves({
      Contents: [
        { Key: 'zones/raw/attendance/ok.csv', Size: 3, LastModified: new Date(0) },
        { Key: 'zones/raw/attendance/../../platform/_log/1.json', Size: 2, LastModified: new Date(0) },
        { Key: 'zones/raw/attendance//x.csv', Size: 1, LastModified: new Date(0) },
      ],
    });
    expect((await store.list('attendance/')).objects.map((o) => o.key)).toEqual(['attendance/ok.csv']);
    const refused = [];
    for await (const entry of store.listRefused('attendance/')) refused.push(entry);
    expect(refused).toEqual([
      { key: 'attendance/../../platform/_log/1.json', reason: 'a key that is not a safe relative path (".." segments are not allowed)' },
      {
        key: 'attendance//x.csv',
        reason: 'a key that is not a safe relative path (empty path segments ("//", leading or trailing "/") are not allowed)',
      },
    ]);
  });

  it('deletes by the full key under the prefix', async () => {
    s3.on(DeleteObjectCommand).resolves({});
    await store.delete('attendance/a');
    expect(s3.commandCalls(DeleteObjectCommand)[0].args[0].input).toEqual({ Bucket: 'acad-raw', Key: 'zones/raw/attendance/a' });
  });

  it('deletes if unchanged with If-Match on the ETag that was read, in one request', async () => {
    s3.on(DeleteObjectCommand).resolves({});
    const read = { key: 'landing/a.csv', size: 4, lastModified: new Date('2025-09-01T00:00:00Z'), etag: '"e1"' };
    expect(await store.deleteIfUnchanged('landing/a.csv', read)).toBe(true);
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'acad-raw', Key: 'zones/raw/landing/a.csv', IfMatch: '"e1"' },
    ]);
    expect(s3.commandCalls(HeadObjectCommand)).toHaveLength(0);
  });

  it('reads 412 as "changed since" (nothing deleted) and 404 as already gone', async () => {
    const read = { key: 'landing/a.csv', size: 4, lastModified: new Date('2025-09-01T00:00:00Z'), etag: '"e1"' };
    s3.on(DeleteObjectCommand).rejects(s3Error('PreconditionFailed', 412));
    expect(await store.deleteIfUnchanged('landing/a.csv', read)).toBe(false);
    s3.on(DeleteObjectCommand).rejects(s3Error('NoSuchKey', 404));
    expect(await store.deleteIfUnchanged('landing/a.csv', read)).toBe(true);
    s3.on(DeleteObjectCommand).rejects(s3Error('AccessDenied', 403));
    await expect(store.deleteIfUnchanged('landing/a.csv', read)).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('without an ETag, compares size and time with HEAD before deleting', async () => {
    const read = { key: 'landing/a.csv', size: 4, lastModified: new Date('2025-09-01T00:00:00Z') };
    s3.on(HeadObjectCommand).resolves({ ContentLength: 5, LastModified: read.lastModified });
    expect(await store.deleteIfUnchanged('landing/a.csv', read)).toBe(false);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
    s3.on(HeadObjectCommand).resolves({ ContentLength: 4, LastModified: read.lastModified });
    s3.on(DeleteObjectCommand).resolves({});
    expect(await store.deleteIfUnchanged('landing/a.csv', read)).toBe(true);
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'acad-raw', Key: 'zones/raw/landing/a.csv' },
    ]);
  });
});
