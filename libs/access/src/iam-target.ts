import { z } from 'zod';
import { ZONES, type Zone } from './platform-resources';

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name');

/** The AWS resources the platform's zones and services live in. */
export const IamTargetSchema = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a region such as eu-west-1'),
  partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']).default('aws'),
  bucketNames: z.strictObject(Object.fromEntries(ZONES.map((zone) => [zone, bucketName])) as Record<Zone, typeof bucketName>),
  glueDatabase: z.string().regex(/^[a-z0-9_]{1,255}$/, 'a Glue database name'),
  athenaWorkgroup: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'an Athena workgroup name'),
  /** Where Athena writes results for the workgroup, under `<workgroup>/`; omit with managed query results. */
  athenaResultsBucket: bucketName.optional(),
  kmsKeyArn: z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, 'a KMS key ARN'),
});
export type IamTarget = z.input<typeof IamTargetSchema>;
export type ResolvedIamTarget = z.output<typeof IamTargetSchema>;

/** Glue table for a dataset in a zone; the catalog's Glue sync must name tables the same way. */
export function glueTableName(zone: Zone, name: string): string {
  return `${zone}_${name}`;
}

export function s3BucketArn(target: ResolvedIamTarget, bucket: string): string {
  return `arn:${target.partition}:s3:::${bucket}`;
}

export function glueArn(target: ResolvedIamTarget, path: string): string {
  return `arn:${target.partition}:glue:${target.region}:${target.accountId}:${path}`;
}

export function athenaWorkgroupArn(target: ResolvedIamTarget): string {
  return `arn:${target.partition}:athena:${target.region}:${target.accountId}:workgroup/${target.athenaWorkgroup}`;
}

export function cloudwatchAlarmArn(target: ResolvedIamTarget): string {
  return `arn:${target.partition}:cloudwatch:${target.region}:${target.accountId}:alarm:*`;
}
