import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startS3rver, type RunningS3rver } from '@acad/storage/testing';
import { DATA_ZONES } from '@acad/zones';
import { LocalKeyring } from '@acad/crypto';
import { generateSampleFiles, runCommand, type CommandOptions } from './worker-process.test-support';

// PRODUCT.md §2: the same pipeline with ACAD_STORAGE=s3, against an S3-compatible server on loopback.

describe('the pipeline on S3 (s3rver on loopback)', () => {
  const work = mkdtempSync(join(tmpdir(), 'acad-s3-e2e-'));
  let server: RunningS3rver;
  let client: S3Client;
  const home = join(work, 'home');
  let s3: CommandOptions;

  /** Runs a command against the zone buckets and resolves to its stdout; it must exit 0. */
  const run = async (command: 'ingest' | 'acad', args: string[]): Promise<string> => {
    const result = await runCommand(command, args, home, s3);
    if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  };

  beforeAll(async () => {
    server = await startS3rver();
    client = new S3Client({
      region: 'us-east-1',
      endpoint: server.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    for (const zone of [...DATA_ZONES, 'platform']) await client.send(new CreateBucketCommand({ Bucket: `acad-e2e-${zone}` }));
    LocalKeyring.create(home);
    s3 = {
      env: {
        ACAD_STORAGE: 's3',
        ACAD_S3_ENDPOINT: server.endpoint,
        ACAD_S3_BUCKET_PREFIX: 'acad-e2e',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
      },
    };
    await generateSampleFiles(join(work, 'sample'), 40, 's3');
  }, 120_000);

  afterAll(async () => {
    client?.destroy();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const keys = async (zone: string) =>
    ((await client.send(new ListObjectsV2Command({ Bucket: `acad-e2e-${zone}` }))).Contents ?? []).map((o) => o.Key as string);

  it('lands, promotes and commits to the zone buckets, and answers queries from them', async () => {
    const manifest = JSON.parse(readFileSync(join(work, 'sample', 'manifest.json'), 'utf8')) as {
      files: Record<string, { expected: Record<string, number> }>;
    };
    for (const dataset of ['courses', 'attendance']) {
      const summary = JSON.parse(await run('ingest', [join(work, 'sample', `${dataset}.csv`), '--dataset', dataset, '--json']));
      expect(summary).toMatchObject({ dataset, status: 'committed', rows: manifest.files[dataset].expected });
    }
    expect(await keys('landing')).toEqual([]);
    expect((await keys('raw')).every((k) => k.endsWith('.parquet.enc'))).toBe(true);
    expect((await keys('trusted')).some((k) => /^attendance\/session_month=\d{4}-\d{2}\/part-b[0-9a-f]+\.parquet$/.test(k))).toBe(true);
    expect((await keys('curated')).some((k) => k.startsWith('attendance_weekly/'))).toBe(true);
    expect((await keys('platform')).filter((k) => k.startsWith('_log/'))).toHaveLength(2);

    const stdout = await run('acad', ['query', 'select count(*) as n from trusted.attendance', '--format', 'json']);
    expect(JSON.parse(stdout)).toEqual([{ n: manifest.files['attendance'].expected['accepted'] }]);
  }, 180_000);

  it('commits several small files of a dataset by one group commit to the platform bucket', async () => {
    const header = 'student_id,course_code,section,session_date,status,minutes_late,recorded_at,source_system';
    const files = ['late-a.csv', 'late-b.csv'].map((name, i) => {
      const path = join(work, name);
      writeFileSync(
        path,
        `${header}\nS900000${i},ZZ101,A,2025-12-0${i + 1},present,,,lms\nS900001${i},ZZ101,A,2025-12-0${i + 1},late,4,,lms\n`,
      );
      return path;
    });
    const logBefore = (await keys('platform')).filter((k) => k.startsWith('_log/'));
    const count = async () => {
      const stdout = await run('acad', ['query', 'select count(*) as n from trusted.attendance', '--format', 'json']);
      return (JSON.parse(stdout) as { n: number }[])[0].n;
    };
    const rowsBefore = await count();
    const stdout = await run('ingest', [...files, '--dataset', 'attendance', '--json']);
    const summaries = JSON.parse(stdout) as { file: string; status: string; rows: Record<string, number> }[];
    expect(summaries.map((s) => [s.file, s.status, s.rows['accepted']])).toEqual([
      ['late-a.csv', 'committed', 2],
      ['late-b.csv', 'committed', 2],
    ]);
    // Two batches, one new log object: the group commit.
    const logAfter = (await keys('platform')).filter((k) => k.startsWith('_log/'));
    expect(logAfter).toHaveLength(logBefore.length + 1);
    expect((await keys('raw')).filter((k) => k.endsWith('/records.parquet.enc'))).toHaveLength(4);
    expect(await count()).toBe(rowsBefore + 4);
  }, 180_000);

  it('reports identical content as a duplicate and changes nothing', async () => {
    const before = await keys('platform');
    const stdout = await run('ingest', [join(work, 'sample', 'courses.csv'), '--dataset', 'courses', '--json']);
    expect(JSON.parse(stdout).status).toBe('duplicate');
    expect((await keys('platform')).filter((k) => k.startsWith('_log/'))).toEqual(before.filter((k) => k.startsWith('_log/')));
  }, 120_000);
});
