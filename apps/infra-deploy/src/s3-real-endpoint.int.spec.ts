import { createS3Client } from '@acad/storage';
import { ListBucketsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { KMSClient } from '@aws-sdk/client-kms';
import { applyStack } from './apply';
import type { AwsClients } from './aws-clients';
import { DestroyRefused } from './deploy-errors';
import { destroyStack } from './destroy';
import { FakeLog } from './fake-aws-errors.test-support';
import { fakeKms } from './fake-aws-storage.test-support';
import type { HandlerContext } from './handlers/handler';
import { planStack } from './plan';
import { withRetry } from './retry';
import { startS3rver, type RunningS3rver } from '@acad/storage/testing';
import { stackConfigFor } from './stack-config';
import { synthesize } from './synth';

const config = stackConfigFor('dev', { s3BucketPrefix: 'acad-it', region: 'us-east-1' });
// The buckets for real, against s3rver; the key they reference from the in-memory KMS.
const resources = synthesize(config).filter((r) => ['AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::S3::Bucket'].includes(r.type));
const bucketIds = resources.filter((r) => r.type === 'AWS::S3::Bucket').map((r) => r.id);

describe('the S3 part applied to a real S3-compatible server (s3rver on loopback)', () => {
  let server: RunningS3rver;
  let s3: S3Client;
  let kms: ReturnType<typeof fakeKms>;
  let ctx: HandlerContext;

  beforeAll(async () => {
    server = await startS3rver();
    s3 = createS3Client({
      region: 'us-east-1',
      endpoint: server.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    kms = fakeKms(new FakeLog(), '123456789012', 'us-east-1');
    const clients = { s3, kms: new KMSClient({ region: 'us-east-1' }) } as unknown as AwsClients;
    ctx = {
      clients,
      call: (op) => withRetry(op),
      account: { accountId: '123456789012', partition: 'aws', region: 'us-east-1' },
      s3Endpoint: server.endpoint,
    };
  }, 30_000);

  afterAll(async () => {
    kms.mock.restore();
    s3.destroy();
    await server.stop();
  });

  it('creates the buckets, reports what the server lacks, and a second apply changes nothing', async () => {
    const first = await planStack(resources, ctx);
    expect(first.changes.filter((c) => c.action === 'create').map((c) => c.id)).toEqual(['DataKey', 'DataKeyAlias', ...bucketIds]);

    const applied = await applyStack(resources, ctx);
    expect(applied.failed).toBeUndefined();
    const listed = await s3.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name).sort()).toEqual([
      'acad-it-curated',
      'acad-it-landing',
      'acad-it-platform',
      'acad-it-quarantine',
      'acad-it-raw',
      'acad-it-trusted',
    ]);

    const second = await planStack(resources, ctx);
    expect(second.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: resources.length });
    const raw = second.changes.find((c) => c.id === 'RawBucket');
    // s3rver has none of these bucket settings; on AWS they are applied and compared.
    expect(raw?.unsupported).toEqual(
      expect.arrayContaining([
        'BucketEncryption',
        'PublicAccessBlockConfiguration',
        'LifecycleConfiguration',
        'BucketPolicy',
        'VersioningConfiguration',
      ]),
    );

    const again = await applyStack(resources, ctx);
    expect(again.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: resources.length });
    expect((await s3.send(new ListBucketsCommand({}))).Buckets).toHaveLength(6);
  }, 30_000);

  it('refuses to destroy a non-empty bucket without --force, then empties and deletes with it', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: 'acad-it-trusted', Key: 'attendance/session_month=2025-09/part-b1.parquet', Body: 'rows' }),
    );
    const refused = await destroyStack(resources, ctx, { force: false }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DestroyRefused);
    expect((refused as DestroyRefused).refusals).toContainEqual({ id: 'TrustedBucket', reason: 'bucket acad-it-trusted is not empty' });
    expect((await s3.send(new ListBucketsCommand({}))).Buckets).toHaveLength(6);

    const report = await destroyStack(resources, ctx, { force: true });
    expect(report.deleted).toEqual([...bucketIds].reverse().concat(['DataKeyAlias', 'DataKey']));
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
  }, 30_000);
});
