import type { Settings } from '@acad/config';
import { zoneBucketName } from '@acad/zones';
import { z } from 'zod';

export const STACK_NAMES = ['dev', 'prod'] as const;
export type StackName = (typeof STACK_NAMES)[number];

/** The zones of PRODUCT.md §3 plus the platform bucket (commit log, catalog, query results, profiles). */
export const BUCKET_ZONES = ['landing', 'raw', 'quarantine', 'trusted', 'curated', 'platform'] as const;
export type BucketZone = (typeof BUCKET_ZONES)[number];

const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const email = z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'an e-mail address');

/**
 * A stack: one environment of the platform. `prefix` is ACAD_S3_BUCKET_PREFIX and carries the
 * environment (`acad-dev`, `acad-prod`), exactly as the runtime names its buckets; the stack name
 * chooses retention, limits and budget. A 41-character prefix keeps `<prefix>-quarantine` and
 * `<prefix>-monitoring-reporter` within S3's 63 and IAM's 64 characters.
 */
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
  /** Athena cancels a query that scans more (10 MB is Athena's minimum). */
  athenaBytesScannedCutoff: z.number().int().min(10_000_000),
  budget: z.object({
    monthlyLimitUsd: z.number().positive(),
    /** Who is told when actual spend passes 80 % or the forecast passes 100 %. */
    alertEmails: z.array(email).max(10),
  }),
  /** The publishing server on ECS Fargate behind an HTTPS load balancer; left out, the stack has no web tier. */
  publishingServer: z
    .object({
      /** The container image built from apps/publishing-server/Dockerfile, pushed to a registry (ECR). */
      image: z.string().min(1),
      certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, 'an ACM certificate ARN'),
      vpcId: z.string().regex(/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/, 'a VPC id such as vpc-0a1b2c3d'),
      /** Where the tasks run (no public address; AWS APIs through a NAT gateway or VPC endpoints). */
      privateSubnetIds: z.array(z.string().regex(SUBNET_ID, 'a subnet id such as subnet-0a1b2c3d')).min(2),
      /** Where the load balancer listens (two Availability Zones). */
      publicSubnetIds: z.array(z.string().regex(SUBNET_ID, 'a subnet id such as subnet-0a1b2c3d')).min(2),
      /** Who may reach the load balancer, e.g. the campus network. */
      ingressCidr: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'an IPv4 CIDR such as 10.0.0.0/8'),
      desiredCount: z.number().int().min(1),
    })
    .optional(),
  /**
   * QuickSight, for offices that use it: an Athena data source and a dataset per curated product,
   * shared with the QuickSight groups of the roles that may read it (`<prefix>-<role>` in this
   * namespace, made once in QuickSight). Left out (the default), the stack has no QuickSight.
   */
  quickSight: z.object({ namespace: z.string().regex(/^[a-zA-Z0-9._-]{1,64}$/, 'a QuickSight namespace such as default') }).optional(),
  /** The service that runs the platform's apps and assumes their roles. */
  appServicePrincipal: z.string().regex(/^[a-z0-9.-]+\.amazonaws\.com$/, 'a service principal such as ecs-tasks.amazonaws.com'),
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

const GIB = 1024 ** 3;

const STACK_DEFAULTS: Record<StackName, Omit<StackConfig, 'stack' | 'prefix' | 'region' | 'budget'> & { monthlyLimitUsd: number }> = {
  dev: {
    retention: {
      landingExpirationDays: 7,
      noncurrentVersionExpirationDays: 90,
      rawInfrequentAccessAfterDays: 30,
      abortIncompleteUploadDays: 7,
    },
    kmsPendingWindowDays: 7,
    athenaBytesScannedCutoff: GIB,
    monthlyLimitUsd: 50,
    appServicePrincipal: 'ecs-tasks.amazonaws.com',
  },
  prod: {
    retention: {
      landingExpirationDays: 7,
      noncurrentVersionExpirationDays: 365,
      rawInfrequentAccessAfterDays: 30,
      abortIncompleteUploadDays: 7,
    },
    kmsPendingWindowDays: 30,
    athenaBytesScannedCutoff: 10 * GIB,
    monthlyLimitUsd: 500,
    appServicePrincipal: 'ecs-tasks.amazonaws.com',
  },
};

export interface StackInputs {
  /** ACAD_BUDGET_ALERT_EMAILS: comma-separated addresses for the budget notifications. */
  readonly budgetAlertEmails?: string;
  /** ACAD_PUBLISHING_IMAGE: the publishing server's container image; with it, the stack runs the server. */
  readonly publishingImage?: string;
  /** ACAD_CERTIFICATE_ARN, ACAD_VPC_ID, ACAD_PRIVATE_SUBNET_IDS, ACAD_PUBLIC_SUBNET_IDS (comma-separated), ACAD_INGRESS_CIDR. */
  readonly certificateArn?: string;
  readonly vpcId?: string;
  readonly privateSubnetIds?: string;
  readonly publicSubnetIds?: string;
  readonly ingressCidr?: string;
  /** ACAD_QUICKSIGHT_NAMESPACE: with it, the stack has QuickSight datasets shared with that namespace's groups. */
  readonly quickSightNamespace?: string;
}

/** The stack config for `stack` from the platform settings (bucket prefix, region) and deploy inputs. */
export function stackConfigFor(
  stack: string,
  settings: Pick<Settings, 's3BucketPrefix' | 'region'>,
  inputs: StackInputs = {},
): StackConfig {
  const defaults = STACK_DEFAULTS[stack as StackName] ?? STACK_DEFAULTS.dev;
  const { monthlyLimitUsd, ...rest } = defaults;
  const list = (value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
  const alertEmails = list(inputs.budgetAlertEmails);
  const publishingServer = inputs.publishingImage
    ? {
        image: inputs.publishingImage,
        certificateArn: inputs.certificateArn,
        vpcId: inputs.vpcId,
        privateSubnetIds: list(inputs.privateSubnetIds),
        publicSubnetIds: list(inputs.publicSubnetIds),
        ingressCidr: inputs.ingressCidr || '0.0.0.0/0',
        desiredCount: stack === 'prod' ? 2 : 1,
      }
    : undefined;
  const parsed = StackConfigSchema.safeParse({
    ...rest,
    stack,
    prefix: settings.s3BucketPrefix,
    region: settings.region,
    budget: { monthlyLimitUsd, alertEmails },
    ...(publishingServer ? { publishingServer } : {}),
    ...(inputs.quickSightNamespace ? { quickSight: { namespace: inputs.quickSightNamespace } } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StackConfigError(`${issue.path.join('.') || 'stack'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * What `plan` and `apply` need beyond `synth`: a budget notification must have a subscriber.
 * Synth works without, so the resources can be read before anyone is chosen.
 */
export function assertDeployable(config: StackConfig): void {
  if (config.budget.alertEmails.length === 0) {
    throw new StackConfigError('budget.alertEmails: set ACAD_BUDGET_ALERT_EMAILS to at least one address for the budget notifications');
  }
}

/** The bucket of a zone: the runtime's own naming (`createZoneStores`), so both always agree. */
export function bucketName(config: Pick<StackConfig, 'prefix'>, zone: BucketZone): string {
  return zoneBucketName(config.prefix, zone);
}

/** Glue names are lower-case with underscores (Athena does not like dashes). */
export function glueDatabaseName(config: Pick<StackConfig, 'prefix'>): string {
  return config.prefix.replace(/-/g, '_');
}

export function athenaWorkgroupName(config: Pick<StackConfig, 'prefix'>): string {
  return `${config.prefix}-analytics`;
}
