import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type LifecycleRule,
  type S3Client,
  type ServerSideEncryptionRule,
} from '@aws-sdk/client-s3';
import { orAbsent, sortedTags } from './handler';

type Value = Record<string, unknown> | { Key: string; Value: string }[];

/**
 * One configurable part of a bucket, as the CloudFormation-shaped property it is synthesized
 * as: how to read it back into that shape and how to write it.
 */
export interface BucketAspect {
  readonly property: string;
  get(s3: S3Client, bucket: string): Promise<Value | undefined>;
  put(s3: S3Client, bucket: string, desired: unknown): Promise<unknown>;
  /**
   * Managed on AWS only. S3-compatible servers differ on these; s3rver even takes the
   * subresource requests for bucket listing and creation, so they cannot be probed safely.
   */
  readonly awsOnly?: boolean;
  /** Bring a desired value into the shape `get` returns (ordering). */
  normalize?(desired: unknown): unknown;
}

interface CfnLifecycleRule {
  Id: string;
  Status: 'Enabled' | 'Disabled';
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number };
  ExpirationInDays?: number;
  NoncurrentVersionExpiration?: { NoncurrentDays: number };
  Transitions?: { StorageClass: string; TransitionInDays: number }[];
}

function toSdkRule(rule: CfnLifecycleRule): LifecycleRule {
  return {
    ID: rule.Id,
    Status: rule.Status,
    // An empty prefix filter: the rule covers the whole bucket.
    Filter: { Prefix: '' },
    ...(rule.AbortIncompleteMultipartUpload ? { AbortIncompleteMultipartUpload: rule.AbortIncompleteMultipartUpload } : {}),
    ...(rule.ExpirationInDays !== undefined ? { Expiration: { Days: rule.ExpirationInDays } } : {}),
    ...(rule.NoncurrentVersionExpiration ? { NoncurrentVersionExpiration: rule.NoncurrentVersionExpiration } : {}),
    ...(rule.Transitions
      ? { Transitions: rule.Transitions.map((t) => ({ StorageClass: t.StorageClass as never, Days: t.TransitionInDays })) }
      : {}),
  };
}

function fromSdkRule(rule: LifecycleRule): CfnLifecycleRule {
  return {
    Id: rule.ID ?? '',
    Status: rule.Status as 'Enabled' | 'Disabled',
    ...(rule.AbortIncompleteMultipartUpload
      ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: rule.AbortIncompleteMultipartUpload.DaysAfterInitiation ?? 0 } }
      : {}),
    ...(rule.Expiration?.Days !== undefined ? { ExpirationInDays: rule.Expiration.Days } : {}),
    ...(rule.NoncurrentVersionExpiration
      ? { NoncurrentVersionExpiration: { NoncurrentDays: rule.NoncurrentVersionExpiration.NoncurrentDays ?? 0 } }
      : {}),
    ...(rule.Transitions
      ? { Transitions: rule.Transitions.map((t) => ({ StorageClass: String(t.StorageClass), TransitionInDays: t.Days ?? 0 })) }
      : {}),
  };
}

/** In the order they are written: ownership and public access first, so nothing is ever exposed. */
export const BUCKET_ASPECTS: readonly BucketAspect[] = [
  {
    property: 'OwnershipControls',
    awsOnly: true,
    get: async (s3, Bucket) => {
      const out = await orAbsent(() => s3.send(new GetBucketOwnershipControlsCommand({ Bucket })), 'OwnershipControlsNotFoundError');
      return out?.OwnershipControls
        ? { Rules: (out.OwnershipControls.Rules ?? []).map((r) => ({ ObjectOwnership: r.ObjectOwnership })) }
        : undefined;
    },
    put: (s3, Bucket, desired) => s3.send(new PutBucketOwnershipControlsCommand({ Bucket, OwnershipControls: desired as never })),
  },
  {
    property: 'PublicAccessBlockConfiguration',
    get: async (s3, Bucket) => {
      const out = await orAbsent(() => s3.send(new GetPublicAccessBlockCommand({ Bucket })), 'NoSuchPublicAccessBlockConfiguration');
      return out?.PublicAccessBlockConfiguration as Value | undefined;
    },
    put: (s3, Bucket, desired) => s3.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: desired as never })),
  },
  {
    property: 'BucketEncryption',
    get: async (s3, Bucket) => {
      const out = await orAbsent(
        () => s3.send(new GetBucketEncryptionCommand({ Bucket })),
        'ServerSideEncryptionConfigurationNotFoundError',
      );
      const rules = out?.ServerSideEncryptionConfiguration?.Rules;
      return rules
        ? {
            ServerSideEncryptionConfiguration: rules.map((r: ServerSideEncryptionRule) => ({
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
                KMSMasterKeyID: r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID,
              },
              BucketKeyEnabled: r.BucketKeyEnabled ?? false,
            })),
          }
        : undefined;
    },
    put: (s3, Bucket, desired) => {
      const rules = (
        desired as {
          ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: Record<string, string>; BucketKeyEnabled: boolean }[];
        }
      ).ServerSideEncryptionConfiguration;
      return s3.send(
        new PutBucketEncryptionCommand({
          Bucket,
          ServerSideEncryptionConfiguration: {
            Rules: rules.map((r) => ({
              ApplyServerSideEncryptionByDefault: r.ServerSideEncryptionByDefault as never,
              BucketKeyEnabled: r.BucketKeyEnabled,
            })),
          },
        }),
      );
    },
  },
  {
    property: 'VersioningConfiguration',
    awsOnly: true,
    get: async (s3, Bucket) => {
      const out = await s3.send(new GetBucketVersioningCommand({ Bucket }));
      return out.Status ? { Status: out.Status } : undefined;
    },
    put: (s3, Bucket, desired) => s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: desired as never })),
  },
  {
    property: 'LifecycleConfiguration',
    get: async (s3, Bucket) => {
      const out = await orAbsent(() => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket })), 'NoSuchLifecycleConfiguration');
      return out?.Rules ? { Rules: out.Rules.map(fromSdkRule) } : undefined;
    },
    put: (s3, Bucket, desired) =>
      s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket,
          LifecycleConfiguration: { Rules: (desired as { Rules: CfnLifecycleRule[] }).Rules.map(toSdkRule) },
        }),
      ),
  },
  {
    property: 'BucketPolicy',
    get: async (s3, Bucket) => {
      const out = await orAbsent(() => s3.send(new GetBucketPolicyCommand({ Bucket })), 'NoSuchBucketPolicy');
      return out?.Policy ? { PolicyDocument: JSON.parse(out.Policy) as Record<string, unknown> } : undefined;
    },
    put: (s3, Bucket, desired) =>
      s3.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify((desired as { PolicyDocument: unknown }).PolicyDocument) })),
  },
  {
    property: 'Tags',
    get: async (s3, Bucket) => {
      const out = await orAbsent(() => s3.send(new GetBucketTaggingCommand({ Bucket })), 'NoSuchTagSet');
      return out?.TagSet ? sortedTags(out.TagSet) : undefined;
    },
    put: (s3, Bucket, desired) =>
      s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: sortedTags(desired as { Key: string; Value: string }[]) } })),
    normalize: (desired) => sortedTags(desired as { Key: string; Value: string }[]),
  },
];
