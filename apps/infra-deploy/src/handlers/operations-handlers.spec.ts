import * as athena from '@aws-sdk/client-athena';
import * as budgets from '@aws-sdk/client-budgets';
import * as cw from '@aws-sdk/client-cloudwatch';
import * as iam from '@aws-sdk/client-iam';
import { applyStack } from '../apply';
import { present } from '../fake-aws-errors.test-support';
import { FAKE_REGION, createFakeAws, type FakeAws } from '../fake-aws.test-support';
import { stackConfigFor } from '../stack-config';
import { synthesize } from '../synth';

const config = stackConfigFor('dev', { s3BucketPrefix: 'acad-dev', region: FAKE_REGION }, { budgetAlertEmails: 'platform@uni.edu' });
const resources = synthesize(config);
type Mock = FakeAws['athena']['mock'] | FakeAws['cloudwatch']['mock'] | FakeAws['budgets']['mock'] | FakeAws['iam']['mock'];
const calls = <I>(mock: Mock, command: new (input: I) => unknown) =>
  mock.commandCalls(command as never).map((c) => (c.args[0] as { input: I }).input);

describe('Athena, CloudWatch, Budgets and IAM handlers', () => {
  let aws: FakeAws;
  let keyArn: string;

  beforeAll(async () => {
    aws = createFakeAws();
    await applyStack(resources, aws.ctx);
    keyArn = String([...aws.kms.keys.values()][0].meta.Arn);
  });

  afterAll(() => aws.restore());

  it('creates the workgroup with KMS-encrypted results and a bytes-scanned limit', () => {
    expect(calls(aws.athena.mock, athena.CreateWorkGroupCommand)).toEqual([
      {
        Name: 'acad-dev-analytics',
        Description: 'Academics data platform queries (dev)',
        Configuration: {
          ResultConfiguration: {
            OutputLocation: 's3://acad-dev-platform/acad-dev-analytics/',
            EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: keyArn },
          },
          EnforceWorkGroupConfiguration: true,
          PublishCloudWatchMetricsEnabled: true,
          BytesScannedCutoffPerQuery: 1024 ** 3,
        },
        Tags: [
          { Key: 'project', Value: 'academics-data-platform' },
          { Key: 'acad:prefix', Value: 'acad-dev' },
          { Key: 'acad:stack', Value: 'dev' },
        ],
      },
    ]);
  });

  it('puts the quarantine-rate, batch-duration and freshness alarms and a dashboard listing them', () => {
    const alarms = calls<cw.PutMetricAlarmCommandInput>(aws.cloudwatch.mock, cw.PutMetricAlarmCommand);
    expect(alarms.find((a) => a.AlarmName === 'acad-dev-quarantine-rate-attendance')).toEqual({
      AlarmName: 'acad-dev-quarantine-rate-attendance',
      AlarmDescription: 'More than 5% of the rows of attendance delivered in a day were quarantined',
      Metrics: [
        {
          Id: 'quarantined',
          MetricStat: {
            Metric: {
              Namespace: 'AcademicsDataPlatform',
              MetricName: 'RowsQuarantined',
              Dimensions: [{ Name: 'Dataset', Value: 'attendance' }],
            },
            Period: 86400,
            Stat: 'Sum',
          },
          ReturnData: false,
        },
        {
          Id: 'read',
          MetricStat: {
            Metric: { Namespace: 'AcademicsDataPlatform', MetricName: 'RowsRead', Dimensions: [{ Name: 'Dataset', Value: 'attendance' }] },
            Period: 86400,
            Stat: 'Sum',
          },
          ReturnData: false,
        },
        { Id: 'rate', Expression: '100 * quarantined / read', Label: 'Quarantined %', ReturnData: true },
      ],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 5,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(alarms.find((a) => a.AlarmName === 'acad-dev-freshness-attendance')).toMatchObject({
      MetricName: 'BatchesCommitted',
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 48,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
    const [dashboard] = calls<cw.PutDashboardCommandInput>(aws.cloudwatch.mock, cw.PutDashboardCommand);
    expect(dashboard.DashboardName).toBe('acad-dev-platform');
    const body = JSON.parse(String(dashboard.DashboardBody)) as { widgets: { properties: { alarms?: string[] } }[] };
    expect(body.widgets[0].properties.alarms).toEqual(
      alarms.map((a) => `arn:aws:cloudwatch:${FAKE_REGION}:123456789012:alarm:${a.AlarmName}`),
    );
  });

  it('creates a monthly cost budget with actual and forecast e-mail notifications', () => {
    expect(calls(aws.budgets.mock, budgets.CreateBudgetCommand)).toEqual([
      {
        AccountId: '123456789012',
        Budget: {
          BudgetName: 'acad-dev-monthly',
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
          BudgetLimit: { Amount: '50.00', Unit: 'USD' },
          CostFilters: { TagKeyValue: ['user:acad:prefix$acad-dev'] },
        },
        NotificationsWithSubscribers: [
          {
            Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' },
            Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'platform@uni.edu' }],
          },
          {
            Notification: {
              NotificationType: 'FORECASTED',
              ComparisonOperator: 'GREATER_THAN',
              Threshold: 100,
              ThresholdType: 'PERCENTAGE',
            },
            Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'platform@uni.edu' }],
          },
        ],
      },
    ]);
  });

  it('creates each role under /acad/ with its trust policy and one inline policy', () => {
    const roles = calls<iam.CreateRoleCommandInput>(aws.iam.mock, iam.CreateRoleCommand);
    expect(roles.map((r) => r.RoleName)).toEqual([
      'acad-dev-ingestion-worker',
      'acad-dev-publishing-server',
      'acad-dev-monitoring-reporter',
      'acad-dev-infra-deploy',
      'acad-dev-databrew-profiler',
    ]);
    const worker = roles[0];
    expect(worker.Path).toBe('/acad/');
    expect(JSON.parse(String(worker.AssumeRolePolicyDocument))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const policies = calls<iam.PutRolePolicyCommandInput>(aws.iam.mock, iam.PutRolePolicyCommand);
    const workerPolicy = policies.find((p) => p.RoleName === 'acad-dev-ingestion-worker');
    expect(workerPolicy?.PolicyName).toBe('acad-dev-ingestion-worker-policy');
    // References are filled in: the key ARN and the account, never a placeholder.
    expect(workerPolicy?.PolicyDocument).toContain(keyArn);
    expect(policies.map((p) => p.PolicyDocument).join('')).not.toMatch(/111111111111|known after apply|\$\{/);
  });

  it('updates alarms, budget notifications and trust policies in place', async () => {
    present(aws.cloudwatch.alarms.get('acad-dev-batch-duration-courses'), 'acad-dev-batch-duration-courses')['Threshold'] = 1;
    present(aws.budgets.budgets.get('acad-dev-monthly'), 'acad-dev-monthly').notifications.pop();
    const role = aws.iam.roles.get('acad-dev-publishing-server');
    if (!role) throw new Error('role missing');
    role.role['AssumeRolePolicyDocument'] = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [] }));
    for (const m of [aws.cloudwatch.mock, aws.budgets.mock, aws.iam.mock]) m.resetHistory();
    await applyStack(resources, aws.ctx);
    expect(
      calls<cw.PutMetricAlarmCommandInput>(aws.cloudwatch.mock, cw.PutMetricAlarmCommand).map((a) => [a.AlarmName, a.Threshold]),
    ).toEqual([['acad-dev-batch-duration-courses', 900000]]);
    expect(
      calls<budgets.DeleteNotificationCommandInput>(aws.budgets.mock, budgets.DeleteNotificationCommand).map(
        (n) => n.Notification?.NotificationType,
      ),
    ).toEqual(['ACTUAL']);
    expect(
      calls<budgets.CreateNotificationCommandInput>(aws.budgets.mock, budgets.CreateNotificationCommand).map(
        (n) => n.Notification?.NotificationType,
      ),
    ).toEqual(['ACTUAL', 'FORECASTED']);
    expect(calls<iam.UpdateAssumeRolePolicyCommandInput>(aws.iam.mock, iam.UpdateAssumeRolePolicyCommand)).toEqual([
      {
        RoleName: 'acad-dev-publishing-server',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      },
    ]);
    expect(calls(aws.iam.mock, iam.CreateRoleCommand)).toHaveLength(0);
  });
});
