import { ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { DeleteBucketCommand, DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { applyStack } from './apply';
import { DestroyRefused } from './deploy-errors';
import { destroyStack } from './destroy';
import { FAKE_REGION, createFakeAws, type FakeAws } from './fake-aws.test-support';
import { stackConfigFor } from './stack-config';
import { synthesize } from './synth';

const config = stackConfigFor('prod', { s3BucketPrefix: 'acad-prod', region: FAKE_REGION }, { budgetAlertEmails: 'platform@uni.edu' });
const resources = synthesize(config);

describe('destroyStack', () => {
  let aws: FakeAws;

  beforeEach(async () => {
    aws = createFakeAws();
    await applyStack(resources, aws.ctx);
    aws.s3.buckets.get('acad-prod-trusted')?.objects.add('attendance/session_month=2025-09/part-b1.parquet');
  });

  afterEach(() => aws.restore());

  it('refuses without --force, naming the non-empty bucket and the key, and deletes nothing', async () => {
    const writes = aws.log.writes.length;
    const refused = destroyStack(resources, aws.ctx, { force: false });
    await expect(refused).rejects.toBeInstanceOf(DestroyRefused);
    await expect(destroyStack(resources, aws.ctx, { force: false })).rejects.toMatchObject({
      refusals: [
        { id: 'DataKey', reason: 'deleting the data key makes every encrypted object unreadable' },
        { id: 'DataKeyAlias', reason: 'the alias is how the platform finds its data key' },
        { id: 'TrustedBucket', reason: 'bucket acad-prod-trusted is not empty' },
      ],
    });
    expect(aws.log.writes.length).toBe(writes);
  });

  it('with --force empties buckets, deletes dependents first and schedules the key with its pending window', async () => {
    const report = await destroyStack(resources, aws.ctx, { force: true });
    expect(report.deleted).toHaveLength(resources.length);
    expect(report.deleted.at(-1)).toBe('DataKey');
    expect(aws.s3.mock.commandCalls(DeleteObjectsCommand)[0].args[0].input).toEqual({
      Bucket: 'acad-prod-trusted',
      Delete: { Objects: [{ Key: 'attendance/session_month=2025-09/part-b1.parquet' }], Quiet: true },
    });
    expect(aws.s3.mock.commandCalls(DeleteBucketCommand)).toHaveLength(6);
    const [keyId] = [...aws.kms.keys.keys()];
    expect(aws.kms.mock.commandCalls(ScheduleKeyDeletionCommand).map((c) => c.args[0].input)).toEqual([
      { KeyId: keyId, PendingWindowInDays: 30 },
    ]);
    expect(aws.kms.keys.get(keyId)?.meta.KeyState).toBe('PendingDeletion');
    expect(aws.s3.buckets.size + aws.glue.tables.size + aws.iam.roles.size + aws.cloudwatch.alarms.size + aws.budgets.budgets.size).toBe(0);

    // A second destroy finds nothing (a key pending deletion counts as gone).
    expect(await destroyStack(resources, aws.ctx, { force: true })).toEqual({ deleted: [], absent: resources.map((r) => r.id) });
  });
});
