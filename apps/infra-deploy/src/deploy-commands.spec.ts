import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  ExecuteChangeSetCommand,
  type StackEvent,
  type StackStatus,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createDeployClients, runCli, type DeployClients } from './cli';
import { DEV, templateOf } from './template.test-support';
import type { CloudFormationTemplate } from './synth';

const cfn = mockClient(CloudFormationClient);
const s3 = mockClient(S3Client);

const STACK = 'acad-dev-platform';
const STACK_ID = `arn:aws:cloudformation:eu-west-1:123456789012:stack/${STACK}/0b5c-11ef`;
const CHANGE_SET = 'infra-deploy-20261202T160000Z';
const DEPLOY_BUCKET = 'uni-deploy-artifacts';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' };

let home: string;
beforeAll(() => (home = mkdtempSync(join(tmpdir(), 'infra-deploy-commands-'))));
afterAll(() => rmSync(home, { recursive: true, force: true }));
beforeEach(() => {
  cfn.reset();
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], options: { env?: NodeJS.ProcessEnv; clients?: (region: string) => DeployClients } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {
      ACAD_HOME: home,
      ACAD_S3_BUCKET_PREFIX: 'acad-dev',
      AWS_REGION: 'eu-west-1',
      ACAD_BUDGET_ALERT_EMAILS: 'data-team@uni.example',
      ACAD_DEPLOY_BUCKET: DEPLOY_BUCKET,
      ...options.env,
    },
    cwd: home,
    createClients:
      options.clients ??
      ((region) => ({ cloudFormation: new CloudFormationClient({ region, credentials }), s3: new S3Client({ region, credentials }) })),
    synthesize: (config, _contracts, synthOptions) => templateOf(config, synthOptions),
    pollSeconds: 0,
    now: () => new Date('2026-12-02T16:00:00.000Z'),
  });
  return { code, stdout, stderr };
}

function stackExists(status: StackStatus = 'UPDATE_COMPLETE') {
  cfn
    .on(DescribeStacksCommand)
    .resolves({ Stacks: [{ StackName: STACK, StackId: STACK_ID, StackStatus: status, CreationTime: new Date(0) }] });
}

function uploadedTemplate(): CloudFormationTemplate {
  const calls = s3.commandCalls(PutObjectCommand);
  return JSON.parse(String(calls[calls.length - 1].args[0].input.Body)) as CloudFormationTemplate;
}

const ids = { StackName: STACK, ChangeSetName: CHANGE_SET };

function event(id: string, logicalId: string, type: string, status: string, reason?: string): StackEvent {
  return {
    EventId: id,
    StackId: STACK_ID,
    StackName: STACK,
    LogicalResourceId: logicalId,
    ResourceType: type,
    ResourceStatus: status as StackEvent['ResourceStatus'],
    Timestamp: new Date(`2026-12-02T16:0${id.length % 10}:00.000Z`),
    ...(reason ? { ResourceStatusReason: reason } : {}),
  };
}

const stackEvent = (id: string, status: string, reason?: string) => event(id, STACK, 'AWS::CloudFormation::Stack', status, reason);

describe('deploy plan', () => {
  it('creates a CREATE change set for a new stack, from the template uploaded to the deployment bucket, and lists every page of adds', async () => {
    cfn.on(DescribeStacksCommand).rejects(new Error(`Stack with id ${STACK} does not exist`));
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-1', StackId: STACK_ID });
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [{ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'DataKey', ResourceType: 'AWS::KMS::Key' } }],
      NextToken: 'page-2',
    });
    cfn.on(DescribeChangeSetCommand, { NextToken: 'page-2' }).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [{ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'RawBucket', ResourceType: 'AWS::S3::Bucket' } }],
    });

    const result = await run(['plan', '--json']);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    const template = templateOf(DEV);
    const body = JSON.stringify(template);
    expect(Buffer.byteLength(body)).toBeGreaterThan(51_200);
    const put = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(put).toEqual([
      {
        Bucket: DEPLOY_BUCKET,
        Key: expect.stringMatching(/^cloudformation\/acad-dev-platform\/[0-9a-f]{16}\.template\.json$/),
        Body: body,
        ContentType: 'application/json',
      },
    ]);
    expect(cfn.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input)).toEqual([{ StackName: STACK }]);
    expect(cfn.commandCalls(CreateChangeSetCommand).map((c) => c.args[0].input)).toEqual([
      {
        StackName: STACK,
        ChangeSetName: CHANGE_SET,
        ChangeSetType: 'CREATE',
        TemplateURL: `https://${DEPLOY_BUCKET}.s3.eu-west-1.amazonaws.com/${String(put[0].Key)}`,
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        Description: `infra-deploy create of ${STACK}`,
      },
    ]);
    // The waiter's read, then the two pages.
    expect(cfn.commandCalls(DescribeChangeSetCommand).map((c) => c.args[0].input)).toEqual([ids, ids, { ...ids, NextToken: 'page-2' }]);
    expect(JSON.parse(result.stdout)).toEqual({
      stack: 'dev',
      stackName: STACK,
      changeSetName: CHANGE_SET,
      changeSetType: 'CREATE',
      changes: [
        { action: 'add', logicalId: 'DataKey', type: 'AWS::KMS::Key', properties: [] },
        { action: 'add', logicalId: 'RawBucket', type: 'AWS::S3::Bucket', properties: [] },
      ],
      summary: { add: 2, modify: 0, replace: 0, remove: 0 },
    });
    expect(cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('prints modifications, replacements and removals of an UPDATE change set', async () => {
    stackExists();
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-2' });
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [
        {
          Type: 'Resource',
          ResourceChange: {
            Action: 'Remove',
            LogicalResourceId: 'RetiredFreshnessAlarm',
            PhysicalResourceId: 'acad-dev-freshness-retired',
            ResourceType: 'AWS::CloudWatch::Alarm',
          },
        },
        {
          Type: 'Resource',
          ResourceChange: {
            Action: 'Modify',
            LogicalResourceId: 'AttendanceTrustedTable',
            ResourceType: 'AWS::Glue::Table',
            Replacement: 'True',
            Details: [{ Target: { Attribute: 'Properties', Name: 'DatabaseName', RequiresRecreation: 'Always' } }],
          },
        },
        {
          Type: 'Resource',
          ResourceChange: {
            Action: 'Modify',
            LogicalResourceId: 'AthenaWorkGroup',
            ResourceType: 'AWS::Athena::WorkGroup',
            Replacement: 'Conditional',
            Details: [{ Target: { Attribute: 'Properties', Name: 'Name' } }],
          },
        },
        {
          Type: 'Resource',
          ResourceChange: {
            Action: 'Modify',
            LogicalResourceId: 'RawBucket',
            ResourceType: 'AWS::S3::Bucket',
            Replacement: 'False',
            Details: [{ Target: { Attribute: 'Properties', Name: 'LifecycleConfiguration' } }, { Target: { Attribute: 'Tags' } }],
          },
        },
      ],
    });

    const result = await run(['plan']);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input).toMatchObject({
      ChangeSetType: 'UPDATE',
      Description: `infra-deploy update of ${STACK}`,
    });
    expect(result.stdout.split('\n')).toEqual([
      `Plan for ${STACK} (UPDATE, change set ${CHANGE_SET}): 0 to add, 1 to modify, 2 to replace, 1 to remove`,
      '  - remove   AWS::CloudWatch::Alarm             RetiredFreshnessAlarm',
      '  ± replace  AWS::Glue::Table                   AttendanceTrustedTable  (DatabaseName; replacement: True)',
      '  ± replace  AWS::Athena::WorkGroup             AthenaWorkGroup  (Name; replacement: Conditional)',
      '  ~ modify   AWS::S3::Bucket                    RawBucket  (LifecycleConfiguration, Tags)',
      `Apply it with: deploy apply --change-set ${CHANGE_SET}`,
      '',
    ]);
  });

  it('says "no changes" and deletes an empty change set', async () => {
    stackExists();
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-3' });
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    cfn.on(DeleteChangeSetCommand).resolves({});

    const result = await run(['plan']);

    expect(result).toEqual({ code: 0, stdout: `Plan for ${STACK}: no changes (the change set was deleted)\n`, stderr: '' });
    expect(cfn.commandCalls(DeleteChangeSetCommand).map((c) => c.args[0].input)).toEqual([ids]);
  });

  it("exits 1 with CloudFormation's reason when a change set fails for another reason, and keeps it for inspection", async () => {
    stackExists();
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-4' });
    cfn
      .on(DescribeChangeSetCommand)
      .resolves({ Status: 'FAILED', StatusReason: 'Template error: instance of Fn::GetAtt references undefined resource X' });

    const result = await run(['plan', '--json']);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'DEPLOY_FAILED',
        message: `change set ${CHANGE_SET} of ${STACK} failed: Template error: instance of Fn::GetAtt references undefined resource X`,
      },
    });
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(0);
  });
});

describe('deploy apply', () => {
  it('executes the named change set and prints each new stack event until UPDATE_COMPLETE', async () => {
    stackExists();
    cfn.on(ExecuteChangeSetCommand).resolves({});
    cfn
      .on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [stackEvent('e0', 'UPDATE_COMPLETE')] })
      .resolvesOnce({
        StackEvents: [
          event('e2', 'RawBucket', 'AWS::S3::Bucket', 'UPDATE_IN_PROGRESS'),
          stackEvent('e1', 'UPDATE_IN_PROGRESS', 'User Initiated'),
          stackEvent('e0', 'UPDATE_COMPLETE'),
        ],
      })
      .resolves({
        StackEvents: [
          stackEvent('e4', 'UPDATE_COMPLETE'),
          event('e3', 'RawBucket', 'AWS::S3::Bucket', 'UPDATE_COMPLETE'),
          event('e2', 'RawBucket', 'AWS::S3::Bucket', 'UPDATE_IN_PROGRESS'),
          stackEvent('e1', 'UPDATE_IN_PROGRESS', 'User Initiated'),
        ],
      });

    const result = await run(['apply', '--change-set', 'infra-deploy-20261201T090000Z']);

    expect(result.code).toBe(0);
    expect(cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
    expect(cfn.commandCalls(ExecuteChangeSetCommand).map((c) => c.args[0].input)).toEqual([
      { StackName: STACK, ChangeSetName: 'infra-deploy-20261201T090000Z' },
    ]);
    expect(cfn.commandCalls(DescribeStackEventsCommand).map((c) => c.args[0].input)).toEqual([
      { StackName: STACK_ID },
      { StackName: STACK_ID },
      { StackName: STACK_ID },
    ]);
    const lines = result.stdout.trim().split('\n');
    expect(lines.slice(0, -1).map((l) => l.trim().split(/\s+/).slice(1, 4).join(' '))).toEqual([
      `UPDATE_IN_PROGRESS AWS::CloudFormation::Stack ${STACK}`,
      'UPDATE_IN_PROGRESS AWS::S3::Bucket RawBucket',
      'UPDATE_COMPLETE AWS::S3::Bucket RawBucket',
      `UPDATE_COMPLETE AWS::CloudFormation::Stack ${STACK}`,
    ]);
    expect(lines[lines.length - 1]).toBe(`Apply of ${STACK} (change set infra-deploy-20261201T090000Z): UPDATE_COMPLETE`);
  });

  it('reports a failed update, the rollback and the first failed resource, and exits 1', async () => {
    stackExists();
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-5' });
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [
        {
          Type: 'Resource',
          ResourceChange: {
            Action: 'Modify',
            LogicalResourceId: 'AthenaWorkGroup',
            ResourceType: 'AWS::Athena::WorkGroup',
            Replacement: 'False',
          },
        },
      ],
    });
    cfn.on(ExecuteChangeSetCommand).resolves({});
    cfn
      .on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [stackEvent('e0', 'UPDATE_COMPLETE')] })
      .resolves({
        StackEvents: [
          stackEvent('e6', 'UPDATE_ROLLBACK_COMPLETE'),
          event('e55', 'AthenaWorkGroup', 'AWS::Athena::WorkGroup', 'UPDATE_COMPLETE'),
          stackEvent('e4', 'UPDATE_ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to update: [AthenaWorkGroup].'),
          event(
            'e3',
            'AthenaWorkGroup',
            'AWS::Athena::WorkGroup',
            'UPDATE_FAILED',
            'User is not authorized to perform: athena:UpdateWorkGroup',
          ),
          event('e2', 'AthenaWorkGroup', 'AWS::Athena::WorkGroup', 'UPDATE_IN_PROGRESS'),
          stackEvent('e1', 'UPDATE_IN_PROGRESS', 'User Initiated'),
          stackEvent('e0', 'UPDATE_COMPLETE'),
        ],
      });

    const result = await run(['apply', '--json']);

    expect(result.code).toBe(1);
    expect(cfn.commandCalls(ExecuteChangeSetCommand).map((c) => c.args[0].input)).toEqual([ids]);
    const message = `apply of ${STACK} ended UPDATE_ROLLBACK_COMPLETE; CloudFormation rolled the stack back. First failure: AthenaWorkGroup (AWS::Athena::WorkGroup): User is not authorized to perform: athena:UpdateWorkGroup`;
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'DEPLOY_FAILED', message } });
    expect(result.stderr).toBe(`${message}\n`);
  });

  it('executes nothing when the new change set is empty', async () => {
    stackExists();
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-6' });
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'FAILED', StatusReason: 'No updates are to be performed.' });
    cfn.on(DeleteChangeSetCommand).resolves({});

    const result = await run(['apply']);

    expect(result).toEqual({ code: 0, stdout: `Apply of ${STACK}: no changes\n`, stderr: '' });
    expect(cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cfn.commandCalls(DeleteChangeSetCommand).map((c) => c.args[0].input)).toEqual([ids]);
  });
});

describe('deploy destroy', () => {
  it('deletes the stack, waits, and says which buckets and key are kept', async () => {
    stackExists();
    cfn.on(DeleteStackCommand).resolves({});
    cfn
      .on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [stackEvent('e0', 'UPDATE_COMPLETE')] })
      .resolves({
        StackEvents: [
          stackEvent('e3', 'DELETE_COMPLETE'),
          event('e2', 'RawBucket', 'AWS::S3::Bucket', 'DELETE_SKIPPED'),
          stackEvent('e1', 'DELETE_IN_PROGRESS', 'User Initiated'),
          stackEvent('e0', 'UPDATE_COMPLETE'),
        ],
      });

    const result = await run(['destroy', '--json']);

    expect(result.code).toBe(0);
    expect(cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input)).toEqual([{ StackName: STACK }]);
    expect(cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
    const report = JSON.parse(result.stdout) as { status: string; kept: { logicalId: string; type: string; name: string }[] };
    expect(report.status).toBe('DELETE_COMPLETE');
    expect(report.kept.map((k) => k.name)).toEqual([
      'Academics data platform data key (acad-dev, dev)',
      'acad-dev-access-logs',
      'acad-dev-landing',
      'acad-dev-raw',
      'acad-dev-quarantine',
      'acad-dev-trusted',
      'acad-dev-curated',
      'acad-dev-platform',
    ]);
  });

  it('with --force first updates the stack to Delete policies, then deletes it', async () => {
    stackExists();
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-7' });
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE',
      Changes: [
        {
          Type: 'Resource',
          ResourceChange: { Action: 'Modify', LogicalResourceId: 'RawBucket', ResourceType: 'AWS::S3::Bucket', Replacement: 'False' },
        },
      ],
    });
    cfn.on(ExecuteChangeSetCommand).resolves({});
    cfn.on(DeleteStackCommand).resolves({});
    cfn
      .on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [stackEvent('e0', 'UPDATE_COMPLETE')] })
      .resolvesOnce({ StackEvents: [stackEvent('e1', 'UPDATE_COMPLETE'), stackEvent('e0', 'UPDATE_COMPLETE')] })
      .resolvesOnce({ StackEvents: [stackEvent('e1', 'UPDATE_COMPLETE')] })
      .resolves({
        StackEvents: [stackEvent('e3', 'DELETE_COMPLETE'), stackEvent('e2', 'DELETE_IN_PROGRESS'), stackEvent('e1', 'UPDATE_COMPLETE')],
      });

    const result = await run(['destroy', '--force']);

    expect(result.code).toBe(0);
    expect(cfn.commandCalls(ExecuteChangeSetCommand).map((c) => c.args[0].input)).toEqual([ids]);
    expect(cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input)).toEqual([{ StackName: STACK }]);
    const uploaded = uploadedTemplate();
    expect(uploaded.Resources['DataKey'].DeletionPolicy).toBe('Delete');
    expect(uploaded.Resources['RawBucket'].DeletionPolicy).toBe('Delete');
    expect(result.stdout).toContain('Nothing kept: the buckets and the key were deleted with the stack');
  });

  it('reports a bucket CloudFormation could not delete and exits 1', async () => {
    stackExists();
    cfn.on(DeleteStackCommand).resolves({});
    cfn
      .on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [] })
      .resolves({
        StackEvents: [
          stackEvent('e3', 'DELETE_FAILED', 'The following resource(s) failed to delete: [NotificationTopic].'),
          event('e2', 'NotificationTopic', 'AWS::SNS::Topic', 'DELETE_FAILED', 'Access denied'),
          stackEvent('e1', 'DELETE_IN_PROGRESS'),
        ],
      });

    const result = await run(['destroy']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`destroy of ${STACK} ended DELETE_FAILED. First failure: NotificationTopic: Access denied\n`);
  });
});

describe('deploy drift', () => {
  it('detects drift, polls until done, reads every page of drifted resources, and exits 1 when something drifted', async () => {
    cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'drift-1' });
    cfn
      .on(DescribeStackDriftDetectionStatusCommand)
      .resolvesOnce({
        StackId: STACK_ID,
        StackDriftDetectionId: 'drift-1',
        DetectionStatus: 'DETECTION_IN_PROGRESS',
        Timestamp: new Date(),
      })
      .resolves({
        StackId: STACK_ID,
        StackDriftDetectionId: 'drift-1',
        DetectionStatus: 'DETECTION_COMPLETE',
        StackDriftStatus: 'DRIFTED',
        DriftedStackResourceCount: 2,
        Timestamp: new Date(),
      });
    cfn.on(DescribeStackResourceDriftsCommand).resolves({
      StackResourceDrifts: [
        {
          StackId: STACK_ID,
          LogicalResourceId: 'RawBucket',
          ResourceType: 'AWS::S3::Bucket',
          StackResourceDriftStatus: 'MODIFIED',
          Timestamp: new Date(),
          PropertyDifferences: [
            {
              PropertyPath: '/VersioningConfiguration/Status',
              ExpectedValue: 'Enabled',
              ActualValue: 'Suspended',
              DifferenceType: 'NOT_EQUAL',
            },
          ],
        },
      ],
      NextToken: 'drifts-2',
    });
    cfn.on(DescribeStackResourceDriftsCommand, { NextToken: 'drifts-2' }).resolves({
      StackResourceDrifts: [
        {
          StackId: STACK_ID,
          LogicalResourceId: 'AttendanceFreshnessAlarm',
          ResourceType: 'AWS::CloudWatch::Alarm',
          StackResourceDriftStatus: 'DELETED',
          Timestamp: new Date(),
        },
      ],
    });

    const result = await run(['drift', '--json']);

    expect(result.code).toBe(1);
    expect(cfn.commandCalls(DetectStackDriftCommand).map((c) => c.args[0].input)).toEqual([{ StackName: STACK }]);
    expect(cfn.commandCalls(DescribeStackDriftDetectionStatusCommand).map((c) => c.args[0].input)).toEqual([
      { StackDriftDetectionId: 'drift-1' },
      { StackDriftDetectionId: 'drift-1' },
    ]);
    const filters = { StackName: STACK, StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'] };
    expect(cfn.commandCalls(DescribeStackResourceDriftsCommand).map((c) => c.args[0].input)).toEqual([
      filters,
      { ...filters, NextToken: 'drifts-2' },
    ]);
    expect(JSON.parse(result.stdout)).toEqual({
      stack: 'dev',
      stackName: STACK,
      stackDriftStatus: 'DRIFTED',
      drifted: [
        {
          logicalId: 'RawBucket',
          type: 'AWS::S3::Bucket',
          status: 'MODIFIED',
          differences: [{ path: '/VersioningConfiguration/Status', type: 'NOT_EQUAL' }],
        },
        { logicalId: 'AttendanceFreshnessAlarm', type: 'AWS::CloudWatch::Alarm', status: 'DELETED', differences: [] },
      ],
    });
  });

  it('exits 0 when the stack is in sync', async () => {
    cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'drift-2' });
    cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({
      StackId: STACK_ID,
      StackDriftDetectionId: 'drift-2',
      DetectionStatus: 'DETECTION_COMPLETE',
      StackDriftStatus: 'IN_SYNC',
      Timestamp: new Date(),
    });
    cfn.on(DescribeStackResourceDriftsCommand).resolves({ StackResourceDrifts: [] });

    const result = await run(['drift']);

    expect(result).toEqual({ code: 0, stdout: `Drift of ${STACK}: IN_SYNC, 0 resources drifted\n`, stderr: '' });
  });
});

describe('missing settings', () => {
  const noCredentials = (region: string): DeployClients => ({
    cloudFormation: new CloudFormationClient({
      region,
      credentials: () =>
        Promise.reject(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })),
    }),
    s3: new S3Client({ region, credentials }),
  });

  it('exits 2 naming AWS_PROFILE and AWS_ACCESS_KEY_ID when there are no credentials, in text and --json', async () => {
    const text = await run(['plan'], { clients: noCredentials });
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(
      /^No AWS credentials found \(Could not load credentials from any providers\): set AWS_PROFILE .* or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    );

    const json = await run(['apply', '--json'], { clients: noCredentials });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'AWS_SETTINGS_MISSING', setting: 'AWS_PROFILE', message: expect.stringContaining('AWS_ACCESS_KEY_ID') },
    });
    expect(cfn.calls()).toHaveLength(0);
  });

  it('exits 2 naming AWS_REGION when no region is chosen', async () => {
    const result = await run(['drift', '--json'], { env: { AWS_REGION: '' } });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'AWS_SETTINGS_MISSING',
        setting: 'AWS_REGION',
        message: 'No AWS region chosen: set AWS_REGION (or "region" in acad.config.json) to the region of the stack',
      },
    });
    expect(cfn.calls()).toHaveLength(0);
  });

  it('exits 2 naming ACAD_DEPLOY_BUCKET when the template is too large for a body and no bucket is set', async () => {
    stackExists();
    const result = await run(['plan'], { env: { ACAD_DEPLOY_BUCKET: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/over CloudFormation's 51200-byte limit for a template body; set ACAD_DEPLOY_BUCKET/);
    expect(cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });
});

describe('createDeployClients', () => {
  it('builds clients with the SDK adaptive retry mode and 10 attempts', async () => {
    const clients = createDeployClients('eu-west-1');
    for (const client of [clients.cloudFormation, clients.s3]) {
      const strategy = (await client.config.retryStrategy()) as { mode?: string };
      expect(strategy.mode).toBe('adaptive');
      expect(await client.config.maxAttempts()).toBe(10);
    }
  });
});
