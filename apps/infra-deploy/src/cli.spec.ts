import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';
import type { CloudFormationTemplate } from './synth';
import { DEV, templateOf } from './template.test-support';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('runCli', () => {
  let home: string;

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'infra-deploy-cli-'));
  });

  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env: { ACAD_HOME: home, ...env },
      cwd: home,
      synthesize: (config, _contracts, options) => templateOf(config, options),
    });
    return { code, stdout, stderr };
  }

  it('synth --json writes the stack template and prints where, with what it retains', async () => {
    const result = await run(['synth', '--json', '--stack', 'prod', '--out', 'templates'], {
      ACAD_S3_BUCKET_PREFIX: 'uni-acad-prod',
      AWS_REGION: 'eu-central-1',
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const path = join(home, 'templates', 'uni-acad-prod-platform.template.json');
    const summary = JSON.parse(result.stdout) as { stackName: string; template: string; resources: number; retained: { name: string }[] };
    expect(summary).toMatchObject({ stack: 'prod', stackName: 'uni-acad-prod-platform', template: path });
    const template = JSON.parse(readFileSync(path, 'utf8')) as CloudFormationTemplate;
    expect(Object.keys(template.Resources)).toHaveLength(summary.resources);
    expect(template.Resources['TrustedBucket'].Properties?.['BucketName']).toBe('uni-acad-prod-trusted');
    expect(template.Resources['DataKeyAlias'].Properties?.['AliasName']).toBe('alias/uni-acad-prod-data');
    expect(summary.retained.map((r) => r.name)).toContain('uni-acad-prod-raw');
  });

  it('synth with ACAD_QUICKSIGHT_NAMESPACE adds the Athena data source and a dataset per curated product', async () => {
    const result = await run(['synth', '--json', '--out', 'with-quicksight'], {
      ACAD_S3_BUCKET_PREFIX: 'acad-dev',
      AWS_REGION: 'eu-west-1',
      ACAD_QUICKSIGHT_NAMESPACE: 'faculty',
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const template = JSON.parse(
      readFileSync(join(home, 'with-quicksight', 'acad-dev-platform.template.json'), 'utf8'),
    ) as CloudFormationTemplate;
    const quickSight = Object.entries(template.Resources).filter(([, r]) => r.Type.startsWith('AWS::QuickSight::'));
    expect(quickSight.filter(([, r]) => r.Type === 'AWS::QuickSight::DataSource').map(([id]) => id)).toEqual(['QuickSightAthenaSource']);
    expect(quickSight.filter(([id]) => id.endsWith('QuickSightDataSet'))).toHaveLength(7);
    expect(JSON.stringify(template.Resources['AttendanceWeeklyQuickSightDataSet'].Properties)).toContain('group/faculty/acad-dev-analyst');
  }, 60_000);

  it('synth prints the resources of the stack by default and writes under dist/cloudformation', async () => {
    const result = await run(['synth'], {
      ACAD_S3_BUCKET_PREFIX: 'acad-dev',
      AWS_REGION: 'eu-west-1',
      ACAD_BUDGET_ALERT_EMAILS: 'data-team@uni.example',
    });
    expect(result.code).toBe(0);
    const path = join(home, 'dist', 'cloudformation', 'acad-dev-platform.template.json');
    const total = Object.keys(templateOf(DEV).Resources).length;
    expect(result.stdout).toMatch(
      new RegExp(`^Stack acad-dev-platform \\(dev, region eu-west-1\\): ${total} resources, template written to ${path}\\n`),
    );
    expect(result.stdout).toMatch(/AWS::S3::Bucket\s+RawBucket {2}\(retained on destroy\)/);
    expect(result.stdout).toMatch(/AWS::SNS::Topic\s+NotificationTopic\n/);
  });

  it('prints help with exit code 0', async () => {
    const result = await run(['synth', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--stack <name>');
  });

  it.each([
    [['deploy'], /unknown command 'deploy'/],
    [['apply', '--stack', 'staging'], /Allowed choices are dev, prod/],
    [['plan'], /ACAD_BUDGET_ALERT_EMAILS/],
    [['destroy', '--frce'], /unknown option '--frce'/],
    [['synth', '--stack', 'staging'], /Allowed choices are dev, prod/],
    [['synth', '--verbose'], /unknown option '--verbose'/],
    [[], /Usage: infra-deploy/],
  ])('exits 2 on bad usage %j', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('exits 2 naming the setting when the configuration is invalid, also as JSON', async () => {
    const result = await run(['synth', '--json'], { ACAD_S3_BUCKET_PREFIX: 'Not_Valid' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid setting ACAD_S3_BUCKET_PREFIX (from environment variable ACAD_S3_BUCKET_PREFIX)');
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { message: expect.stringContaining('ACAD_S3_BUCKET_PREFIX') } });
  });
});
