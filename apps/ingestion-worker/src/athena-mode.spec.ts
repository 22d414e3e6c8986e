import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import {
  BatchCreatePartitionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  EntityNotFoundException,
  GetDatabaseCommand,
  GetTableCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli } from './cli';
import { KmsStandIn } from '@acad/crypto/testing';
import { createS3Client } from '@acad/storage';
import { createZoneStores, initializeKeys } from '@acad/zones';

const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };

const athena = mockClient(AthenaClient);
const glue = mockClient(GlueClient);
const kms = mockClient(KMSClient);

// What Athena answers for the file below: 3 rows, all valid and distinct, all in September 2025.
function answer(sql: string): [string, string, string] | undefined {
  if (sql.startsWith('SELECT count_if(_violations IS NULL)')) return ['valid', 'bigint', '3'];
  if (sql.startsWith('SELECT count_if(_source = 1')) return ['accepted', 'bigint', '3'];
  if (sql.startsWith('SELECT DISTINCT acad_partition')) return ['p', 'varchar', 'session_month=2025-09'];
  if (sql.startsWith('SELECT count(*) AS n')) return ['n', 'bigint', '3'];
  return undefined;
}

// The quality gate's aggregate statement over the 3 judged rows: every measure clean.
function qualityScan(sql: string): Array<[string, string]> {
  return [...sql.matchAll(/ AS (m\d+_(?:considered|failing|value))\b/g)].map((m) => [m[1], m[1].endsWith('_failing') ? '0' : '3']);
}

describe('ingest with ACAD_STORAGE=s3 ACAD_ENGINE=athena ACAD_KMS=aws ACAD_CATALOG=glue', () => {
  let dir: string;
  let server: { close(): Promise<void> };
  let endpoint: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acad-athena-cli-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dir, 's3rver') });
    endpoint = `http://127.0.0.1:${(await (server as unknown as { run(): Promise<AddressInfo> }).run()).port}`;
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    for (const zone of ['landing', 'raw', 'quarantine', 'trusted', 'curated', 'rejected', 'platform'])
      await s3.send(new CreateBucketCommand({ Bucket: `uni-${zone}` }));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the batch summary, with every promotion sent to Athena and the tables to Glue', async () => {
    const standIn = new KmsStandIn('arn:aws:kms:eu-west-1:111122223333:key/k');
    kms.on(GenerateDataKeyCommand).callsFake((input) => standIn.generateDataKey(input));
    kms.on(DecryptCommand).callsFake((input) => standIn.decrypt(input));
    const sqlById = new Map<string, string>();
    athena.on(StartQueryExecutionCommand).callsFake((input: { QueryString: string }) => {
      const id = `q${sqlById.size + 1}`;
      sqlById.set(id, input.QueryString);
      return { QueryExecutionId: id };
    });
    athena.on(GetQueryExecutionCommand).callsFake((input: { QueryExecutionId: string }) => ({
      QueryExecution: {
        QueryExecutionId: input.QueryExecutionId,
        StatementType: /^(SELECT|WITH)\b/.test(sqlById.get(input.QueryExecutionId) ?? '') ? 'DML' : 'DDL',
        Status: { State: 'SUCCEEDED' },
      },
    }));
    athena.on(GetQueryResultsCommand).callsFake((input: { QueryExecutionId: string }) => {
      const sql = sqlById.get(input.QueryExecutionId) ?? '';
      const a = answer(sql);
      // Columns with their one value: a known answer, else the quality scan's measures, else none.
      const cells: Array<[string, string, string]> = a
        ? [a, ...(sql.includes('AS invalid') ? [['invalid', 'bigint', '0'] as [string, string, string]] : [])]
        : qualityScan(sql).map(([name, value]) => [name, 'bigint', value]);
      return {
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: cells.map(([Name, Type]) => ({ Name, Type })) },
          Rows: cells.length
            ? [{ Data: cells.map(([n]) => ({ VarCharValue: n })) }, { Data: cells.map(([, , v]) => ({ VarCharValue: v })) }]
            : [],
        },
      };
    });
    const notFound = new EntityNotFoundException({ message: 'not found', $metadata: {} });
    glue.on(GetDatabaseCommand).rejects(notFound);
    glue.on(GetTableCommand).rejects(notFound);
    glue.on(CreateDatabaseCommand).resolves({});
    glue.on(CreateTableCommand).resolves({});
    glue.on(BatchCreatePartitionCommand).resolves({ Errors: [] });

    const file = join(dir, 'attendance.csv');
    await writeFile(
      file,
      'student_id,course_code,section,session_date,status\nS1234567,CS101,A,2025-09-01,present\nS7654321,CS101,A,2025-09-01,absent\nS7654321,CS101,A,2025-09-03,present\n',
    );
    const out: string[] = [];
    const err: string[] = [];
    // Tokens and field keys are KMS data keys kept wrapped in the platform bucket, made explicitly as `acad keys init` does.
    await initializeKeys(
      { home: join(dir, 'home'), kms: { client: new KMSClient({ region: 'eu-west-1' }), keyId: 'alias/uni-data' } },
      createZoneStores({
        home: join(dir, 'home'),
        s3: {
          client: createS3Client({ region: 'eu-west-1', endpoint, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }),
          bucketPrefix: 'uni',
          kmsKeyId: 'alias/uni-data',
        },
      }),
    );
    const env = {
      ACAD_HOME: join(dir, 'home'),
      ACAD_STORAGE: 's3',
      ACAD_ENGINE: 'athena',
      ACAD_KMS: 'aws',
      ACAD_KMS_KEY_ID: 'alias/uni-data',
      ACAD_CATALOG: 'glue',
      ACAD_S3_ENDPOINT: endpoint,
      ACAD_S3_BUCKET_PREFIX: 'uni',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      ACAD_LOG_LEVEL: 'silent',
    };
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' });
    let code: number;
    try {
      code = await runCli([file, '--dataset', 'attendance', '--json'], {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        env,
        cwd: dir,
      });
    } finally {
      process.env = saved;
    }
    expect(err.filter((e) => !e.includes('\r'))).toEqual([]);
    expect(code).toBe(0);
    // Every key came from KMS: the worker on AWS needs no keyring folder.
    expect(existsSync(join(dir, 'home', 'keys'))).toBe(false);
    expect(JSON.parse(out.join(''))).toMatchObject({
      dataset: 'attendance',
      status: 'committed',
      rows: { read: 3, accepted: 3, duplicates: 0, quarantined: 0 },
      quality: { failed: 0 },
    });

    const starts = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
    expect(new Set(starts.map((s) => JSON.stringify([s.WorkGroup, s.QueryExecutionContext, s.ResultConfiguration])))).toEqual(
      new Set([
        JSON.stringify([
          'uni-analytics',
          { Database: 'uni', Catalog: 'AwsDataCatalog' },
          {
            OutputLocation: 's3://uni-platform/uni-analytics/',
            EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: 'alias/uni-data' },
          },
        ]),
      ]),
    );
    expect(
      starts
        .map((s) => s.QueryString)
        .filter((q) => q?.startsWith('CREATE TABLE'))
        .map((q) => /external_location = '([^']+)'/.exec(q ?? '')?.[1]?.replace(/b[0-9a-f]{20}/g, '<batch>')),
    ).toEqual([
      's3://uni-raw/_staging/<batch>/validated/',
      's3://uni-trusted/_staging/<batch>/merged/',
      's3://uni-trusted/attendance/session_month=2025-09/batch=<batch>/',
      's3://uni-curated/attendance_weekly/batch=<batch>/',
      's3://uni-curated/student_attendance_risk/batch=<batch>/',
      's3://uni-curated/attendance_by_department/batch=<batch>/',
    ]);
    // Sealed under its identity: dataset, zone, batch and object key (no PII).
    expect(kms.commandCalls(GenerateDataKeyCommand).map((c) => c.args[0].input.EncryptionContext)).toContainEqual({
      dataset: 'attendance',
      zone: 'raw',
      batch: expect.stringMatching(/^b[0-9a-f]{20}$/),
      object: expect.stringMatching(/^attendance\/batch=b[0-9a-f]{20}\/records\.parquet\.enc$/),
    });
    // Raw is sealed (.parquet.enc): only what Athena can read is registered.
    expect(glue.commandCalls(CreateTableCommand).map((c) => c.args[0].input.TableInput?.Name)).toEqual([
      'trusted_attendance',
      'curated_attendance_weekly',
      'curated_student_attendance_risk',
      'curated_attendance_by_department',
    ]);
  }, 60_000);
});
