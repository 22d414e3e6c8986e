import type { IamPolicyDocument } from '@acad/access';
import { sub, tagList, type Resource } from '../resource';
import { bucketName, glueDatabaseName, type StackConfig } from '../stack-config';
import { APP_NAMES, appPolicy, type AppName } from './app-policies';
import { pascalCase } from './glue-catalog';
import { stackTags } from './stack-tags';

export const DATABREW_ROLE_ID = 'DataBrewProfilerRole';
/** Every role of the platform sits under this path, which the deployer's own role administers. */
export const ROLE_PATH = '/acad/';

export function roleName(config: StackConfig, app: string): string {
  return `${config.prefix}-${app}`;
}

export function appRoleId(app: AppName): string {
  return `${pascalCase(app)}Role`;
}

/**
 * One role per app with its least-privilege inline policy, and the role DataBrew profile jobs run
 * as. Apps are trusted by the service that runs them; the deployer's role by the account's own
 * administrators (the account root principal delegates to IAM, it is not a wildcard).
 */
export function iamRoleResources(config: StackConfig): Resource[] {
  const appRoles = APP_NAMES.map((app) => {
    const principal: Record<string, string> =
      app === 'infra-deploy' ? { AWS: 'arn:aws:iam::${AWS::AccountId}:root' } : { Service: config.appServicePrincipal };
    return role(config, appRoleId(app), app, `Runs the ${app} of the academics data platform`, principal, appPolicy(config, app));
  });
  return [
    ...appRoles,
    role(
      config,
      DATABREW_ROLE_ID,
      'databrew-profiler',
      'DataBrew profile jobs over trusted',
      { Service: 'databrew.amazonaws.com' },
      profilerPolicy(config),
    ),
  ];
}

function role(
  config: StackConfig,
  id: string,
  app: string,
  description: string,
  principal: Record<string, string>,
  policy: IamPolicyDocument,
): Resource {
  const properties = {
    RoleName: roleName(config, app),
    Path: ROLE_PATH,
    Description: description,
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] },
    Policies: [{ PolicyName: `${roleName(config, app)}-policy`, PolicyDocument: policy }],
    Tags: tagList({ ...stackTags(config), 'acad:app': app }),
  };
  const substituted = withSubstitutions(properties) as Record<string, unknown>;
  return { type: 'AWS::IAM::Role', id, properties: substituted, dependsOn: referencesIn(JSON.stringify(properties)) };
}

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

/** Strings holding `${...}` become `Fn::Sub` templates, resolved by the deployer. */
function withSubstitutions(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('${') ? sub(value) : value;
  if (Array.isArray(value)) return value.map(withSubstitutions);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSubstitutions(v)]));
  return value;
}

function referencesIn(text: string): string[] {
  const ids = [...text.matchAll(/\$\{([A-Za-z0-9]+)\.[A-Za-z]+\}/g)].map((m) => m[1]);
  return [...new Set(ids)];
}
