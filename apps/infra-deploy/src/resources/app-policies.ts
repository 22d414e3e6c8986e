import {
  CATALOG_RESOURCE,
  MONITORING_RESOURCE,
  PolicyDocumentSchema,
  compileIamPolicy,
  datasetResource,
  type IamPolicyDocument,
  type IamStatement,
  type PolicyDocument,
} from '@acad/access';
import { DEFAULT_NAMESPACE } from '@acad/monitoring';
import { BUCKET_ZONES, athenaWorkgroupName, bucketName, glueDatabaseName, type BucketZone, type StackConfig } from '../stack-config';
import { keyAliasName } from './kms-key';

/** The platform's apps that run on AWS, each with its own role. */
export const APP_NAMES = ['ingestion-worker', 'publishing-server', 'monitoring-reporter', 'infra-deploy'] as const;
export type AppName = (typeof APP_NAMES)[number];

// compileIamPolicy validates a concrete target; these stand in for values known only at deploy
// time and are turned into `${AWS::AccountId}` / `${DataKey.Arn}` substitutions afterwards.
const PLACEHOLDER_ACCOUNT = '111111111111';
const KEY_ARN = '${DataKey.Arn}';
const ACCOUNT = '${AWS::AccountId}';

function platformPolicy(id: string, statements: PolicyDocument['Statement']): PolicyDocument {
  return PolicyDocumentSchema.parse({ Version: '2012-10-17', Id: id, Statement: statements });
}

/** What each app may do, in platform terms where the platform has words for it. */
const PLATFORM_POLICIES: Record<AppName, PolicyDocument | undefined> = {
  'ingestion-worker': platformPolicy('acad-app-ingestion-worker', [
    { Sid: 'DeliverToLanding', Effect: 'Allow', Action: 'acad:Ingest', Resource: datasetResource('landing', '*') },
  ]),
  'publishing-server': platformPolicy('acad-app-publishing-server', [
    {
      Sid: 'ReadAndQueryPublishedData',
      Effect: 'Allow',
      Action: ['acad:ReadDataset', 'acad:ReadRows', 'acad:Query', 'acad:Download'],
      Resource: [datasetResource('trusted', '*'), datasetResource('curated', '*')],
    },
    { Sid: 'ReadCatalog', Effect: 'Allow', Action: 'acad:ReadCatalog', Resource: CATALOG_RESOURCE },
  ]),
  'monitoring-reporter': platformPolicy('acad-app-monitoring-reporter', [
    { Sid: 'ReadMonitoring', Effect: 'Allow', Action: 'acad:ReadMonitoring', Resource: MONITORING_RESOURCE },
    { Sid: 'ReadCatalog', Effect: 'Allow', Action: 'acad:ReadCatalog', Resource: CATALOG_RESOURCE },
  ]),
  'infra-deploy': undefined,
};

/**
 * What QuickSight may do through the Athena data source's role: read and query curated products,
 * in platform terms, compiled like an app's (Athena in the workgroup, the curated Glue tables and
 * objects, the data key), and nothing of trusted or the other zones.
 */
export function quickSightPolicy(config: StackConfig): IamPolicyDocument {
  const platform = platformPolicy('acad-quicksight', [
    {
      Sid: 'ReadAndQueryCuratedProducts',
      Effect: 'Allow',
      Action: ['acad:ReadDataset', 'acad:ReadRows', 'acad:Query'],
      Resource: datasetResource('curated', '*'),
    },
  ]);
  return withDeployTimeValues(config, compileIamPolicy([platform], iamTarget(config)));
}

/**
 * The IAM policy of an app: its platform policy compiled by @acad/access, plus what the platform
 * model has no action for (the pipeline writing zones, publishing metrics, administering the stack).
 */
export function appPolicy(config: StackConfig, app: AppName): IamPolicyDocument {
  const platform = PLATFORM_POLICIES[app];
  const compiled = platform ? withDeployTimeValues(config, compileIamPolicy([platform], iamTarget(config))) : undefined;
  const statements = [...(compiled?.Statement ?? []), ...EXTRA_STATEMENTS[app](config)];
  return { Version: '2012-10-17', Statement: statements };
}

function iamTarget(config: StackConfig) {
  const zones = BUCKET_ZONES.filter((z): z is Exclude<BucketZone, 'platform'> => z !== 'platform');
  return {
    accountId: PLACEHOLDER_ACCOUNT,
    region: config.region,
    bucketNames: Object.fromEntries(zones.map((zone) => [zone, bucketName(config, zone)])) as Record<(typeof zones)[number], string>,
    glueDatabase: glueDatabaseName(config),
    athenaWorkgroup: athenaWorkgroupName(config),
    athenaResultsBucket: bucketName(config, 'platform'),
    kmsKeyArn: placeholderKeyArn(config),
  };
}

function placeholderKeyArn(config: StackConfig): string {
  return `arn:aws:kms:${config.region}:${PLACEHOLDER_ACCOUNT}:key/deploy-time-key`;
}

function withDeployTimeValues(config: StackConfig, document: IamPolicyDocument): IamPolicyDocument {
  const text = JSON.stringify(document).split(placeholderKeyArn(config)).join(KEY_ARN).split(PLACEHOLDER_ACCOUNT).join(ACCOUNT);
  return JSON.parse(text) as IamPolicyDocument;
}

const s3 = (bucket: string, path?: string) => `arn:aws:s3:::${bucket}${path === undefined ? '' : `/${path}`}`;
const objectsOf = (config: StackConfig, zones: readonly BucketZone[]) => zones.map((z) => s3(bucketName(config, z), '*'));
const bucketsOf = (config: StackConfig, zones: readonly BucketZone[]) => zones.map((z) => s3(bucketName(config, z)));
const statement = (Sid: string, Action: string[], Resource: string[], Condition?: IamStatement['Condition']): IamStatement => ({
  Sid,
  Effect: 'Allow',
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});
const glue = (config: StackConfig, path: string) => `arn:aws:glue:${config.region}:${ACCOUNT}:${path}`;
const putMetrics = statement('PublishPlatformMetrics', ['cloudwatch:PutMetricData'], ['*'], {
  // PutMetricData has no resource-level permission; the namespace condition narrows it.
  StringEquals: { 'cloudwatch:namespace': DEFAULT_NAMESPACE },
});
const denyInsecureTransport = (config: StackConfig): IamStatement => ({
  Sid: 'DenyInsecureTransportPlatform',
  Effect: 'Deny',
  Action: ['s3:*'],
  Resource: [s3(bucketName(config, 'platform')), s3(bucketName(config, 'platform'), '*')],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

const EXTRA_STATEMENTS: Record<AppName, (config: StackConfig) => IamStatement[]> = {
  'ingestion-worker': (config) => [
    // The pipeline moves batches landing → raw/quarantine → trusted and builds curated products;
    // it never needs to read curated back (products are rebuilt from trusted).
    statement(
      'RunPipelineZones',
      ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      objectsOf(config, ['landing', 'raw', 'quarantine', 'trusted', 'platform']),
    ),
    statement('WriteCuratedProducts', ['s3:DeleteObject', 's3:PutObject'], objectsOf(config, ['curated'])),
    statement('ListPipelineZones', ['s3:ListBucket'], bucketsOf(config, ['landing', 'raw', 'quarantine', 'trusted', 'platform'])),
    statement('EnvelopeKeys', ['kms:Decrypt', 'kms:GenerateDataKey'], [KEY_ARN]),
    statement(
      'SyncCatalogTables',
      ['glue:BatchCreatePartition', 'glue:CreateTable', 'glue:GetDatabase', 'glue:GetPartitions', 'glue:GetTable', 'glue:UpdateTable'],
      [glue(config, 'catalog'), glue(config, `database/${glueDatabaseName(config)}`), glue(config, `table/${glueDatabaseName(config)}/*`)],
    ),
    putMetrics,
    denyInsecureTransport(config),
  ],
  'publishing-server': (config) => [
    statement('ReadPlatformState', ['s3:GetObject'], objectsOf(config, ['platform'])),
    statement('ListPlatformState', ['s3:ListBucket'], bucketsOf(config, ['platform'])),
    denyInsecureTransport(config),
  ],
  'monitoring-reporter': (config) => [
    statement('ReadPlatformState', ['s3:GetObject'], objectsOf(config, ['platform'])),
    // Storage metrics count objects and bytes per zone: listing only, never reading.
    statement('ListZonesForStorageMetrics', ['s3:ListBucket'], bucketsOf(config, BUCKET_ZONES)),
    putMetrics,
    denyInsecureTransport(config),
  ],
  'infra-deploy': (config) => infraDeployStatements(config),
};

/**
 * Runs the stack's change sets: CloudFormation acts with the deployer's own credentials, so the
 * role administers exactly the stack's resources, found by name; KMS CreateKey has no resource.
 */
function infraDeployStatements(config: StackConfig): IamStatement[] {
  const p = config.prefix;
  const region = config.region;
  return [
    statement(
      'RunTheStack',
      [
        'cloudformation:CreateChangeSet',
        'cloudformation:DeleteChangeSet',
        'cloudformation:DeleteStack',
        'cloudformation:DescribeChangeSet',
        'cloudformation:DescribeStackDriftDetectionStatus',
        'cloudformation:DescribeStackEvents',
        'cloudformation:DescribeStackResourceDrifts',
        'cloudformation:DescribeStacks',
        'cloudformation:DetectStackDrift',
        'cloudformation:ExecuteChangeSet',
        'cloudformation:GetTemplate',
      ],
      [`arn:aws:cloudformation:${region}:${ACCOUNT}:stack/${p}-platform/*`, `arn:aws:cloudformation:${region}:${ACCOUNT}:changeSet/*`],
    ),
    statement('AdministerNotifications', ['sns:*'], [`arn:aws:sns:${region}:${ACCOUNT}:${p}-*`]),
    statement('AdministerStackBuckets', ['s3:*'], [`arn:aws:s3:::${p}-*`]),
    statement('CreateKeys', ['kms:CreateKey', 'kms:ListAliases'], ['*']),
    statement(
      'AdministerDataKey',
      [
        'kms:CreateAlias',
        'kms:DescribeKey',
        'kms:EnableKeyRotation',
        'kms:GetKeyPolicy',
        'kms:GetKeyRotationStatus',
        'kms:PutKeyPolicy',
        'kms:ScheduleKeyDeletion',
        'kms:TagResource',
        'kms:UpdateAlias',
        'kms:UpdateKeyDescription',
      ],
      [`arn:aws:kms:${region}:${ACCOUNT}:key/*`],
      { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': keyAliasName(config) } },
    ),
    statement(
      'AdministerDataKeyAlias',
      ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'],
      [`arn:aws:kms:${region}:${ACCOUNT}:${keyAliasName(config)}`],
    ),
    statement(
      'AdministerCatalog',
      ['glue:*'],
      [
        glue(config, 'catalog'),
        glue(config, `database/${glueDatabaseName(config)}`),
        glue(config, `table/${glueDatabaseName(config)}/*`),
        glue(config, `dataQualityRuleset/${p}-*`),
      ],
    ),
    statement(
      'AdministerDataBrew',
      ['databrew:*'],
      [
        `arn:aws:databrew:${region}:${ACCOUNT}:dataset/${p}-*`,
        `arn:aws:databrew:${region}:${ACCOUNT}:ruleset/${p}-*`,
        `arn:aws:databrew:${region}:${ACCOUNT}:job/${p}-*`,
      ],
    ),
    statement('AdministerWorkgroup', ['athena:*'], [`arn:aws:athena:${region}:${ACCOUNT}:workgroup/${athenaWorkgroupName(config)}`]),
    statement(
      'AdministerAlarms',
      ['cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricAlarm'],
      [`arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${p}-*`],
    ),
    statement(
      'AdministerDashboard',
      ['cloudwatch:DeleteDashboards', 'cloudwatch:GetDashboard', 'cloudwatch:PutDashboard'],
      [`arn:aws:cloudwatch::${ACCOUNT}:dashboard/${p}-*`],
    ),
    statement('AdministerBudget', ['budgets:ModifyBudget', 'budgets:ViewBudget'], [`arn:aws:budgets::${ACCOUNT}:budget/${p}-*`]),
    statement('AdministerAppRoles', ['iam:*'], [`arn:aws:iam::${ACCOUNT}:role/acad/${p}-*`, `arn:aws:iam::${ACCOUNT}:policy/acad/${p}-*`]),
    ...(config.publishingServer ? webTierStatements(config) : []),
    ...(config.quickSight
      ? [
          statement(
            'AdministerQuickSight',
            ['quicksight:*'],
            [`arn:aws:quicksight:${region}:${ACCOUNT}:datasource/${p}-*`, `arn:aws:quicksight:${region}:${ACCOUNT}:dataset/${p}-*`],
          ),
        ]
      : []),
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Action: ['s3:*'],
      Resource: [`arn:aws:s3:::${p}-*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];
}

/** The publishing server's web tier, when the stack has one: ECS, the load balancer, its security groups and logs. */
function webTierStatements(config: StackConfig): IamStatement[] {
  const p = config.prefix;
  const arn = (service: string, path: string) => `arn:aws:${service}:${config.region}:${ACCOUNT}:${path}`;
  const web = webTierNames(config);
  return [
    statement(
      'AdministerPublishingService',
      ['ecs:*'],
      [arn('ecs', `cluster/${p}-platform`), arn('ecs', `service/${p}-platform/*`), arn('ecs', `task-definition/${p}-publishing-server:*`)],
    ),
    statement(
      'AdministerLoadBalancer',
      ['elasticloadbalancing:*'],
      [
        arn('elasticloadbalancing', `loadbalancer/app/${web.loadBalancer}/*`),
        arn('elasticloadbalancing', `listener/app/${web.loadBalancer}/*`),
        arn('elasticloadbalancing', `targetgroup/${web.targetGroup}/*`),
      ],
    ),
    statement(
      'AdministerWebSecurityGroups',
      [
        'ec2:AuthorizeSecurityGroupEgress',
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:CreateSecurityGroup',
        'ec2:CreateTags',
        'ec2:DeleteSecurityGroup',
        'ec2:RevokeSecurityGroupEgress',
        'ec2:RevokeSecurityGroupIngress',
      ],
      [arn('ec2', 'security-group/*'), arn('ec2', `vpc/${config.publishingServer?.vpcId ?? ''}`)],
    ),
    statement('AdministerServerLogs', ['logs:*'], [arn('logs', `log-group:/acad/${p}/*`)]),
    // Describe calls and task definition registration have no resource-level permission.
    statement(
      'ReadWebTier',
      [
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcs',
        'ecs:DeregisterTaskDefinition',
        'ecs:DescribeTaskDefinition',
        'ecs:RegisterTaskDefinition',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeTargetGroups',
        'logs:DescribeLogGroups',
      ],
      ['*'],
    ),
  ];
}

/** Load balancer and target group names (ELB allows 32 characters). */
export function webTierNames(config: Pick<StackConfig, 'prefix'>): { loadBalancer: string; targetGroup: string } {
  return { loadBalancer: `${config.prefix}-web`.slice(0, 32), targetGroup: `${config.prefix}-web-targets`.slice(0, 32) };
}
