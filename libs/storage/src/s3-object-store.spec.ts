import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from './create-s3-client';
import { describeObjectStoreContract, generatedStream, sha256Of } from './object-store.contract.test-support';
import { S3ObjectStore } from './s3-object-store';
import { type RunningS3rver, startS3rver } from './local-s3-server';

const BUCKET = 'acad-raw';

let server: RunningS3rver;
let client: S3Client;
let storeCount = 0;

beforeAll(async () => {
  server = await startS3rver();
  client = createS3Client({
    region: 'us-east-1',
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  client.destroy();
  await server.stop();
});

// Each test gets its own prefix in the shared bucket: a fresh, empty store.
const freshStore = async () => new S3ObjectStore({ client, bucket: BUCKET, prefix: `contract/store-${++storeCount}` });

describeObjectStoreContract('S3ObjectStore on s3rver', freshStore);

describe('S3ObjectStore on s3rver', () => {
  it('names its bucket and prefix as its location', () => {
    expect(new S3ObjectStore({ client, bucket: BUCKET, prefix: '/zones/raw/' }).location).toBe('s3://acad-raw/zones/raw/');
    expect(new S3ObjectStore({ client, bucket: BUCKET }).location).toBe('s3://acad-raw/');
  });

  it('keeps stores with different prefixes in one bucket apart', async () => {
    const raw = new S3ObjectStore({ client, bucket: BUCKET, prefix: 'isolation/raw' });
    const trusted = new S3ObjectStore({ client, bucket: BUCKET, prefix: 'isolation/trusted' });
    const whole = new S3ObjectStore({ client, bucket: BUCKET });
    await raw.put('attendance/part-0.parquet', 'raw bytes');
    await trusted.put('attendance/part-0.parquet', 'trusted bytes');

    expect((await raw.getBytes('attendance/part-0.parquet')).toString()).toBe('raw bytes');
    expect((await trusted.list('')).objects.map((o) => o.key)).toEqual(['attendance/part-0.parquet']);
    expect((await whole.list('isolation/')).objects.map((o) => o.key)).toEqual([
      'isolation/raw/attendance/part-0.parquet',
      'isolation/trusted/attendance/part-0.parquet',
    ]);
  });

  it('uploads a large stream in parts and reads it back whole', async () => {
    const sent: string[] = [];
    const recorder = client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    try {
      const store = await freshStore();
      const { stream, sha256 } = generatedStream(11 * 1024 * 1024, 3);
      expect(await store.put('big/export.csv', stream)).toMatchObject({ size: 11 * 1024 * 1024 });
      expect(await sha256Of(await store.get('big/export.csv'))).toBe(sha256);
    } finally {
      client.middlewareStack.remove('recordCommands');
    }
    expect(recorder).toBeUndefined();
    expect(sent.filter((name) => name === 'UploadPartCommand')).toHaveLength(3);
    expect(sent).toContain('CreateMultipartUploadCommand');
    expect(sent).toContain('CompleteMultipartUploadCommand');
  });
});
