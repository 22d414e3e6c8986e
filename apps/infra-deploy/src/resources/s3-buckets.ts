import { Aws, Fn, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import type { CfnKey } from 'aws-cdk-lib/aws-kms';
import { CfnBucket, CfnBucketPolicy } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { BUCKET_ZONES, bucketName, type BucketZone, type StackConfig } from '../stack-config';
import { removalTag, stackTags, tagList } from './stack-tags';

/**
 * Landing alone is not versioned: a delivered file is removed once its batch commits, and a
 * noncurrent version would keep that plaintext for months.
 */
const UNVERSIONED_ZONES: readonly BucketZone[] = ['landing'];

export const ACCESS_LOG_BUCKET_ID = 'AccessLogBucket';
/** Where the publishing server's load balancer writes its access logs in the access-log bucket. */
export const LOAD_BALANCER_LOG_PREFIX = 'alb';

export function bucketId(zone: BucketZone): string {
  return `${zone[0].toUpperCase()}${zone.slice(1)}Bucket`;
}

/** Where S3 server access logs of every zone go (who read or wrote what, for the audit trail). */
export function accessLogBucketName(config: Pick<StackConfig, 'prefix'>): string {
  return `${config.prefix}-access-logs`;
}

export interface Buckets {
  readonly zones: Readonly<Record<BucketZone, CfnBucket>>;
  readonly accessLogs: CfnBucket;
}

/**
 * One bucket per zone plus the platform bucket, all private, SSE-KMS, TLS only, logging to the
 * access-log bucket. Every bucket is retained when the stack is deleted (they hold the data),
 * unless `destroy --force` asks otherwise.
 */
export function addBuckets(scope: Construct, config: StackConfig, key: CfnKey, removal: RemovalPolicy): Buckets {
  const accessLogs = addAccessLogBucket(scope, config, removal);
  const zones = Object.fromEntries(
    BUCKET_ZONES.map((zone) => [zone, addZoneBucket(scope, config, zone, key, accessLogs, removal)]),
  ) as Record<BucketZone, CfnBucket>;
  return { zones, accessLogs };
}

function addZoneBucket(
  scope: Construct,
  config: StackConfig,
  zone: BucketZone,
  key: CfnKey,
  accessLogs: CfnBucket,
  removal: RemovalPolicy,
): CfnBucket {
  const name = bucketName(config, zone);
  const versioned = !UNVERSIONED_ZONES.includes(zone);
  const bucket = new CfnBucket(scope, bucketId(zone), {
    bucketName: name,
    bucketEncryption: {
      serverSideEncryptionConfiguration: [
        {
          serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.attrArn },
          // One KMS request per bucket key instead of per object: cost and throttling.
          bucketKeyEnabled: true,
        },
      ],
    },
    publicAccessBlockConfiguration: privateAccess,
    ownershipControls: { rules: [{ objectOwnership: 'BucketOwnerEnforced' }] },
    ...(versioned ? { versioningConfiguration: { status: 'Enabled' } } : {}),
    lifecycleConfiguration: { rules: lifecycleRules(config, zone, versioned) },
    loggingConfiguration: { destinationBucketName: accessLogs.ref, logFilePrefix: `${name}/` },
    tags: tagList({ ...stackTags(config), 'acad:zone': zone, ...removalTag(removal) }),
  });
  bucket.applyRemovalPolicy(removal);
  addTlsOnlyPolicy(scope, `${bucketId(zone)}Policy`, bucket);
  Validations.of(bucket).acknowledge({ id: 'HIPAA.Security-S3BucketReplicationEnabled', reason: NO_REPLICATION });
  if (!versioned) {
    Validations.of(bucket).acknowledge({
      id: 'HIPAA.Security-S3BucketVersioningEnabled',
      reason:
        'Landing holds delivered files until their batch commits (then they are deleted, and expire after days regardless); versions would keep plaintext deliveries for months.',
    });
  }
  return bucket;
}

/**
 * S3 delivers server access logs only to a bucket encrypted with S3-managed keys (SSE-S3), so this
 * one bucket is not SSE-KMS; it holds request records, no data.
 */
function addAccessLogBucket(scope: Construct, config: StackConfig, removal: RemovalPolicy): CfnBucket {
  const name = accessLogBucketName(config);
  const bucket = new CfnBucket(scope, ACCESS_LOG_BUCKET_ID, {
    bucketName: name,
    bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
    publicAccessBlockConfiguration: privateAccess,
    ownershipControls: { rules: [{ objectOwnership: 'BucketOwnerEnforced' }] },
    versioningConfiguration: { status: 'Enabled' },
    lifecycleConfiguration: {
      rules: [
        { id: 'expire-access-logs', status: 'Enabled', expirationInDays: config.retention.noncurrentVersionExpirationDays },
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          noncurrentVersionExpiration: { noncurrentDays: config.retention.noncurrentVersionExpirationDays },
        },
      ],
    },
    tags: tagList({ ...stackTags(config), 'acad:zone': 'access-logs', ...removalTag(removal) }),
  });
  bucket.applyRemovalPolicy(removal);
  addTlsOnlyPolicy(scope, `${ACCESS_LOG_BUCKET_ID}Policy`, bucket, [
    {
      Sid: 'S3ServerAccessLogsFromStackBuckets',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: Fn.join('', [bucket.attrArn, '/*']),
      Condition: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    },
    {
      // The publishing server's load balancer (regions opened since August 2022 deliver as this service).
      Sid: 'LoadBalancerAccessLogs',
      Effect: 'Allow',
      Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: Fn.join('', [bucket.attrArn, `/${LOAD_BALANCER_LOG_PREFIX}/AWSLogs/`, Aws.ACCOUNT_ID, '/*']),
    },
  ]);
  Validations.of(bucket).acknowledge({ id: 'HIPAA.Security-S3BucketReplicationEnabled', reason: NO_REPLICATION });
  Validations.of(bucket).acknowledge({
    id: 'HIPAA.Security-S3DefaultEncryptionKMS',
    reason: 'S3 delivers server access logs only to buckets encrypted with SSE-S3, not SSE-KMS; the bucket holds request records, no data.',
  });
  return bucket;
}

/** The stack is one region; a replica is a second region's stack, which the office decides on. */
const NO_REPLICATION =
  "Single-region stack: cross-region replication needs a destination bucket and key in another region, which is the office's disaster-recovery decision (it doubles storage); versioning and DeletionPolicy Retain protect against loss here.";

const privateAccess = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

/** Denies every request that does not use TLS. `Principal: '*'` is right here: it is a Deny. */
function addTlsOnlyPolicy(scope: Construct, id: string, bucket: CfnBucket, grants: object[] = []): CfnBucketPolicy {
  const policyDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucket.attrArn, Fn.join('', [bucket.attrArn, '/*'])],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      ...grants,
    ],
  };
  return new CfnBucketPolicy(scope, id, { bucket: bucket.ref, policyDocument });
}

function lifecycleRules(config: StackConfig, zone: BucketZone, versioned: boolean): CfnBucket.RuleProperty[] {
  const { retention } = config;
  const rules: CfnBucket.RuleProperty[] = [
    {
      id: 'abort-incomplete-uploads',
      status: 'Enabled',
      abortIncompleteMultipartUpload: { daysAfterInitiation: retention.abortIncompleteUploadDays },
    },
  ];
  if (zone === 'landing') rules.push({ id: 'expire-landing-files', status: 'Enabled', expirationInDays: retention.landingExpirationDays });
  if (versioned) {
    rules.push({
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      noncurrentVersionExpiration: { noncurrentDays: retention.noncurrentVersionExpirationDays },
    });
  }
  if (zone === 'raw') {
    rules.push({
      id: 'raw-to-infrequent-access',
      status: 'Enabled',
      transitions: [{ storageClass: 'STANDARD_IA', transitionInDays: retention.rawInfrequentAccessAfterDays }],
    });
  }
  return rules;
}
