import * as kms from '@aws-sdk/client-kms';
import * as s3 from '@aws-sdk/client-s3';
import { applyStack } from '../apply';
import { present } from '../fake-aws-errors.test-support';
import { FAKE_REGION, createFakeAws, type FakeAws } from '../fake-aws.test-support';
import { planStack } from '../plan';
import { stackConfigFor } from '../stack-config';
import { synthesize } from '../synth';

const config = stackConfigFor('dev', { s3BucketPrefix: 'acad-dev', region: FAKE_REGION }, { budgetAlertEmails: 'platform@uni.edu' });
const resources = synthesize(config);
const storage = resources.filter((r) => ['AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::S3::Bucket'].includes(r.type));
const inputs = <I>(aws: FakeAws, service: 's3' | 'kms', command: unknown) =>
  aws[service].mock.commandCalls(command as never).map((c) => (c.args[0] as { input: I }).input);

describe('KMS key, alias and S3 bucket handlers', () => {
  let aws: FakeAws;
  let keyArn: string;

  beforeAll(async () => {
    aws = createFakeAws();
    await applyStack(storage, aws.ctx);
    keyArn = String([...aws.kms.keys.values()][0].meta.Arn);
  });

  afterAll(() => aws.restore());

  it('creates the key with its policy and tags, aliases it, and turns on yearly rotation', () => {
    const [create] = inputs(aws, 'kms', kms.CreateKeyCommand);
    expect(create).toEqual({
      Description: 'Academics data platform data key (acad-dev, dev)',
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountRootAdministersKey',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::123456789012:root' },
            Action: 'kms:*',
            Resource: '*',
          },
        ],
      }),
      Tags: [
        { TagKey: 'project', TagValue: 'academics-data-platform' },
        { TagKey: 'acad:prefix', TagValue: 'acad-dev' },
        { TagKey: 'acad:stack', TagValue: 'dev' },
      ],
    });
    expect(inputs(aws, 'kms', kms.CreateAliasCommand)).toEqual([{ AliasName: 'alias/acad-dev-data', TargetKeyId: 'key-1' }]);
    expect(inputs(aws, 'kms', kms.EnableKeyRotationCommand)).toEqual([{ KeyId: 'key-1', RotationPeriodInDays: 365 }]);
  });

  it('creates each bucket then writes ownership, public access block, SSE-KMS, versioning, lifecycle, TLS policy and tags', () => {
    expect(inputs(aws, 's3', s3.CreateBucketCommand)).toContainEqual({
      Bucket: 'acad-dev-raw',
      CreateBucketConfiguration: { LocationConstraint: FAKE_REGION },
    });
    const forRaw = <I extends { Bucket?: string }>(command: new (input: I) => unknown) =>
      inputs<I>(aws, 's3', command).filter((i) => i.Bucket === 'acad-dev-raw');
    expect(forRaw(s3.PutBucketOwnershipControlsCommand)).toEqual([
      { Bucket: 'acad-dev-raw', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } },
    ]);
    expect(forRaw(s3.PutPublicAccessBlockCommand)).toEqual([
      {
        Bucket: 'acad-dev-raw',
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      },
    ]);
    expect(forRaw(s3.PutBucketEncryptionCommand)).toEqual([
      {
        Bucket: 'acad-dev-raw',
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }],
        },
      },
    ]);
    expect(forRaw(s3.PutBucketVersioningCommand)).toEqual([{ Bucket: 'acad-dev-raw', VersioningConfiguration: { Status: 'Enabled' } }]);
    expect(forRaw(s3.PutBucketLifecycleConfigurationCommand)).toEqual([
      {
        Bucket: 'acad-dev-raw',
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'abort-incomplete-uploads',
              Status: 'Enabled',
              Filter: { Prefix: '' },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            },
            {
              ID: 'expire-noncurrent-versions',
              Status: 'Enabled',
              Filter: { Prefix: '' },
              NoncurrentVersionExpiration: { NoncurrentDays: 90 },
            },
            {
              ID: 'raw-to-infrequent-access',
              Status: 'Enabled',
              Filter: { Prefix: '' },
              Transitions: [{ StorageClass: 'STANDARD_IA', Days: 30 }],
            },
          ],
        },
      },
    ]);
    const [policy] = forRaw(s3.PutBucketPolicyCommand);
    expect(JSON.parse(String(policy.Policy))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::acad-dev-raw', 'arn:aws:s3:::acad-dev-raw/*'],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    });
    expect(forRaw(s3.PutBucketTaggingCommand)[0].Tagging?.TagSet).toContainEqual({ Key: 'acad:zone', Value: 'raw' });
    // Landing is not versioned: no versioning call at all.
    expect(inputs<s3.PutBucketVersioningCommandInput>(aws, 's3', s3.PutBucketVersioningCommand).map((i) => i.Bucket)).toEqual([
      'acad-dev-raw',
      'acad-dev-trusted',
      'acad-dev-curated',
    ]);
  });

  it('reads back through Head/Get calls only, and updates exactly the aspect that drifted', async () => {
    aws.s3.mock.resetHistory();
    aws.kms.mock.resetHistory();
    const plan = await planStack(storage, aws.ctx);
    expect(plan.summary.unchanged).toBe(storage.length);
    const sent = [...aws.s3.mock.calls(), ...aws.kms.mock.calls()].map((c) => (c.args[0] as object).constructor.name);
    expect(new Set(sent)).toEqual(
      new Set([
        'ListAliasesCommand',
        'DescribeKeyCommand',
        'GetKeyRotationStatusCommand',
        'GetKeyPolicyCommand',
        'HeadBucketCommand',
        'GetBucketOwnershipControlsCommand',
        'GetPublicAccessBlockCommand',
        'GetBucketEncryptionCommand',
        'GetBucketVersioningCommand',
        'GetBucketLifecycleConfigurationCommand',
        'GetBucketPolicyCommand',
        'GetBucketTaggingCommand',
      ]),
    );

    aws.s3.buckets
      .get('acad-dev-curated')
      ?.config.set('pab', { BlockPublicAcls: false, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    present(aws.kms.keys.get('key-1'), 'key-1').rotation = { enabled: false };
    aws.s3.mock.resetHistory();
    aws.kms.mock.resetHistory();
    await applyStack(storage, aws.ctx);
    expect(aws.s3.mock.commandCalls(s3.PutPublicAccessBlockCommand).map((c) => c.args[0].input.Bucket)).toEqual(['acad-dev-curated']);
    expect(aws.s3.mock.commandCalls(s3.PutBucketPolicyCommand)).toHaveLength(0);
    expect(inputs(aws, 'kms', kms.EnableKeyRotationCommand)).toEqual([{ KeyId: 'key-1', RotationPeriodInDays: 365 }]);
  });
});
