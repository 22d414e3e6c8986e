import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../..');

function runMain(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--conditions=@acad/source', '--import', 'tsx', 'apps/infra-deploy/src/main.ts', ...args], {
      cwd: repoRoot,
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('infra-deploy main (end to end)', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'infra-deploy-e2e-'));
    env = { PATH: process.env['PATH'], HOME: process.env['HOME'], ACAD_HOME: home, ACAD_S3_BUCKET_PREFIX: 'e2e-acad-dev' };
  });

  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it('synth --json writes a template that passed CloudFormation schema validation, and exits 0', async () => {
    const result = await runMain(['synth', '--json', '--out', home], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { template: string };
    expect(summary.template).toBe(join(home, 'e2e-acad-dev-platform.template.json'));
    const template = JSON.parse(readFileSync(summary.template, 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const buckets = Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::S3::Bucket')
      .map((r) => r.Properties['BucketName']);
    expect(buckets).toEqual([
      'e2e-acad-dev-access-logs',
      'e2e-acad-dev-landing',
      'e2e-acad-dev-raw',
      'e2e-acad-dev-quarantine',
      'e2e-acad-dev-trusted',
      'e2e-acad-dev-curated',
      'e2e-acad-dev-platform',
    ]);
  }, 120_000);

  it('exits 2 on an unknown command', async () => {
    const result = await runMain(['deploy'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'deploy'");
  }, 30_000);
});
