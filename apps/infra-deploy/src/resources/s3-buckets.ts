import { getAtt, tagList, type Resource } from '../resource';
import { BUCKET_ZONES, bucketName, type BucketZone, type StackConfig } from '../stack-config';
import { DATA_KEY_ID } from './kms-key';
import { stackTags } from './stack-tags';

/** Zones whose objects are the record of what happened; overwritten versions are kept a while. */
const VERSIONED_ZONES: readonly BucketZone[] = ['raw', 'trusted', 'curated'];

export function bucketId(zone: BucketZone): string {
  return `${zone[0].toUpperCase()}${zone.slice(1)}Bucket`;
}

/** One bucket per zone plus the platform bucket, all private, SSE-KMS, TLS only. */
export function bucketResources(config: StackConfig): Resource[] {
  return BUCKET_ZONES.map((zone) => bucketResource(config, zone));
}

function bucketResource(config: StackConfig, zone: BucketZone): Resource {
  const name = bucketName(config, zone);
  const versioned = VERSIONED_ZONES.includes(zone);
  return {
    type: 'AWS::S3::Bucket',
    id: bucketId(zone),
    properties: {
      BucketName: name,
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt(DATA_KEY_ID, 'Arn') },
            // One KMS request per bucket key instead of per object: cost and throttling.
            BucketKeyEnabled: true,
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      ...(versioned ? { VersioningConfiguration: { Status: 'Enabled' } } : {}),
      LifecycleConfiguration: { Rules: lifecycleRules(config, zone, versioned) },
      BucketPolicy: { PolicyDocument: tlsOnlyPolicy(name) },
      Tags: tagList({ ...stackTags(config), 'acad:zone': zone }),
    },
    dependsOn: [DATA_KEY_ID],
  };
}

function lifecycleRules(config: StackConfig, zone: BucketZone, versioned: boolean): Record<string, unknown>[] {
  const { retention } = config;
  const rules: Record<string, unknown>[] = [
    {
      Id: 'abort-incomplete-uploads',
      Status: 'Enabled',
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: retention.abortIncompleteUploadDays },
    },
  ];
  if (zone === 'landing') rules.push({ Id: 'expire-landing-files', Status: 'Enabled', ExpirationInDays: retention.landingExpirationDays });
  if (versioned) {
    rules.push({
      Id: 'expire-noncurrent-versions',
      Status: 'Enabled',
      NoncurrentVersionExpiration: { NoncurrentDays: retention.noncurrentVersionExpirationDays },
    });
  }
  if (zone === 'raw') {
    rules.push({
      Id: 'raw-to-infrequent-access',
      Status: 'Enabled',
      Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: retention.rawInfrequentAccessAfterDays }],
    });
  }
  return rules;
}

/** Denies every request that does not use TLS. `Principal: '*'` is right here: it is a Deny. */
function tlsOnlyPolicy(name: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}
