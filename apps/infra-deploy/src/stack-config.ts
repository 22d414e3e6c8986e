import type { Settings } from '@acad/config';
import { z } from 'zod';

export const STACK_NAMES = ['dev', 'prod'] as const;
export type StackName = (typeof STACK_NAMES)[number];

/** The zones of PRODUCT.md §3 plus the platform bucket (catalog, metrics, query results). */
export const BUCKET_ZONES = ['landing', 'raw', 'quarantine', 'trusted', 'curated', 'platform'] as const;
export type BucketZone = (typeof BUCKET_ZONES)[number];

/** A 41-character prefix still gives `<prefix>-prod-quarantine` within S3's 63 characters. */
export const StackConfigSchema = z.object({
  stack: z.enum(STACK_NAMES),
  prefix: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes, 2–41 characters'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1'),
  retention: z.object({
    /** Landing files are removed once their batch commits; this catches what is left. */
    landingExpirationDays: z.number().int().min(1),
    noncurrentVersionExpirationDays: z.number().int().min(1),
    /** S3 moves objects to STANDARD_IA no sooner than 30 days after creation. */
    rawInfrequentAccessAfterDays: z.number().int().min(30),
    abortIncompleteUploadDays: z.number().int().min(1),
  }),
  /** Days a deleted KMS key can still be recovered (7–30). */
  kmsPendingWindowDays: z.number().int().min(7).max(30),
});

export type StackConfig = z.infer<typeof StackConfigSchema>;

/** A stack name or setting that cannot make a valid stack. Exit code 2. */
export class StackConfigError extends Error {
  readonly code = 'STACK_CONFIG_INVALID';
  readonly exitCode = 2;

  constructor(detail: string) {
    super(`Invalid stack configuration: ${detail}`);
    this.name = 'StackConfigError';
  }
}

const RETENTION: Record<StackName, StackConfig['retention']> = {
  dev: { landingExpirationDays: 7, noncurrentVersionExpirationDays: 90, rawInfrequentAccessAfterDays: 30, abortIncompleteUploadDays: 7 },
  prod: { landingExpirationDays: 7, noncurrentVersionExpirationDays: 365, rawInfrequentAccessAfterDays: 30, abortIncompleteUploadDays: 7 },
};

/** The stack config for `stack` from the platform settings (bucket prefix, region). */
export function stackConfigFor(stack: string, settings: Pick<Settings, 's3BucketPrefix' | 'region'>): StackConfig {
  const parsed = StackConfigSchema.safeParse({
    stack,
    prefix: settings.s3BucketPrefix,
    region: settings.region,
    retention: RETENTION[stack as StackName],
    kmsPendingWindowDays: stack === 'prod' ? 30 : 7,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StackConfigError(`${issue.path.join('.') || 'stack'}: ${issue.message}`);
  }
  return parsed.data;
}

export function bucketName(config: Pick<StackConfig, 'prefix' | 'stack'>, zone: BucketZone): string {
  return `${config.prefix}-${config.stack}-${zone}`;
}
