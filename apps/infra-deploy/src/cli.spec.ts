import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';
import { stackConfigFor } from './stack-config';
import { synthesize } from './synth';
import type { Resource, ResourceType } from './resource';

const ALL_TYPES: ResourceType[] = [
  'AWS::KMS::Key',
  'AWS::KMS::Alias',
  'AWS::S3::Bucket',
  'AWS::Glue::Database',
  'AWS::Glue::Table',
  'AWS::Glue::DataQualityRuleset',
  'AWS::DataBrew::Dataset',
  'AWS::DataBrew::Ruleset',
  'AWS::DataBrew::Job',
  'AWS::Athena::WorkGroup',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::Dashboard',
  'AWS::Budgets::Budget',
  'AWS::IAM::Role',
];

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
    });
    return { code, stdout, stderr };
  }

  it('synth --json prints the stack and its resources as JSON', async () => {
    const result = await run(['synth', '--json', '--stack', 'prod'], {
      ACAD_S3_BUCKET_PREFIX: 'uni-acad-prod',
      AWS_REGION: 'eu-central-1',
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const parsed = JSON.parse(result.stdout) as { stack: { stack: string; prefix: string; region: string }; resources: Resource[] };
    expect(parsed.stack).toMatchObject({ stack: 'prod', prefix: 'uni-acad-prod', region: 'eu-central-1' });
    expect(parsed.resources.filter((r) => r.type === 'AWS::S3::Bucket').map((r) => r.properties['BucketName'])).toContain(
      'uni-acad-prod-trusted',
    );
    const types = new Set(parsed.resources.map((r) => r.type));
    expect([...types].sort()).toEqual([...ALL_TYPES].sort());
    expect(parsed.resources.find((r) => r.type === 'AWS::KMS::Alias')?.properties['AliasName']).toBe('alias/uni-acad-prod-data');
  });

  it('synth prints a readable list in deployment order by default', async () => {
    const result = await run(['synth']);
    expect(result.code).toBe(0);
    const total = synthesize(stackConfigFor('dev', { s3BucketPrefix: 'acad', region: 'us-east-1' })).length;
    expect(result.stdout).toMatch(new RegExp(`^Stack dev: prefix acad, region us-east-1, ${total} resources in deployment order\\n`));
    expect(result.stdout.indexOf('DataKey')).toBeLessThan(result.stdout.indexOf('RawBucket'));
    expect(result.stdout).toContain('AWS::Glue::DataQualityRuleset  AttendanceRuleset  (after GlueDatabase, AttendanceTrustedTable)');
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

  it('exits 2 naming the setting when the configuration is invalid', async () => {
    const result = await run(['synth'], { ACAD_S3_BUCKET_PREFIX: 'Not_Valid' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid setting ACAD_S3_BUCKET_PREFIX (from environment variable ACAD_S3_BUCKET_PREFIX)');
  });
});
