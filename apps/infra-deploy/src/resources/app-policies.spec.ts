import type { IamStatement } from '@acad/access';
import { PROD, resourcesOfType, templateOf } from '../template.test-support';

const template = templateOf(PROD);
const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/k-1';
const roles = resourcesOfType(template, 'AWS::IAM::Role');
const policies = resourcesOfType(template, 'AWS::IAM::ManagedPolicy');

interface TrustPolicy {
  Statement: { Principal: Record<string, string> }[];
}

/** What CloudFormation would make of the template's `Fn::Sub` and `Fn::GetAtt` in account 123456789012. */
function resolved<T>(value: unknown): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const record = v as Record<string, unknown>;
      if (typeof record['Fn::Sub'] === 'string')
        return record['Fn::Sub']
          .split('${AWS::AccountId}')
          .join('123456789012')
          .split('${AWS::Partition}')
          .join('aws')
          .split('${DataKey.Arn}')
          .join(keyArn);
      const getAtt = record['Fn::GetAtt'] as [string, string] | undefined;
      if (getAtt) return getAtt[0] === 'DataKey' ? keyArn : `resolved:${getAtt.join('.')}`;
      return Object.fromEntries(Object.entries(record).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

function statementsOf(app: string): IamStatement[] {
  const role = roles.find(([, r]) => r.Properties?.['RoleName'] === `acad-prod-${app}`);
  if (!role) throw new Error(`no role for ${app}`);
  const attached = policies.filter(([, p]) => JSON.stringify(p.Properties?.['Roles']) === JSON.stringify([{ Ref: role[0] }]));
  expect(attached).toHaveLength(1);
  return resolved<{ Statement: IamStatement[] }>(attached[0][1].Properties?.['PolicyDocument']).Statement;
}

/** IAM's glob: `*` any run of characters, `?` one. */
function matches(pattern: string, value: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(value);
}

/** Whether the role's policy allows `action` on `resource` (ignoring conditions, so an over-estimate). */
function allows(app: string, action: string, resource: string): boolean {
  const hits = (s: IamStatement) =>
    [s.Action].flat().some((a) => matches(a, action)) && [s.Resource].flat().some((r) => matches(r, resource));
  const statements = statementsOf(app);
  return statements.some((s) => s.Effect === 'Allow' && hits(s)) && !statements.some((s) => s.Effect === 'Deny' && !s.Condition && hits(s));
}

const object = (zone: string, key = 'attendance/part.parquet') => `arn:aws:s3:::acad-prod-${zone}/${key}`;

describe('IAM roles and policies per app', () => {
  it('has no wildcard principal anywhere: trust policies name a service or the account', () => {
    for (const [, role] of roles) {
      for (const statement of resolved<TrustPolicy>(role.Properties?.['AssumeRolePolicyDocument']).Statement) {
        expect(JSON.stringify(statement.Principal)).not.toContain('"*"');
        expect(Object.values(statement.Principal)[0]).toMatch(/^([a-z.-]+\.amazonaws\.com|arn:aws:iam::123456789012:root)$/);
      }
      // Roles carry no inline policy; identity policies have no principal at all.
      expect(role.Properties).not.toHaveProperty('Policies');
    }
    for (const [, policy] of policies) {
      for (const statement of resolved<{ Statement: IamStatement[] }>(policy.Properties?.['PolicyDocument']).Statement)
        expect(statement).not.toHaveProperty('Principal');
    }
  });

  it('denies S3 without TLS in every role that touches a bucket', () => {
    const touching = [];
    for (const [, role] of roles) {
      const statements = statementsOf(String(role.Properties?.['RoleName']).replace('acad-prod-', ''));
      const tls = statements.filter(
        (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
      );
      const buckets = statements
        .filter((s) => s.Effect === 'Allow')
        .flatMap((s) => [s.Resource].flat().filter((r) => r.startsWith('arn:aws:s3:::')));
      if (buckets.length === 0) continue;
      touching.push(role);
      for (const arn of buckets) expect(tls.some((s) => [s.Resource].flat().some((r) => matches(r, arn)))).toBe(true);
    }
    // Every app role and the profiler; the publishing server's ECS execution role touches no bucket.
    expect(touching).toHaveLength(5);
  });

  it('lets the ingestion worker deliver and run the pipeline, but not read curated products', () => {
    expect(allows('ingestion-worker', 's3:PutObject', object('landing'))).toBe(true);
    expect(allows('ingestion-worker', 's3:PutObject', object('trusted'))).toBe(true);
    expect(allows('ingestion-worker', 's3:PutObject', object('curated'))).toBe(true);
    expect(allows('ingestion-worker', 's3:GetObject', object('curated'))).toBe(false);
    expect(
      allows('ingestion-worker', 'athena:StartQueryExecution', 'arn:aws:athena:eu-west-1:123456789012:workgroup/acad-prod-analytics'),
    ).toBe(false);
    expect(allows('ingestion-worker', 'kms:ScheduleKeyDeletion', keyArn)).toBe(false);
  });

  it('lets the publishing server read and query trusted and curated, and write no zone', () => {
    expect(allows('publishing-server', 's3:GetObject', object('curated'))).toBe(true);
    expect(allows('publishing-server', 's3:GetObject', object('trusted'))).toBe(true);
    expect(
      allows('publishing-server', 'athena:StartQueryExecution', 'arn:aws:athena:eu-west-1:123456789012:workgroup/acad-prod-analytics'),
    ).toBe(true);
    for (const zone of ['landing', 'raw', 'quarantine', 'trusted', 'curated']) {
      expect(allows('publishing-server', 's3:PutObject', object(zone))).toBe(false);
      expect(allows('publishing-server', 's3:DeleteObject', object(zone))).toBe(false);
    }
    for (const zone of ['landing', 'raw', 'quarantine']) expect(allows('publishing-server', 's3:GetObject', object(zone))).toBe(false);
  });

  it('lets the monitoring reporter publish metrics and list zones, never read their data', () => {
    expect(allows('monitoring-reporter', 'cloudwatch:PutMetricData', '*')).toBe(true);
    expect(allows('monitoring-reporter', 's3:ListBucket', 'arn:aws:s3:::acad-prod-raw')).toBe(true);
    for (const zone of ['landing', 'raw', 'quarantine', 'trusted', 'curated'])
      expect(allows('monitoring-reporter', 's3:GetObject', object(zone))).toBe(false);
    expect(allows('monitoring-reporter', 's3:PutObject', object('platform'))).toBe(false);
  });

  it("confines the deployer to the stack's own resources", () => {
    expect(allows('infra-deploy', 's3:PutBucketPolicy', 'arn:aws:s3:::acad-prod-raw')).toBe(true);
    expect(allows('infra-deploy', 's3:PutBucketPolicy', 'arn:aws:s3:::someone-elses-bucket')).toBe(false);
    expect(allows('infra-deploy', 'iam:PutRolePolicy', 'arn:aws:iam::123456789012:role/acad/acad-prod-ingestion-worker')).toBe(true);
    expect(allows('infra-deploy', 'iam:PutRolePolicy', 'arn:aws:iam::123456789012:role/Administrator')).toBe(false);
    expect(allows('infra-deploy', 'glue:DeleteTable', 'arn:aws:glue:eu-west-1:123456789012:table/other_db/x')).toBe(false);
    expect(
      allows('infra-deploy', 'cloudformation:ExecuteChangeSet', 'arn:aws:cloudformation:eu-west-1:123456789012:stack/acad-prod-platform/1'),
    ).toBe(true);
    expect(allows('infra-deploy', 'cloudformation:DeleteStack', 'arn:aws:cloudformation:eu-west-1:123456789012:stack/other/1')).toBe(false);
  });

  it('lets the deployer run the web tier of its own stack only', () => {
    const arn = (path: string) => `arn:aws:${path}`;
    expect(
      allows('infra-deploy', 'ecs:UpdateService', arn('ecs:eu-west-1:123456789012:service/acad-prod-platform/acad-prod-publishing-server')),
    ).toBe(true);
    expect(allows('infra-deploy', 'ecs:UpdateService', arn('ecs:eu-west-1:123456789012:service/other/x'))).toBe(false);
    expect(
      allows(
        'infra-deploy',
        'elasticloadbalancing:ModifyListener',
        arn('elasticloadbalancing:eu-west-1:123456789012:listener/app/acad-prod-web/1/2'),
      ),
    ).toBe(true);
    expect(
      allows(
        'infra-deploy',
        'elasticloadbalancing:DeleteLoadBalancer',
        arn('elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/other/1'),
      ),
    ).toBe(false);
    expect(
      allows('infra-deploy', 'logs:DeleteLogGroup', arn('logs:eu-west-1:123456789012:log-group:/acad/acad-prod/publishing-server')),
    ).toBe(true);
    expect(allows('infra-deploy', 'ec2:CreateSecurityGroup', arn('ec2:eu-west-1:123456789012:vpc/vpc-0a1b2c3d'))).toBe(true);
    expect(allows('infra-deploy', 'ec2:CreateSecurityGroup', arn('ec2:eu-west-1:123456789012:vpc/vpc-99999999'))).toBe(false);
  });

  it("keeps every managed policy within IAM's 6,144 characters", () => {
    for (const [, policy] of policies) {
      expect(JSON.stringify(resolved(policy.Properties?.['PolicyDocument'])).length).toBeLessThanOrEqual(6144);
    }
  });

  it('lets DataBrew profile jobs read trusted and write profiles, nothing more', () => {
    expect(allows('databrew-profiler', 's3:GetObject', object('trusted'))).toBe(true);
    expect(allows('databrew-profiler', 's3:PutObject', object('platform', 'databrew/profiles/attendance/x.json'))).toBe(true);
    expect(allows('databrew-profiler', 's3:PutObject', object('platform', 'commit-log/x.json'))).toBe(false);
    expect(allows('databrew-profiler', 's3:GetObject', object('raw'))).toBe(false);
  });
});
