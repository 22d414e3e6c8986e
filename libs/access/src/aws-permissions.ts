import { athenaWorkgroupArn, cloudwatchAlarmArn, glueArn, glueTableName, s3BucketArn, type ResolvedIamTarget } from './iam-target';
import type { Zone } from './platform-resources';
import type { PlatformAction } from './policy-document';
import { hasWildcard } from './wildcard-match';

/** What a platform resource pattern denotes on AWS. Dashboards and tokens live in the publishing server. */
export type ResourceScope =
  | { readonly kind: 'dataset'; readonly zone: Zone; readonly name: string }
  | { readonly kind: 'catalog' | 'keys' | 'monitoring' | 'dashboard' | 'tokens' };

export type IamConditionBlock = Record<string, Record<string, string | string[]>>;

/**
 * AWS actions on resources, under an optional condition. `sharedResources` (the Glue catalog and
 * database, the Athena workgroup) serve every dataset: an Allow needs them, a Deny must never name
 * them, or denying one zone would deny all.
 */
export interface AwsPermission {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly sharedResources?: readonly string[];
  readonly condition?: IamConditionBlock;
}

type Group = 'dataRead' | 'metadataRead' | 'query' | 'landingWrite' | 'catalogRead' | 'keyAdmin' | 'monitoringRead';

/**
 * Which permission groups each platform action needs. `acad:ViewPii` has no IAM form: column
 * masking is enforced by the publishing server and, on AWS, by field-level encryption of direct
 * identifiers; IAM works on whole objects.
 */
const GROUPS_BY_ACTION: Readonly<Record<PlatformAction, readonly Group[]>> = {
  'acad:ReadDataset': ['metadataRead'],
  'acad:ReadRows': ['dataRead', 'metadataRead'],
  'acad:Download': ['dataRead'],
  // Athena reads the tables and objects with the caller's own credentials.
  'acad:Query': ['query', 'metadataRead', 'dataRead'],
  'acad:Ingest': ['landingWrite'],
  'acad:ReadCatalog': ['catalogRead'],
  'acad:ManageKeys': ['keyAdmin'],
  'acad:ReadMonitoring': ['monitoringRead'],
  'acad:ReadDashboard': [],
  'acad:ManageTokens': [],
  'acad:ViewPii': [],
};

const GROUP_KIND: Readonly<Record<Group, ResourceScope['kind']>> = {
  dataRead: 'dataset',
  metadataRead: 'dataset',
  query: 'dataset',
  landingWrite: 'dataset',
  catalogRead: 'catalog',
  keyAdmin: 'keys',
  monitoringRead: 'monitoring',
};

export function groupsFor(actions: readonly PlatformAction[], scope: ResourceScope): Group[] {
  const groups = new Set(actions.flatMap((a) => GROUPS_BY_ACTION[a]).filter((g) => GROUP_KIND[g] === scope.kind));
  return [...groups];
}

/** Platform actions that need a group: a Deny drops the group only when it denies all of them. */
export function actionsNeeding(group: Group): PlatformAction[] {
  return (Object.keys(GROUPS_BY_ACTION) as PlatformAction[]).filter((a) => GROUPS_BY_ACTION[a].includes(group));
}

export function permissionsFor(group: Group, scope: ResourceScope, target: ResolvedIamTarget): AwsPermission[] {
  const database = [glueArn(target, 'catalog'), glueArn(target, `database/${target.glueDatabase}`)];
  if (scope.kind !== 'dataset') {
    switch (group) {
      case 'catalogRead':
        return [
          {
            actions: ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTables'],
            resources: [...database, glueArn(target, `table/${target.glueDatabase}/*`)],
          },
        ];
      case 'keyAdmin':
        return [
          {
            actions: [
              'kms:DescribeKey',
              'kms:EnableKeyRotation',
              'kms:GetKeyRotationStatus',
              'kms:ListKeyRotations',
              'kms:RotateKeyOnDemand',
            ],
            resources: [target.kmsKeyArn],
          },
        ];
      case 'monitoringRead':
        return [
          // These CloudWatch reads support no resource-level permission; the action list stays narrow.
          { actions: ['cloudwatch:GetMetricData', 'cloudwatch:GetMetricStatistics', 'cloudwatch:ListMetrics'], resources: ['*'] },
          { actions: ['cloudwatch:DescribeAlarms'], resources: [cloudwatchAlarmArn(target)] },
        ];
      default:
        return [];
    }
  }
  const bucket = target.bucketNames[scope.zone];
  // A name of `*` means the whole zone: no dataset condition, no prefix condition.
  const allNames = scope.name === '*';
  const objects = allNames ? `${s3BucketArn(target, bucket)}/*` : `${s3BucketArn(target, bucket)}/${scope.name}/*`;
  const keyCondition = encryptionContextCondition(scope.zone, allNames ? undefined : scope.name);
  const listCondition: IamConditionBlock | undefined = allNames ? undefined : { StringLike: { 's3:prefix': `${scope.name}/*` } };
  switch (group) {
    case 'dataRead':
      return [
        { actions: ['s3:GetObject'], resources: [objects] },
        { actions: ['s3:ListBucket'], resources: [s3BucketArn(target, bucket)], ...(listCondition ? { condition: listCondition } : {}) },
        { actions: ['kms:Decrypt'], resources: [target.kmsKeyArn], condition: keyCondition },
      ];
    case 'metadataRead':
      return [
        { actions: ['glue:GetDatabase'], resources: [], sharedResources: database },
        {
          actions: ['glue:GetPartition', 'glue:GetPartitions', 'glue:GetTable'],
          resources: [glueArn(target, `table/${target.glueDatabase}/${glueTableName(scope.zone, scope.name)}`)],
          sharedResources: database,
        },
      ];
    case 'query':
      return [
        {
          actions: [
            'athena:GetQueryExecution',
            'athena:GetQueryResults',
            'athena:GetWorkGroup',
            'athena:StartQueryExecution',
            'athena:StopQueryExecution',
          ],
          resources: [],
          sharedResources: [athenaWorkgroupArn(target)],
        },
        ...(target.athenaResultsBucket
          ? [
              {
                actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
                resources: [],
                sharedResources: [`${s3BucketArn(target, target.athenaResultsBucket)}/${target.athenaWorkgroup}/*`],
              },
              { actions: ['s3:GetBucketLocation'], resources: [], sharedResources: [s3BucketArn(target, target.athenaResultsBucket)] },
            ]
          : []),
      ];
    case 'landingWrite':
      // Ingestion means delivering files to landing; the pipeline's own role writes the other zones.
      return scope.zone !== 'landing'
        ? []
        : [
            { actions: ['s3:PutObject'], resources: [objects] },
            { actions: ['kms:GenerateDataKey'], resources: [target.kmsKeyArn], condition: keyCondition },
          ];
    default:
      return [];
  }
}

/** Envelope keys are bound to `{ dataset, zone }` (libs/crypto); KMS checks the same pairs. */
function encryptionContextCondition(zone: Zone, name: string | undefined): IamConditionBlock {
  const condition: IamConditionBlock = { StringEquals: { 'kms:EncryptionContext:zone': zone } };
  if (name !== undefined) {
    if (hasWildcard(name)) condition['StringLike'] = { 'kms:EncryptionContext:dataset': name };
    else condition['StringEquals']['kms:EncryptionContext:dataset'] = name;
  }
  return condition;
}
