import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';
import { stackConfigFor } from './stack-config';
import { synthesize } from './synth';
import { awsError } from './fake-aws-errors.test-support';
import { createFakeAws, type FakeAws } from './fake-aws.test-support';

describe('plan, apply and destroy commands', () => {
  let home: string;
  let aws: FakeAws;
  const endpoints: (string | undefined)[] = [];

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'infra-deploy-cli-deploy-'));
  });

  beforeEach(() => {
    aws = createFakeAws();
  });

  afterEach(() => aws.restore());

  afterAll(() => rmSync(home, { recursive: true, force: true }));

  async function run(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: { ACAD_HOME: home, ACAD_S3_BUCKET_PREFIX: 'acad-dev', AWS_REGION: 'eu-west-1', ACAD_BUDGET_ALERT_EMAILS: 'platform@uni.edu' },
      cwd: home,
      createClients: (settings) => {
        endpoints.push(settings.endpoint);
        return aws.clients;
      },
      retry: { sleep: async () => undefined },
    });
    return { code, stdout, stderr };
  }

  it('plan --json lists a create per resource; apply creates them; plan then shows no change', async () => {
    // One resource set per dataset contract: the count follows the contracts.
    const total = synthesize(stackConfigFor('dev', { s3BucketPrefix: 'acad-dev', region: 'eu-west-1' })).length;
    const planned = await run(['plan', '--json']);
    expect(planned).toMatchObject({ code: 0, stderr: '' });
    const plan = JSON.parse(planned.stdout) as {
      stack: string;
      prefix: string;
      summary: Record<string, number>;
      changes: { id: string; action: string }[];
    };
    expect(plan).toMatchObject({ stack: 'dev', prefix: 'acad-dev', summary: { create: total, update: 0, delete: 0, unchanged: 0 } });

    const applied = await run(['apply']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(new RegExp(`^Apply of stack dev \\(acad-dev\\): ${total - 1} created, 0 updated, 1 unchanged\\n`));
    expect(applied.stdout).toContain('+ create    AWS::S3::Bucket                RawBucket');

    const again = await run(['plan']);
    expect(again.stdout).toMatch(
      new RegExp(`^Plan for stack dev \\(acad-dev\\): 0 to create, 0 to update, 0 to delete, ${total} unchanged\\n`),
    );
  });

  it('passes --endpoint to the S3 client only', async () => {
    endpoints.length = 0;
    await run(['plan', '--endpoint', 'http://127.0.0.1:9000']);
    expect(endpoints).toEqual(['http://127.0.0.1:9000']);
  });

  it('exits 1 on a failed apply, saying where it stopped', async () => {
    aws.log.failNext('CreateWorkGroup', awsError('AccessDeniedException', 403, 'not allowed to create workgroups'));
    const result = await run(['apply', '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { failed: { id: string; message: string }; remaining: string[] };
    expect(report.failed).toEqual({ id: 'AthenaWorkGroup', code: 'AccessDeniedException', message: 'not allowed to create workgroups' });
    expect(report.remaining).toContain('PlatformDashboard');
  });

  it('destroy exits 1 and deletes nothing without --force; with --force it schedules the key', async () => {
    await run(['apply']);
    const refused = await run(['destroy']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('DataKey: deleting the data key makes every encrypted object unreadable');
    expect(aws.s3.buckets.size).toBe(6);
    const forced = await run(['destroy', '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ deleted: expect.arrayContaining(['DataKey', 'RawBucket']) });
    expect([...aws.kms.keys.values()][0].meta.KeyState).toBe('PendingDeletion');
  });

  it('exits 1 when AWS cannot be reached with the credentials at hand', async () => {
    aws.sts.rejects(awsError('ExpiredToken', 403, 'The security token included in the request is expired'));
    const result = await run(['plan']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe('infra-deploy failed: The security token included in the request is expired\n');
  });
});
