import * as kms from '@aws-sdk/client-kms';
import * as s3 from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError, type FakeLog } from './fake-aws-errors.test-support';

export interface FakeBucket {
  config: Map<string, unknown>;
  objects: Set<string>;
}

/** S3 buckets and their configuration, kept in memory behind a mocked S3Client. */
export function fakeS3(log: FakeLog) {
  const buckets = new Map<string, FakeBucket>();
  const mock = mockClient(s3.S3Client);
  const bucket = (name: string | undefined): FakeBucket => {
    const found = buckets.get(name ?? '');
    if (!found) throw awsError('NoSuchBucket', 404);
    return found;
  };
  mock.on(s3.HeadBucketCommand).callsFake((i: s3.HeadBucketCommandInput) => {
    if (!buckets.has(i.Bucket ?? '')) throw awsError('NotFound', 404);
    return {};
  });
  mock.on(s3.CreateBucketCommand).callsFake((i: s3.CreateBucketCommandInput) => {
    log.write('CreateBucket');
    if (buckets.has(i.Bucket ?? '')) throw awsError('BucketAlreadyOwnedByYou', 409);
    buckets.set(i.Bucket ?? '', { config: new Map(), objects: new Set() });
    return {};
  });
  const aspect = <G, P>(
    get: new (i: G) => unknown,
    put: new (i: P) => unknown,
    key: string,
    missing: string | undefined,
    store: (i: P) => unknown,
    show: (v: unknown) => unknown,
  ) => {
    mock.on(get as never).callsFake((i: { Bucket?: string }) => {
      const value = bucket(i.Bucket).config.get(key);
      if (value === undefined) {
        if (missing) throw awsError(missing, 404);
        return {};
      }
      return show(value);
    });
    mock.on(put as never).callsFake((i: P & { Bucket?: string }) => {
      log.write(put.name.replace(/Command$/, ''));
      bucket(i.Bucket).config.set(key, store(i));
      return {};
    });
  };
  aspect(
    s3.GetBucketOwnershipControlsCommand,
    s3.PutBucketOwnershipControlsCommand,
    'ownership',
    'OwnershipControlsNotFoundError',
    (i) => i.OwnershipControls,
    (v) => ({ OwnershipControls: v }),
  );
  aspect(
    s3.GetPublicAccessBlockCommand,
    s3.PutPublicAccessBlockCommand,
    'pab',
    'NoSuchPublicAccessBlockConfiguration',
    (i) => i.PublicAccessBlockConfiguration,
    (v) => ({ PublicAccessBlockConfiguration: v }),
  );
  aspect(
    s3.GetBucketEncryptionCommand,
    s3.PutBucketEncryptionCommand,
    'sse',
    'ServerSideEncryptionConfigurationNotFoundError',
    (i) => i.ServerSideEncryptionConfiguration,
    (v) => ({ ServerSideEncryptionConfiguration: v }),
  );
  aspect(
    s3.GetBucketVersioningCommand,
    s3.PutBucketVersioningCommand,
    'versioning',
    undefined,
    (i) => i.VersioningConfiguration,
    (v) => v,
  );
  aspect(
    s3.GetBucketLifecycleConfigurationCommand,
    s3.PutBucketLifecycleConfigurationCommand,
    'lifecycle',
    'NoSuchLifecycleConfiguration',
    (i) => i.LifecycleConfiguration?.Rules,
    (v) => ({ Rules: v }),
  );
  aspect(
    s3.GetBucketPolicyCommand,
    s3.PutBucketPolicyCommand,
    'policy',
    'NoSuchBucketPolicy',
    (i) => i.Policy,
    (v) => ({ Policy: v }),
  );
  aspect(
    s3.GetBucketTaggingCommand,
    s3.PutBucketTaggingCommand,
    'tags',
    'NoSuchTagSet',
    (i) => i.Tagging?.TagSet,
    (v) => ({ TagSet: v }),
  );
  mock.on(s3.ListObjectsV2Command).callsFake((i: s3.ListObjectsV2CommandInput) => {
    const keys = [...bucket(i.Bucket).objects].slice(0, i.MaxKeys ?? 1000);
    return { KeyCount: keys.length, Contents: keys.map((Key) => ({ Key })) };
  });
  mock.on(s3.ListObjectVersionsCommand).resolves({});
  mock.on(s3.DeleteObjectsCommand).callsFake((i: s3.DeleteObjectsCommandInput) => {
    log.write('DeleteObjects');
    for (const o of i.Delete?.Objects ?? []) bucket(i.Bucket).objects.delete(o.Key ?? '');
    return {};
  });
  mock.on(s3.DeleteBucketCommand).callsFake((i: s3.DeleteBucketCommandInput) => {
    log.write('DeleteBucket');
    if (bucket(i.Bucket).objects.size > 0) throw awsError('BucketNotEmpty', 409);
    buckets.delete(i.Bucket ?? '');
    return {};
  });
  return { mock, buckets };
}

export interface FakeKey {
  meta: kms.KeyMetadata;
  policy: string;
  rotation: { enabled: boolean; period?: number };
}

/** KMS keys and aliases behind a mocked KMSClient. */
export function fakeKms(log: FakeLog, account: string, region: string) {
  const keys = new Map<string, FakeKey>();
  const aliases = new Map<string, string>();
  const mock = mockClient(kms.KMSClient);
  let next = 1;
  const key = (id: string | undefined): FakeKey => {
    const found = keys.get(id ?? '') ?? keys.get(aliases.get(id ?? '') ?? '');
    if (!found) throw awsError('NotFoundException', 400);
    return found;
  };
  mock.on(kms.ListAliasesCommand).callsFake(() => ({
    Aliases: [...aliases].map(([AliasName, TargetKeyId]) => ({
      AliasName,
      TargetKeyId,
      AliasArn: `arn:aws:kms:${region}:${account}:${AliasName}`,
    })),
    Truncated: false,
  }));
  mock.on(kms.DescribeKeyCommand).callsFake((i: kms.DescribeKeyCommandInput) => ({ KeyMetadata: key(i.KeyId).meta }));
  mock.on(kms.GetKeyRotationStatusCommand).callsFake((i: kms.GetKeyRotationStatusCommandInput) => {
    const r = key(i.KeyId).rotation;
    return { KeyRotationEnabled: r.enabled, ...(r.period ? { RotationPeriodInDays: r.period } : {}) };
  });
  mock.on(kms.GetKeyPolicyCommand).callsFake((i: kms.GetKeyPolicyCommandInput) => ({ Policy: key(i.KeyId).policy }));
  mock.on(kms.CreateKeyCommand).callsFake((i: kms.CreateKeyCommandInput) => {
    log.write('CreateKey');
    const KeyId = `key-${next++}`;
    const meta = {
      KeyId,
      Arn: `arn:aws:kms:${region}:${account}:key/${KeyId}`,
      Description: i.Description,
      KeySpec: i.KeySpec,
      KeyUsage: i.KeyUsage,
      KeyState: 'Enabled' as const,
    };
    keys.set(KeyId, { meta, policy: i.Policy ?? '', rotation: { enabled: false } });
    return { KeyMetadata: meta };
  });
  mock.on(kms.CreateAliasCommand).callsFake((i: kms.CreateAliasCommandInput) => {
    log.write('CreateAlias');
    if (aliases.has(i.AliasName ?? '')) throw awsError('AlreadyExistsException', 400);
    aliases.set(i.AliasName ?? '', key(i.TargetKeyId).meta.KeyId ?? '');
    return {};
  });
  mock.on(kms.UpdateAliasCommand).callsFake((i: kms.UpdateAliasCommandInput) => {
    log.write('UpdateAlias');
    aliases.set(i.AliasName ?? '', key(i.TargetKeyId).meta.KeyId ?? '');
    return {};
  });
  mock.on(kms.DeleteAliasCommand).callsFake((i: kms.DeleteAliasCommandInput) => {
    log.write('DeleteAlias');
    aliases.delete(i.AliasName ?? '');
    return {};
  });
  mock.on(kms.EnableKeyRotationCommand).callsFake((i: kms.EnableKeyRotationCommandInput) => {
    log.write('EnableKeyRotation');
    key(i.KeyId).rotation = { enabled: true, period: i.RotationPeriodInDays ?? 365 };
    return {};
  });
  mock.on(kms.UpdateKeyDescriptionCommand).callsFake((i: kms.UpdateKeyDescriptionCommandInput) => {
    log.write('UpdateKeyDescription');
    key(i.KeyId).meta.Description = i.Description;
    return {};
  });
  mock.on(kms.PutKeyPolicyCommand).callsFake((i: kms.PutKeyPolicyCommandInput) => {
    log.write('PutKeyPolicy');
    key(i.KeyId).policy = i.Policy ?? '';
    return {};
  });
  mock.on(kms.ScheduleKeyDeletionCommand).callsFake((i: kms.ScheduleKeyDeletionCommandInput) => {
    log.write('ScheduleKeyDeletion');
    key(i.KeyId).meta.KeyState = 'PendingDeletion';
    return { KeyId: i.KeyId, PendingWindowInDays: i.PendingWindowInDays };
  });
  return { mock, keys, aliases };
}
