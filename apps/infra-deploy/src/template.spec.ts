import { glueTableName } from '@acad/access';
import { datasetRules, parseDqdl } from '@acad/quality';
import { DATASET_CONTRACTS } from '@acad/schemas';
import { zoneBucketName } from '@acad/zones';
import { BUCKET_ZONES } from './stack-config';
import { DEV, PROD, propertiesOf, resourcesOfType, templateOf } from './template.test-support';

const dev = templateOf(DEV);
const prod = templateOf(PROD);

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: unknown;
  Resource: unknown;
  Condition?: unknown;
}

const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });

describe('the stack template', () => {
  it('has a KMS key with yearly rotation, an alias, and Retain policies', () => {
    expect(dev.Resources['DataKey']).toMatchObject({
      Type: 'AWS::KMS::Key',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { EnableKeyRotation: true, RotationPeriodInDays: 365, KeySpec: 'SYMMETRIC_DEFAULT', PendingWindowInDays: 7 },
    });
    expect(propertiesOf(prod, 'DataKey')['PendingWindowInDays']).toBe(30);
    expect(dev.Resources['DataKeyAlias']).toEqual({
      Type: 'AWS::KMS::Alias',
      Properties: { AliasName: 'alias/acad-dev-data', TargetKeyId: { Ref: 'DataKey' } },
    });
  });

  it('has one private, KMS-encrypted, logged and retained bucket per zone plus the platform bucket', () => {
    const buckets = resourcesOfType(dev, 'AWS::S3::Bucket').filter(([id]) => id !== 'AccessLogBucket');
    expect(buckets.map(([, b]) => b.Properties?.['BucketName']).sort()).toEqual(
      BUCKET_ZONES.map((z) => zoneBucketName('acad-dev', z)).sort(),
    );
    for (const [, bucket] of buckets) {
      expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(bucket.Properties).toMatchObject({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt('DataKey', 'Arn') },
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
        LoggingConfiguration: { DestinationBucketName: { Ref: 'AccessLogBucket' } },
      });
    }
  });

  it('lets no bucket be used without TLS, and allows nothing to a wildcard principal', () => {
    const policies = resourcesOfType(dev, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(7);
    for (const [, policy] of policies) {
      const bucket = (policy.Properties?.['Bucket'] as { Ref: string }).Ref;
      const statements = (policy.Properties?.['PolicyDocument'] as { Statement: Statement[] }).Statement;
      expect(statements).toContainEqual({
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [getAtt(bucket, 'Arn'), { 'Fn::Join': ['', [getAtt(bucket, 'Arn'), '/*']] }],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    }
  });

  it('has no Allow statement with a wildcard principal anywhere in the template', () => {
    const allows: Statement[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        if (record['Effect'] === 'Allow' && 'Principal' in record) allows.push(record as unknown as Statement);
        Object.values(record).forEach(walk);
      }
    };
    walk(prod.Resources);
    expect(allows.length).toBeGreaterThan(5);
    for (const statement of allows) {
      expect(JSON.stringify(statement.Principal)).not.toMatch(/"\*"/);
    }
  });

  it('versions every zone but landing, expires landing and noncurrent versions, and moves raw to STANDARD_IA', () => {
    const props = (id: string) => propertiesOf<{ VersioningConfiguration?: unknown; LifecycleConfiguration: { Rules: object[] } }>(dev, id);
    expect(props('LandingBucket').VersioningConfiguration).toBeUndefined();
    for (const id of ['RawBucket', 'QuarantineBucket', 'TrustedBucket', 'CuratedBucket', 'PlatformBucket']) {
      expect(props(id).VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(props(id).LifecycleConfiguration.Rules).toContainEqual(
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
      );
    }
    expect(props('LandingBucket').LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ ExpirationInDays: 7 }));
    expect(props('RawBucket').LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }] }),
    );
    expect(propertiesOf<{ LifecycleConfiguration: { Rules: object[] } }>(prod, 'RawBucket').LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 365 } }),
    );
  });

  it('deletes the buckets and the key with the stack only in the destroy --force variant', () => {
    const forced = templateOf(DEV, { retainData: false });
    for (const id of ['DataKey', 'RawBucket', 'AccessLogBucket']) {
      expect(forced.Resources[id]).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
      // The tag is the property change that carries the new policy into the stack.
      expect(forced.Resources[id].Properties?.['Tags']).toContainEqual({ Key: 'acad:removal', Value: 'delete-with-stack' });
    }
    expect(Object.keys(forced.Resources)).toEqual(Object.keys(dev.Resources));
  });

  it('registers a trusted_<dataset> table per contract in one Glue database, and no raw or quarantine table', () => {
    expect(propertiesOf(dev, 'GlueDatabase')).toEqual({
      CatalogId: { Ref: 'AWS::AccountId' },
      DatabaseInput: { Name: 'acad_dev', Description: 'Academics Data Platform datasets; tables are named <zone>_<dataset>' },
    });
    const tables = resourcesOfType(dev, 'AWS::Glue::Table').map(
      ([, t]) => t.Properties as { DatabaseName: unknown; TableInput: { Name: string; StorageDescriptor: { Location: string } } },
    );
    expect(tables.map((t) => t.TableInput.Name)).toEqual(DATASET_CONTRACTS.map((c) => glueTableName('trusted', c.name)));
    for (const table of tables) {
      expect(table.DatabaseName).toEqual({ Ref: 'GlueDatabase' });
      expect(table.TableInput.StorageDescriptor.Location).toMatch(/^s3:\/\/acad-dev-trusted\//);
    }
  });

  it('writes each dataset ruleset as DQDL of the dataset rules, for its trusted table', () => {
    for (const contract of DATASET_CONTRACTS) {
      const [, ruleset] =
        resourcesOfType(dev, 'AWS::Glue::DataQualityRuleset').find(
          ([, r]) => r.Properties?.['Name'] === `acad-dev-trusted-${contract.name}`,
        ) ?? [];
      const props = ruleset?.Properties as { Ruleset: string; TargetTable: { DatabaseName: unknown } };
      expect(parseDqdl(props.Ruleset)).toEqual(datasetRules(contract));
      expect(props.TargetTable.DatabaseName).toEqual({ Ref: 'GlueDatabase' });
    }
  });

  it('has an Athena workgroup with KMS-encrypted, enforced results and a scan cutoff per query', () => {
    expect(propertiesOf(prod, 'AthenaWorkGroup')).toMatchObject({
      Name: 'acad-prod-analytics',
      WorkGroupConfiguration: {
        ResultConfiguration: {
          OutputLocation: 's3://acad-prod-platform/acad-prod-analytics/',
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: getAtt('DataKey', 'Arn') },
        },
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
      },
    });
  });

  it('notifies a KMS-encrypted topic from every alarm (ALARM and OK) and from the budget, with an e-mail subscription per address', () => {
    expect(propertiesOf(prod, 'NotificationTopic')).toMatchObject({
      TopicName: 'acad-prod-notifications',
      KmsMasterKeyId: getAtt('DataKey', 'Arn'),
    });
    expect(resourcesOfType(prod, 'AWS::SNS::Subscription').map(([, s]) => s.Properties)).toEqual([
      { TopicArn: { Ref: 'NotificationTopic' }, Protocol: 'email', Endpoint: 'data-team@uni.example' },
      { TopicArn: { Ref: 'NotificationTopic' }, Protocol: 'email', Endpoint: 'registrar@uni.example' },
    ]);
    const alarms = resourcesOfType(prod, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(2 * DATASET_CONTRACTS.length);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties).toMatchObject({ AlarmActions: [{ Ref: 'NotificationTopic' }], OKActions: [{ Ref: 'NotificationTopic' }] });
    }
    const budget = propertiesOf<{ NotificationsWithSubscribers: { Subscribers: unknown[] }[] }>(prod, 'MonthlyBudget');
    for (const n of budget.NotificationsWithSubscribers)
      expect(n.Subscribers).toEqual([{ SubscriptionType: 'SNS', Address: { Ref: 'NotificationTopic' } }]);
    const keyPolicy = propertiesOf<{ KeyPolicy: { Statement: Statement[] } }>(prod, 'DataKey').KeyPolicy.Statement;
    expect(keyPolicy).toContainEqual(
      expect.objectContaining({
        Principal: { Service: ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com'] },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });

  it('has a DataBrew dataset, ruleset and PII-detecting profile job per contract, writing encrypted profiles', () => {
    const jobs = resourcesOfType(dev, 'AWS::DataBrew::Job');
    expect(jobs).toHaveLength(DATASET_CONTRACTS.length);
    expect(propertiesOf(dev, 'AttendanceProfileJob')).toMatchObject({
      Type: 'PROFILE',
      DatasetName: { Ref: 'AttendanceBrewDataset' },
      RoleArn: getAtt('DataBrewProfilerRole', 'Arn'),
      EncryptionMode: 'SSE-KMS',
      ProfileConfiguration: { EntityDetectorConfiguration: { EntityTypes: ['USA_ALL', 'PERSON_NAME', 'EMAIL', 'PHONE_NUMBER', 'DATE'] } },
    });
    expect(dev.Resources['AttendanceProfileJob'].DependsOn).toContain('AttendanceBrewRuleset');
  });
});

describe('the publishing server on AWS', () => {
  it('is left out of a stack without ACAD_PUBLISHING_IMAGE', () => {
    expect(resourcesOfType(dev, 'AWS::ECS::Service')).toEqual([]);
    expect(resourcesOfType(dev, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual([]);
  });

  it('runs on Fargate in private subnets with its own role, listening on 0.0.0.0 inside its task', () => {
    expect(propertiesOf(prod, 'PublishingService')).toMatchObject({
      LaunchType: 'FARGATE',
      DesiredCount: 2,
      NetworkConfiguration: {
        AwsvpcConfiguration: { Subnets: ['subnet-0a1b2c01', 'subnet-0a1b2c02'], AssignPublicIp: 'DISABLED' },
      },
      LoadBalancers: [{ ContainerName: 'publishing-server', ContainerPort: 3000, TargetGroupArn: { Ref: 'PublishingTargetGroup' } }],
    });
    const task = propertiesOf<{
      TaskRoleArn: unknown;
      ContainerDefinitions: { Image: string; Environment: { Name: string; Value: string }[] }[];
    }>(prod, 'PublishingTaskDefinition');
    expect(task.TaskRoleArn).toEqual(getAtt('PublishingServerRole', 'Arn'));
    expect(task.ContainerDefinitions[0].Image).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/acad-publishing-server:1.0.0');
    expect(task.ContainerDefinitions[0].Environment).toEqual(
      expect.arrayContaining([
        { Name: 'ACAD_BIND_ADDRESS', Value: '0.0.0.0' },
        { Name: 'ACAD_ENGINE', Value: 'athena' },
        { Name: 'ACAD_KMS_KEY_ID', Value: 'alias/acad-prod-data' },
        { Name: 'ACAD_TRUST_PROXY', Value: 'true' },
      ]),
    );
  });

  it('is reached over HTTPS only, with the configured certificate, from the configured network', () => {
    const listeners = resourcesOfType(prod, 'AWS::ElasticLoadBalancingV2::Listener').map(([, l]) => l.Properties);
    expect(listeners).toEqual([
      {
        LoadBalancerArn: { Ref: 'PublishingLoadBalancer' },
        Protocol: 'HTTPS',
        Port: 443,
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        Certificates: [{ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f7' }],
        DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'PublishingTargetGroup' } }],
      },
    ]);
    expect(propertiesOf(prod, 'PublishingLoadBalancerSecurityGroup')['SecurityGroupIngress']).toEqual([
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8', Description: 'HTTPS' },
    ]);
    expect(propertiesOf(prod, 'PublishingTaskIngress')).toMatchObject({
      FromPort: 3000,
      SourceSecurityGroupId: getAtt('PublishingLoadBalancerSecurityGroup', 'GroupId'),
    });
  });
});
