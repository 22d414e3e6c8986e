import { DATASET_CONTRACTS } from '@acad/schemas';
import { applyStack } from './apply';
import { awsError, present } from './fake-aws-errors.test-support';
import { FAKE_REGION, createFakeAws, type FakeAws } from './fake-aws.test-support';
import { planStack } from './plan';
import { withRetry } from './retry';
import { stackConfigFor } from './stack-config';
import { synthesize } from './synth';

const config = stackConfigFor('dev', { s3BucketPrefix: 'acad-dev', region: FAKE_REGION }, { budgetAlertEmails: 'platform@uni.edu' });
const resources = synthesize(config);

describe('plan → apply → plan against an in-memory AWS account', () => {
  let aws: FakeAws;

  beforeEach(() => {
    aws = createFakeAws();
  });

  afterEach(() => aws.restore());

  it('plans every resource as a create, applies them in order, then finds nothing to change', async () => {
    const first = await planStack(resources, aws.ctx);
    expect(first.summary).toEqual({ create: resources.length, update: 0, delete: 0, unchanged: 0 });
    expect(aws.log.writes).toEqual([]);

    const report = await applyStack(resources, aws.ctx);
    expect(report.failed).toBeUndefined();
    // The key's create adds its alias at once (so a failure between them cannot orphan the key).
    expect(report.summary).toEqual({ create: resources.length - 1, update: 0, delete: 0, unchanged: 1 });
    expect(report.done.find((c) => c.action === 'unchanged')?.id).toBe('DataKeyAlias');
    // Dependency order: the key before any bucket, buckets before the workgroup, alarms before the dashboard.
    const order = aws.log.writes;
    expect(order.indexOf('CreateKey')).toBeLessThan(order.indexOf('CreateBucket'));
    expect(order.indexOf('CreateTable')).toBeLessThan(order.indexOf('CreateDataQualityRuleset'));
    expect(order.lastIndexOf('PutMetricAlarm')).toBeLessThan(order.indexOf('PutDashboard'));

    const second = await planStack(resources, aws.ctx);
    expect(second.changes.filter((c) => c.action !== 'unchanged')).toEqual([]);
    expect(second.summary.unchanged).toBe(resources.length);

    const writes = aws.log.writes.length;
    const again = await applyStack(resources, aws.ctx);
    expect(again.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: resources.length });
    expect(aws.log.writes.length).toBe(writes);
  });

  it('creates what the synthesized stack says, with references filled from created resources', async () => {
    await applyStack(resources, aws.ctx);
    expect([...aws.s3.buckets.keys()].sort()).toEqual([
      'acad-dev-curated',
      'acad-dev-landing',
      'acad-dev-platform',
      'acad-dev-quarantine',
      'acad-dev-raw',
      'acad-dev-trusted',
    ]);
    const [keyId] = [...aws.kms.keys.keys()];
    expect(aws.kms.aliases.get('alias/acad-dev-data')).toBe(keyId);
    const keyArn = aws.kms.keys.get(keyId)?.meta.Arn;
    const sse = aws.s3.buckets.get('acad-dev-raw')?.config.get('sse');
    expect(sse).toEqual({
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }],
    });
    expect([...aws.glue.tables.keys()].sort()).toEqual(DATASET_CONTRACTS.map((c) => `acad_dev/trusted_${c.name}`).sort());
    expect(aws.databrew.rulesets.get('acad-dev-trusted-attendance-rules')?.['TargetArn']).toBe(
      `arn:aws:databrew:${FAKE_REGION}:123456789012:dataset/acad-dev-trusted-attendance`,
    );
    expect(aws.athena.workgroups.get('acad-dev-analytics')?.['Configuration'].ResultConfiguration.EncryptionConfiguration).toEqual({
      EncryptionOption: 'SSE_KMS',
      KmsKey: keyArn,
    });
    expect(aws.iam.roles.get('acad-dev-databrew-profiler')?.role['Arn']).toBe(
      'arn:aws:iam::123456789012:role/acad/acad-dev-databrew-profiler',
    );
  });

  it('reports how far a failed apply got, and the next apply converges without duplicates', async () => {
    aws.log.failNext('CreateTable', awsError('InternalServiceException', 500, 'Glue is having a bad day'));
    const failed = await applyStack(resources, aws.ctx);
    expect(failed.failed).toEqual({ id: 'StudentsTrustedTable', code: 'InternalServiceException', message: 'Glue is having a bad day' });
    expect(failed.done.map((c) => c.id)).toContain('GlueDatabase');
    expect(failed.done.map((c) => c.id)).not.toContain('StudentsTrustedTable');
    expect(failed.remaining[0]).toBe('CoursesTrustedTable');
    expect(failed.remaining).toContain('MonthlyBudget');

    const plan = await planStack(resources, aws.ctx);
    expect(plan.changes.filter((c) => c.action === 'create').map((c) => c.id)).toEqual(['StudentsTrustedTable', ...failed.remaining]);

    const resumed = await applyStack(resources, aws.ctx);
    expect(resumed.failed).toBeUndefined();
    expect(resumed.summary.create).toBe(failed.remaining.length + 1);
    expect((await planStack(resources, aws.ctx)).summary.unchanged).toBe(resources.length);
    expect(aws.kms.keys.size).toBe(1);
    expect(aws.log.writes.filter((w) => w === 'CreateBucket')).toHaveLength(6);
  });

  it('repairs drift: a changed setting is planned as an update of that property and applied', async () => {
    await applyStack(resources, aws.ctx);
    aws.s3.buckets.get('acad-dev-raw')?.config.delete('versioning');
    present(aws.athena.workgroups.get('acad-dev-analytics'), 'acad-dev-analytics')['Configuration'].BytesScannedCutoffPerQuery = 10 ** 12;
    const plan = await planStack(resources, aws.ctx);
    expect(plan.changes.filter((c) => c.action === 'update').map((c) => [c.id, c.properties])).toEqual([
      ['RawBucket', ['VersioningConfiguration']],
      ['AthenaWorkGroup', ['WorkGroupConfiguration']],
    ]);
    await applyStack(resources, aws.ctx);
    expect((await planStack(resources, aws.ctx)).summary.update).toBe(0);
  });
});

describe('retries', () => {
  it('retries throttled calls with backoff and succeeds', async () => {
    const aws = createFakeAws();
    try {
      const sleeps: number[] = [];
      const ctx = {
        ...aws.ctx,
        call: <T>(op: () => Promise<T>) => withRetry(op, { sleep: async (ms) => void sleeps.push(ms), random: () => 1 }),
      };
      aws.log.failNext('CreateBucket', awsError('SlowDown', 503));
      aws.log.failNext('CreateBucket', awsError('ThrottlingException', 400));
      const bucket = resources.filter((r) => r.id === 'DataKey' || r.id === 'LandingBucket');
      const report = await applyStack(bucket, ctx);
      expect(report.failed).toBeUndefined();
      expect(sleeps).toEqual([250, 500]);
      expect(aws.s3.buckets.has('acad-dev-landing')).toBe(true);
    } finally {
      aws.restore();
    }
  });
});
