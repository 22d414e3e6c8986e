import type { IamPolicyDocument } from '@acad/access';
import { Fn, Validations } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { bucketName, glueDatabaseName, type StackConfig } from '../stack-config';
import { APP_NAMES, appPolicy, quickSightPolicy, type AppName } from './app-policies';
import { pascalCase } from './glue-catalog';
import { stackTags, tagList } from './stack-tags';

export const DATABREW_ROLE_ID = 'DataBrewProfilerRole';
export const QUICKSIGHT_ROLE_ID = 'QuickSightAthenaRole';
/** Every role of the platform sits under this path, which the deployer's own role administers. */
export const ROLE_PATH = '/acad/';

export function roleName(config: StackConfig, app: string): string {
  return `${config.prefix}-${app}`;
}

export function appRoleId(app: AppName): string {
  return `${pascalCase(app)}Role`;
}

/**
 * One role per app with its least-privilege policy, and the role DataBrew profile jobs run
 * as. Apps are trusted by the service that runs them; the deployer's role by the account's own
 * administrators (the account root principal delegates to IAM, it is not a wildcard).
 */
export function addRoles(scope: Construct, config: StackConfig): Record<AppName | 'databrew-profiler', CfnRole> {
  const appRoles = APP_NAMES.map((app) => {
    const principal: Record<string, string> =
      app === 'infra-deploy' ? { AWS: 'arn:aws:iam::${AWS::AccountId}:root' } : { Service: config.appServicePrincipal };
    return [
      app,
      addRole(scope, config, appRoleId(app), app, `Runs the ${app} of the academics data platform`, principal, appPolicy(config, app)),
    ];
  });
  const profiler = addRole(
    scope,
    config,
    DATABREW_ROLE_ID,
    'databrew-profiler',
    'DataBrew profile jobs over trusted',
    { Service: 'databrew.amazonaws.com' },
    profilerPolicy(config),
  );
  return { ...Object.fromEntries(appRoles), 'databrew-profiler': profiler } as Record<AppName | 'databrew-profiler', CfnRole>;
}

/** The role QuickSight's Athena data source runs queries as (AthenaParameters.RoleArn), trusted by QuickSight only. */
export function addQuickSightRole(scope: Construct, config: StackConfig): CfnRole {
  return addRole(
    scope,
    config,
    QUICKSIGHT_ROLE_ID,
    'quicksight',
    'QuickSight reads curated products through Athena',
    { Service: 'quicksight.amazonaws.com' },
    quickSightPolicy(config),
  );
}

function addRole(
  scope: Construct,
  config: StackConfig,
  id: string,
  app: string,
  description: string,
  principal: Record<string, string>,
  policy: IamPolicyDocument,
): CfnRole {
  const role = new CfnRole(scope, id, {
    roleName: roleName(config, app),
    path: ROLE_PATH,
    description,
    assumeRolePolicyDocument: withSubstitutions({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
    }),
    tags: tagList({ ...stackTags(config), 'acad:app': app }),
  });
  // A customer managed policy rather than an inline one: it is versioned by IAM and can be reviewed
  // (and reused) on its own, which the HIPAA pack asks for.
  const managed = new CfnManagedPolicy(scope, `${id}Policy`, {
    managedPolicyName: `${roleName(config, app)}-policy`,
    path: ROLE_PATH,
    description: `What the ${app} may do`,
    policyDocument: withSubstitutions(policy),
    roles: [role.ref],
  });
  for (const finding of wildcardsOf(policy)) {
    Validations.of(managed).acknowledge({
      id: `AwsSolutions-IAM5[${finding}]`,
      reason: WILDCARD_REASONS[app as AppName | 'databrew-profiler' | 'quicksight'],
    });
  }
  return role;
}

/** The wildcards of a policy as cdk-nag names its IAM5 findings (`Action::s3:*`, `Resource::arn:...:<AWS::AccountId>:...`). */
function wildcardsOf(policy: IamPolicyDocument): string[] {
  const allows = policy.Statement.filter((s) => s.Effect === 'Allow');
  const actions = allows.flatMap((s) => s.Action).filter((a) => a.includes('*'));
  const resources = allows.flatMap((s) => s.Resource).filter((r) => r.includes('*'));
  return [...new Set([...actions.map((a) => `Action::${a}`), ...resources.map((r) => `Resource::${r.replace(/\$\{([^}]+)\}/g, '<$1>')}`)])];
}

/** Why each role's policy has the wildcards AwsSolutions-IAM5 reports (each one is reviewed in app-policies.spec.ts). */
const WILDCARD_REASONS: Record<AppName | 'databrew-profiler' | 'quicksight', string> = {
  'ingestion-worker':
    'Objects of the zones the pipeline runs are named per dataset and batch at run time (<zone bucket>/*), the catalog sync creates a table per dataset in the stack database (table/<db>/*), and PutMetricData has no resource-level permission (narrowed to the platform namespace by condition).',
  'publishing-server':
    'Reads objects of trusted, curated and platform, named per dataset and batch at run time (<bucket>/*), their Glue tables by zone prefix (trusted_*, curated_*), and writes Athena results under its workgroup prefix; it can write no zone.',
  'monitoring-reporter':
    'Reads platform state objects (<platform bucket>/*) and the stack alarms, and PutMetricData has no resource-level permission (narrowed to the platform namespace by condition); it can read no zone data.',
  'infra-deploy':
    "CloudFormation acts with the deployer's credentials, so it administers every resource type of the stack, confined by the stack prefix in each ARN (<prefix>-*); kms:CreateKey, kms:ListAliases, the EC2/ELB/Logs Describe calls and ECS task definition registration have no resource-level permission, and the key is administered only through its alias condition.",
  quicksight:
    'QuickSight reads curated objects named per product and batch at run time (<curated bucket>/*) and their Glue tables (curated_*), and writes Athena results under its workgroup prefix; it can read no other zone.',
  'databrew-profiler':
    'Profile jobs read every object and table of trusted (<trusted bucket>/*, trusted_*) and write profiles under databrew/ of the platform bucket only.',
};

function profilerPolicy(config: StackConfig): IamPolicyDocument {
  const trusted = bucketName(config, 'trusted');
  const platform = bucketName(config, 'platform');
  const database = glueDatabaseName(config);
  const glue = (path: string) => `arn:aws:glue:${config.region}:\${AWS::AccountId}:${path}`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadTrusted', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${trusted}/*`] },
      { Sid: 'ListTrusted', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [`arn:aws:s3:::${trusted}`] },
      { Sid: 'WriteProfiles', Effect: 'Allow', Action: ['s3:PutObject'], Resource: [`arn:aws:s3:::${platform}/databrew/*`] },
      { Sid: 'UseDataKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: ['${DataKey.Arn}'] },
      {
        Sid: 'ReadTrustedTables',
        Effect: 'Allow',
        Action: ['glue:GetDatabase', 'glue:GetPartitions', 'glue:GetTable'],
        Resource: [glue('catalog'), glue(`database/${database}`), glue(`table/${database}/trusted_*`)],
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Action: ['s3:*'],
        Resource: [`arn:aws:s3:::${trusted}`, `arn:aws:s3:::${trusted}/*`, `arn:aws:s3:::${platform}`, `arn:aws:s3:::${platform}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}

/**
 * Strings holding `${AWS::AccountId}` or `${DataKey.Arn}` become `Fn::Sub`, which CloudFormation
 * resolves (and orders the role after the key).
 */
function withSubstitutions(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('${') ? Fn.sub(value) : value;
  if (Array.isArray(value)) return value.map(withSubstitutions);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSubstitutions(v)]));
  return value;
}
