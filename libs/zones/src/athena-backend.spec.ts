import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
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
import { LocalCatalogStore, type OpenLineageEmitter, type OpenLineageRunEvent } from '@acad/catalog';
import { createDecryptStream } from '@acad/crypto';
import { createS3Client } from '@acad/storage';
import { LocalQualityHistoryStore } from '@acad/quality';
import { DuckDbEngine } from '@acad/engine';
import { AdmissionsContract, AttendanceContract, TRINO_DIALECT, compileValidationSql } from '@acad/schemas';
import { athenaBackend } from './athena-backend';
import { athenaLake, type AthenaLakeOptions } from './athena-lake';
import { readSnapshot } from './commit-log';
import { createDataProtection } from './data-protection';
import { initializeKeys } from './initialize-keys';
import { landFile } from './land-file';
import { CURATED_MODELS } from './models/index';
import { pipelineEngineFactory } from './pipeline-engine';
import { fingerprintExpression } from './protect-fields';
import { runLandingFiles } from './run-landing-files';
import { listRejectedFiles } from './rejected-files';
import { sealedObjectContext } from './sealed-objects';
import { keysIn, silentLogger, tempDir } from './zone-fixture.test-support';
import type { ZoneContext } from './zone-context';
import { createZoneStores } from './zone-stores';

const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };

const athena = mockClient(AthenaClient);
const glue = mockClient(GlueClient);
const kms = mockClient(KMSClient);

const CSV = [
  'student_id,course_code,section,session_date,status,minutes_late,recorded_at,source_system',
  'S1234567,CS101,A,2025-09-01,present,,2025-09-01T09:00:00Z,lms',
  'S1234567,CS101,A,2025-09-01,present,,2025-09-01T09:05:00Z,lms',
  'S7654321,CS101,A,2025-09-01,late,5,,lms',
  'S7654321,CS101,A,2025-09-03,absent,,,lms',
  'S7654321,CS101,A,2025-09-05,sleeping,,,lms',
].join('\n');

// Athena's answers for this file, as the real service would give them: 5 rows parsed, one with a
// bad status; two rows share a key (the later wins); every partition is September 2025.
function athenaAnswer(sql: string): { columns: Array<[string, string]>; rows: string[][] } {
  if (sql.startsWith('SELECT count_if(_violations IS NULL)'))
    return {
      columns: [
        ['valid', 'bigint'],
        ['invalid', 'bigint'],
      ],
      rows: [[String(batchAnswers.valid), String(batchAnswers.invalid)]],
    };
  if (sql.startsWith('SELECT v.rule'))
    return {
      columns: [
        ['rule', 'varchar'],
        ['n', 'bigint'],
      ],
      rows: batchAnswers.byRule,
    };
  if (sql.startsWith('SELECT count_if(_source = 1')) return { columns: [['accepted', 'bigint']], rows: [[String(batchAnswers.accepted)]] };
  if (sql.startsWith('SELECT DISTINCT acad_partition')) return { columns: [['p', 'varchar']], rows: [[batchAnswers.partition]] };
  if (sql.startsWith('SELECT count(*) AS n')) return { columns: [['n', 'bigint']], rows: [['3']] };
  if (sql.includes('AS m0_considered')) return qualityScanAnswer(sql);
  if (failingPredicate && sql.startsWith('SELECT * FROM "stg_') && sql.includes(failingPredicate))
    return { columns: TRUSTED_COLUMNS, rows: [BAD_COURSE_ROW] };
  return { columns: [], rows: [] };
}

/** What Athena counts in the batch: by default the attendance file's. */
const ATTENDANCE_ANSWERS = {
  valid: 4,
  invalid: 1,
  byRule: [['attendance.status.enum', '1']],
  accepted: 3,
  partition: 'session_month=2025-09',
};
let batchAnswers = ATTENDANCE_ANSWERS;

/** Rows the quality scan counts in the judged batch: 3 kept rows, all passing; 0 to fail RowCount > 0. */
let judgedRows = 3;
/** A predicate of the scan whose measure counts one failing row (that row: BAD_COURSE_ROW); none when undefined. */
let failingPredicate: string | undefined;
const TRUSTED_COLUMNS: Array<[string, string]> = [
  ['student_id', 'varchar'],
  ['course_code', 'varchar'],
  ['section', 'varchar'],
  ['session_date', 'date'],
  ['status', 'varchar'],
  ['minutes_late', 'bigint'],
  ['recorded_at', 'timestamp(3) with time zone'],
  ['source_system', 'varchar'],
];
const BAD_COURSE_ROW = [`tok_${'7'.repeat(32)}`, 'cs-101', 'A', '2025-09-01', 'present', '', '', 'lms'];

// The quality gate's one aggregate statement: every measure of a clean batch of `judgedRows` rows.
function qualityScanAnswer(sql: string): { columns: Array<[string, string]>; rows: string[][] } {
  const measures = [...sql.matchAll(/^\s*(.*) AS (m\d+_(?:considered|failing|value)),?$/gm)].map((m) => ({ expression: m[1], name: m[2] }));
  const value = ({ expression, name }: { expression: string; name: string }) =>
    !name.endsWith('_failing') ? String(judgedRows) : failingPredicate && expression.includes(failingPredicate) ? '1' : '0';
  return { columns: measures.map(({ name }) => [name, 'bigint']), rows: [measures.map(value)] };
}

/** KMS, Athena and Glue as the services answer; Athena's answers come from `athenaAnswer`. */
function mockAws(): void {
  for (const client of [athena, glue, kms]) client.reset();
  const dataKey = randomBytes(32);
  kms
    .on(GenerateDataKeyCommand)
    .resolves({ Plaintext: dataKey, CiphertextBlob: Buffer.from('wrapped-by-kms'), KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k-1' });
  kms.on(DecryptCommand).resolves({ Plaintext: dataKey, KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k-1' });
  let queries = 0;
  const sqlById = new Map<string, string>();
  athena.on(StartQueryExecutionCommand).callsFake((input: { QueryString: string }) => {
    const id = `q-${++queries}`;
    sqlById.set(id, input.QueryString);
    return { QueryExecutionId: id };
  });
  athena.on(GetQueryExecutionCommand).callsFake((input: { QueryExecutionId: string }) => ({
    QueryExecution: {
      QueryExecutionId: input.QueryExecutionId,
      StatementType: /^(SELECT|WITH)\b/.test(sqlById.get(input.QueryExecutionId) ?? '') ? 'DML' : 'DDL',
      Status: { State: 'SUCCEEDED' },
      Statistics: { DataScannedInBytes: 1000 },
    },
  }));
  athena.on(GetQueryResultsCommand).callsFake((input: { QueryExecutionId: string }) => {
    const { columns, rows } = athenaAnswer(sqlById.get(input.QueryExecutionId) ?? '');
    const header = columns.length ? [{ Data: columns.map(([name]) => ({ VarCharValue: name })) }] : [];
    return {
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: columns.map(([Name, Type]) => ({ Name, Type })) },
        Rows: [...header, ...rows.map((r) => ({ Data: r.map((v) => ({ VarCharValue: v })) }))],
      },
    };
  });
  const notFound = new EntityNotFoundException({ message: 'not found', $metadata: {} });
  glue.on(GetDatabaseCommand).rejects(notFound);
  glue.on(GetTableCommand).rejects(notFound);
  glue.on(CreateDatabaseCommand).resolves({});
  glue.on(CreateTableCommand).resolves({});
  glue.on(BatchCreatePartitionCommand).resolves({ Errors: [] });
}

/**
 * The lake as the worker's composition root places it with ACAD_STORAGE=s3 ACAD_ENGINE=athena
 * ACAD_KMS=aws ACAD_KMS_KEY_ID=alias/acad-data ACAD_S3_BUCKET_PREFIX=acad: S3 on s3rver, KMS, Athena and Glue mocked.
 */
function awsLake(home: string, endpoint: string) {
  const region = 'us-east-1';
  const keyId = 'alias/acad-data';
  return {
    stores: { home, s3: { client: createS3Client({ region, endpoint }), bucketPrefix: 'acad', kmsKeyId: keyId } },
    keys: { home, kms: { client: new KMSClient({ region }), keyId } },
    athena: { athena: new AthenaClient({ region }), glue: new GlueClient({ region }), bucketPrefix: 'acad', kmsKeyId: keyId },
  };
}

/** One landing file run as the worker runs it with ACAD_ENGINE=athena: the one life cycle, with the Athena backend. */
async function runOnAthena(lake: ReturnType<typeof awsLake>, ctx: ZoneContext, key: string, options: AthenaLakeOptions = {}) {
  const [summary] = await runLandingFiles({ ...ctx, backend: athenaBackend(athenaLake(lake.athena, options)) }, [
    { dataset: 'attendance', key },
  ]);
  return summary;
}

/** The quarantine objects the commit log lists for a batch. */
function snapshotQuarantine(snapshot: Awaited<ReturnType<typeof readSnapshot>>, batchId: string): string[] {
  return snapshot.entries.filter((e) => e.batchId === batchId).flatMap((e) => e.quarantine);
}

describe('runLandingFiles with the Athena backend (ACAD_STORAGE=s3 ACAD_ENGINE=athena ACAD_KMS=aws ACAD_CATALOG=glue)', () => {
  let server: { close(): Promise<void> };
  let endpoint: string;
  let home: { path: string; remove: () => Promise<void> };
  const env = { ...process.env };

  beforeAll(async () => {
    home = await tempDir('acad-athena-');
    const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(home.path, 's3rver') });
    const { port } = await s3rver.run();
    server = s3rver;
    endpoint = `http://127.0.0.1:${port}`;
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' });
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    for (const zone of ['landing', 'raw', 'quarantine', 'trusted', 'curated', 'rejected', 'platform'])
      await s3.send(new CreateBucketCommand({ Bucket: `acad-${zone}` }));
    // Field and tokenization keys are KMS data keys the lake keeps wrapped, made explicitly as `acad keys init` does; no local keyring.
    mockAws();
    const lake = awsLake(home.path, endpoint);
    await initializeKeys(lake.keys, createZoneStores(lake.stores));
  }, 60_000);
  afterAll(async () => {
    process.env = env;
    await server.close();
    await home.remove();
  });

  it('lands on S3, seals raw with KMS, runs every promotion as Athena SQL in the Trino dialect, and syncs Glue', async () => {
    mockAws();
    const catalogStore = await LocalCatalogStore.open(join(home.path, 'catalog-home'));
    const events: OpenLineageRunEvent[] = [];
    const lineage: OpenLineageEmitter = {
      emit: async (event) => void events.push(event),
      emitMany: async (many) => void events.push(...many),
    };

    const lake = awsLake(home.path, endpoint);
    const stores = createZoneStores(lake.stores);
    const ctx = {
      stores,
      protection: await createDataProtection(lake.keys, stores.platform),
      openEngine: pipelineEngineFactory({}),
      logger: silentLogger,
      owner: 'test',
      runId: 'run-1',
      catalog: { store: catalogStore, lineage },
    };
    const file = join(home.path, 'attendance.csv');
    await writeFile(file, CSV);
    const key = await landFile(stores.landing, 'attendance', file);
    const stats: number[] = [];
    const summary = await runOnAthena(lake, ctx, key, { onQueryStatistics: (s) => stats.push(s.dataScannedBytes) });

    // Every key came from KMS: no local keyring was opened or made.
    expect(existsSync(join(home.path, 'keys'))).toBe(false);
    // The summary relays the local parse (read) and Athena's counts; the invariant holds.
    expect(summary).toMatchObject({
      dataset: 'attendance',
      status: 'committed',
      rows: { read: 5, accepted: 3, duplicates: 1, quarantined: 1 },
    });
    // The quality gate: the status rule quarantined a row, and the row-count watch is still learning.
    // Warnings are reported beside the score, never against it.
    expect(summary.quality).toEqual({ passed: 20, warned: 2, failed: 0, score: 1 });
    const b = summary.batchId;

    // Every query: the stack's workgroup, the lake's database, results encrypted with the KMS key.
    const starts = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
    for (const start of starts) {
      expect(start).toMatchObject({
        WorkGroup: 'acad-analytics',
        QueryExecutionContext: { Database: 'acad', Catalog: 'AwsDataCatalog' },
        ResultConfiguration: {
          OutputLocation: 's3://acad-platform/acad-analytics/',
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: 'alias/acad-data' },
        },
      });
    }
    expect(stats).toHaveLength(starts.length);
    const sql = starts.map((s) => s.QueryString as string);
    const ctas = (table: string, location: string) =>
      `CREATE TABLE stg_${b}_${table} WITH (format = 'PARQUET', write_compression = 'ZSTD', external_location = '${location}') AS `;
    expect(sql[0]).toBe(
      `CREATE EXTERNAL TABLE stg_${b}_landed (\`student_id\` string, \`course_code\` string, \`section\` string, \`session_date\` string, \`status\` string, \`minutes_late\` string, \`recorded_at\` string, \`source_system\` string, \`_batch_id\` string, \`_source_file\` string, \`_row_number\` bigint, \`_ingested_at\` timestamp) STORED AS PARQUET LOCATION 's3://acad-raw/_staging/${b}/landed/'`,
    );
    expect(sql[1]).toBe(
      `CREATE EXTERNAL TABLE stg_${b}_map_student_id (\`v\` string, \`p\` string) STORED AS PARQUET LOCATION 's3://acad-raw/_staging/${b}/map_student_id/'`,
    );
    const validation = compileValidationSql(AttendanceContract, {
      source: `stg_${b}_landed`,
      passthrough: ['_batch_id', '_source_file', '_row_number', '_ingested_at'],
      dialect: TRINO_DIALECT,
    });
    expect(sql[2]).toBe(ctas('validated', `s3://acad-raw/_staging/${b}/validated/`) + validation);
    // Athena counts the rows that broke the contract but never writes them: no statement writes to quarantine.
    expect(sql.filter((s) => s.includes('acad-quarantine'))).toEqual([]);
    const merge = sql.find((s) => s.startsWith(ctas('merged', `s3://acad-trusted/_staging/${b}/merged/`)));
    expect(merge).toContain(`LEFT JOIN stg_${b}_map_student_id m0 ON m0.v = CAST(w."student_id" AS VARCHAR)`);
    expect(merge).toContain(`date_format(w."session_date", '%Y-%m')`);
    expect(merge).not.toContain('existing AS'); // nothing trusted yet
    // The gate runs on the batch's merged rows, in Trino SQL, before trusted is written.
    const judged = sql.indexOf(`CREATE OR REPLACE VIEW "stg_${b}_judged" AS SELECT * FROM stg_${b}_merged WHERE _source = 1`);
    const scan = sql.findIndex((s) => s.includes('AS m0_considered'));
    expect(judged).toBeGreaterThan(-1);
    expect(scan).toBeGreaterThan(judged);
    expect(scan).toBeLessThan(
      sql.findIndex((s) => s.startsWith(ctas('part_0', `s3://acad-trusted/attendance/session_month=2025-09/batch=${b}/`))),
    );
    expect(sql[scan]).toContain(`FROM "stg_${b}_judged"`);
    expect(sql[scan]).toContain(`regexp_like("course_code", '^[A-Z]{2,4}[0-9]{3,4}$')`);
    expect(sql[scan]).toContain('GROUP BY "student_id", "course_code", "section", "session_date"');
    for (const duckOnly of ['MATERIALIZED', 'hash(', 'regexp_matches(', 'EXCLUDE']) expect(sql[scan]).not.toContain(duckOnly);
    // A view, not a copy: nothing of the judged rows is written, and the view leaves the catalog.
    expect(sql.filter((s) => s.includes('judged') && s.startsWith('CREATE TABLE'))).toEqual([]);
    expect(sql).toContain(`DROP VIEW IF EXISTS stg_${b}_judged`);
    expect(sql).toContain(
      ctas('part_0', `s3://acad-trusted/attendance/session_month=2025-09/batch=${b}/`) +
        `SELECT "student_id", "course_code", "section", "session_date", "status", "minutes_late", "recorded_at", "source_system" FROM stg_${b}_merged WHERE acad_partition = 'session_month=2025-09'`,
    );
    // Models that read attendance and need nothing else that is missing here.
    const attendanceModels = CURATED_MODELS.filter(
      (m) => m.inputs.includes('trusted.attendance') && m.requiredInputs.every((i) => i === 'trusted.attendance'),
    );
    for (const model of attendanceModels) {
      const built = sql.find((s) => s.startsWith(ctas(`curated_${model.name}`, `s3://acad-curated/${model.name}/batch=${b}/`)));
      expect(built).toContain(
        `FROM (SELECT "student_id", "course_code", "section", "session_date", "status", "minutes_late", "recorded_at", "source_system" FROM stg_${b}_merged)`,
      );
      expect(built).not.toMatch(/GROUP BY ALL|regexp_full_match|::/);
    }
    // Staging tables (landed, the map, validated, merged, the partition, the products) leave the catalog;
    // their files were removed with the staging folders.
    expect(sql.filter((s) => s.startsWith('DROP TABLE IF EXISTS stg_')).length).toBeGreaterThanOrEqual(5 + attendanceModels.length);

    // KMS: raw and quarantine objects are sealed with data keys bound to their identity (no PII).
    const rawContext = sealedObjectContext('attendance', 'raw', b, `attendance/batch=${b}/records.parquet.enc`);
    expect(rawContext).toEqual({ dataset: 'attendance', zone: 'raw', batch: b, object: `attendance/batch=${b}/records.parquet.enc` });
    expect(kms.commandCalls(GenerateDataKeyCommand).map((c) => c.args[0].input)).toContainEqual({
      KeyId: 'alias/acad-data',
      KeySpec: 'AES_256',
      EncryptionContext: rawContext,
    });
    const sealedRaw = await stores.raw.getBytes(`attendance/batch=${b}/records.parquet.enc`);
    expect(sealedRaw.subarray(0, 4).toString()).not.toBe('PAR1');
    const opened: Buffer[] = [];
    for await (const chunk of (await stores.raw.get(`attendance/batch=${b}/records.parquet.enc`)).pipe(
      createDecryptStream(ctx.protection.envelopeKeys, { expectedContext: rawContext }),
    ))
      opened.push(chunk as Buffer);
    expect(Buffer.concat(opened).subarray(0, 4).toString()).toBe('PAR1');
    // The row that broke the contract is sealed by the worker into quarantine, as on the embedded engine.
    const invalidKey = `attendance/batch=${b}/invalid.parquet.enc`;
    const invalidContext = sealedObjectContext('attendance', 'quarantine', b, invalidKey);
    expect(kms.commandCalls(GenerateDataKeyCommand).map((c) => c.args[0].input)).toContainEqual({
      KeyId: 'alias/acad-data',
      KeySpec: 'AES_256',
      EncryptionContext: invalidContext,
    });
    expect(await keysIn(stores.quarantine, `attendance/batch=${b}/`)).toEqual([invalidKey]);
    expect(snapshotQuarantine(await readSnapshot(stores.platform), b)).toEqual([invalidKey]);
    const invalidOpened: Buffer[] = [];
    for await (const chunk of (await stores.quarantine.get(invalidKey)).pipe(
      createDecryptStream(ctx.protection.envelopeKeys, { expectedContext: invalidContext }),
    ))
      invalidOpened.push(chunk as Buffer);
    const invalidRows = join(home.path, 'invalid.parquet');
    await writeFile(invalidRows, Buffer.concat(invalidOpened));
    const local = await DuckDbEngine.open({ mode: 'pipeline' });
    try {
      expect(await local.query(`SELECT _row_number, len(_violations) > 0 AS broke FROM read_parquet('${invalidRows}')`)).toEqual([
        { _row_number: expect.anything(), broke: true },
      ]);
    } finally {
      await local.close();
    }
    // The two sealed objects just read, and the lake's field and tokenization keys unwrapped once when the protection opened.
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(4);

    // S3 for real: landing emptied, staging removed, the commit log names the batch folders.
    expect(await keysIn(stores.landing)).toEqual([]);
    expect(await keysIn(stores.raw, '_staging/')).toEqual([]);
    const snapshot = await readSnapshot(stores.platform);
    expect(snapshot.trusted.get('attendance')).toEqual(
      new Map([['session_month=2025-09', [`attendance/session_month=2025-09/batch=${b}/`]]]),
    );
    expect(snapshot.curated.get('attendance_weekly')).toBe(`attendance_weekly/batch=${b}/`);

    // The one life cycle catalogues the batch and emits its lineage, on Athena as on the embedded engine.
    const [recorded] = await catalogStore.batches('attendance');
    expect(recorded).toMatchObject({ batchId: b, status: 'committed', rows: { read: 5, accepted: 3, duplicates: 1, quarantined: 1 } });
    expect(events.map((e) => [e.eventType, e.job.name])).toEqual([
      ['START', 'acad.promote.attendance'],
      ['COMPLETE', 'acad.promote.attendance'],
    ]);
    expect(events[1].outputs?.map((o) => o.name)).toEqual(
      expect.arrayContaining(['trusted.attendance', ...attendanceModels.map((m) => `curated.${m.name}`)]),
    );

    // Glue: the database, the trusted and curated tables (raw is sealed, Athena cannot read it), and trusted's partition.
    expect(glue.commandCalls(CreateDatabaseCommand)[0].args[0].input.DatabaseInput?.Name).toBe('acad');
    expect(glue.commandCalls(CreateTableCommand).map((c) => c.args[0].input.TableInput?.Name)).toEqual([
      'trusted_attendance',
      ...attendanceModels.map((m) => `curated_${m.name}`),
    ]);
    const trustedTable = glue.commandCalls(CreateTableCommand)[0].args[0].input;
    expect(trustedTable).toMatchObject({
      DatabaseName: 'acad',
      TableInput: {
        StorageDescriptor: { Location: 's3://acad-trusted/attendance/' },
        PartitionKeys: [{ Name: 'session_month', Type: 'string' }],
      },
    });
    expect(glue.commandCalls(BatchCreatePartitionCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({
        DatabaseName: 'acad',
        TableName: 'trusted_attendance',
        PartitionInputList: [expect.objectContaining({ Values: ['2025-09'] })],
      }),
    ]);
  }, 60_000);

  it('fails a batch whose error rule fails on Athena: nothing committed, nothing of it left in the zones, the file kept in landing', async () => {
    mockAws();
    judgedRows = 0;
    try {
      const lake = awsLake(home.path, endpoint);
      const stores = createZoneStores(lake.stores);
      const ctx = {
        stores,
        protection: await createDataProtection(lake.keys, stores.platform),
        openEngine: pipelineEngineFactory({}),
        logger: silentLogger,
        owner: 'test',
        runId: 'run-2',
      };
      const file = join(home.path, 'attendance-later.csv');
      await writeFile(file, `${CSV}\nS7654321,CS101,A,2025-09-08,present,,,lms`);
      const key = await landFile(stores.landing, 'attendance', file);
      const before = await readSnapshot(stores.platform);
      const summary = await runOnAthena(lake, ctx, key);

      expect(summary).toMatchObject({ status: 'failed', quality: { failed: 1 } });
      expect(summary.problem).toBe('attendance-later.csv of attendance: the quality gate failed: attendance.row_count');
      const b = summary.batchId;
      expect((await readSnapshot(stores.platform)).seq).toBe(before.seq);
      expect(await keysIn(stores.landing)).toEqual(['attendance/attendance-later.csv']);
      for (const store of [stores.raw, stores.quarantine]) expect(await keysIn(store, `attendance/batch=${b}/`)).toEqual([]);
      expect(await keysIn(stores.raw, '_staging/')).toEqual([]);
      expect(await keysIn(stores.trusted, '_staging/')).toEqual([]);
      const sql = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.QueryString as string);
      expect(sql.some((s) => s.includes('AS m0_considered'))).toBe(true);
      expect(sql.filter((s) => s.includes(`batch=${b}/`) && /stg_\w+_(part|curated)_/.test(s))).toEqual([]);
    } finally {
      judgedRows = 3;
    }
  }, 60_000);

  it('rejects a file on Athena as the embedded engine does: moved, sealed with KMS, to the rejected bucket, no Athena query sent', async () => {
    mockAws();
    const lake = awsLake(home.path, endpoint);
    const stores = createZoneStores(lake.stores);
    const ctx = {
      stores,
      protection: await createDataProtection(lake.keys, stores.platform),
      openEngine: pipelineEngineFactory({}),
      logger: silentLogger,
      owner: 'test',
      runId: 'run-rejected',
    };
    const file = join(home.path, 'no-date.csv');
    // Mixed line endings too: they stopped the parser on both engines.
    await writeFile(file, 'student_id,course_code,section,status\r\nS1234567,CS101,A,present\n');
    const key = await landFile(stores.landing, 'attendance', file);
    const summary = await runOnAthena(lake, ctx, key);

    expect(summary).toMatchObject({
      status: 'rejected',
      problem: 'no-date.csv was rejected for dataset attendance: missing required column session_date',
    });
    expect(await keysIn(stores.landing)).not.toContain(key);
    const [record] = await listRejectedFiles(stores);
    expect(record).toMatchObject({ id: summary.batchId, landingKey: key, problem: 'missing required column session_date' });
    expect(kms.commandCalls(GenerateDataKeyCommand).map((c) => c.args[0].input.EncryptionContext)).toEqual([
      { dataset: 'attendance', zone: 'rejected', batch: summary.batchId, object: record.key },
    ]);
    expect((await stores.rejected.getBytes(record.key)).toString('latin1')).not.toContain('S1234567');
    expect(athena.commandCalls(StartQueryExecutionCommand)).toEqual([]);
  }, 60_000);

  it('samples the rows a row-level rule failed on Athena, from the judged view, into the quality record', async () => {
    mockAws();
    failingPredicate = `regexp_like("course_code", '^[A-Z]{2,4}[0-9]{3,4}$')`;
    try {
      const lake = awsLake(home.path, endpoint);
      const stores = createZoneStores(lake.stores);
      const qualityHistory = new LocalQualityHistoryStore(home.path);
      const ctx = {
        stores,
        protection: await createDataProtection(lake.keys, stores.platform),
        openEngine: pipelineEngineFactory({}),
        logger: silentLogger,
        owner: 'test',
        runId: 'run-3',
        qualityHistory,
      };
      const file = join(home.path, 'attendance-course.csv');
      await writeFile(file, `${CSV}\nS7654321,CS101,A,2025-09-10,present,,,lms`);
      const summary = await runOnAthena(lake, ctx, await landFile(stores.landing, 'attendance', file));

      expect(summary).toMatchObject({ status: 'failed', quality: { failed: 1 } });
      expect(summary.problem).toBe('attendance-course.csv of attendance: the quality gate failed: attendance.course_code.pattern');
      const b = summary.batchId;
      const sql = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.QueryString as string);
      // One sample query, for the one rule that failed, on the judged view while it still exists.
      const samples = sql.filter((s) => s.startsWith('SELECT * FROM "stg_'));
      expect(samples).toEqual([`SELECT * FROM "stg_${b}_judged" WHERE NOT coalesce(${failingPredicate}, FALSE) LIMIT 5`]);
      expect(sql.indexOf(samples[0])).toBeLessThan(sql.indexOf(`DROP VIEW IF EXISTS stg_${b}_judged`));
      const record = await qualityHistory.latest('attendance');
      expect(record).toMatchObject({ batchId: b, status: 'failed' });
      // The row as trusted holds it: the student is a token, never the identifier.
      expect(record?.failingSamples).toEqual({
        'attendance.course_code.pattern': [
          expect.objectContaining({ student_id: BAD_COURSE_ROW[0], course_code: 'cs-101', section: 'A', status: 'present' }),
        ],
      });
    } finally {
      failingPredicate = undefined;
    }
  }, 60_000);

  describe('datasets with direct identifiers', () => {
    const lake = () => awsLake(home.path, endpoint);

    /** Runs `csv` as a file of `dataset` on Athena, keeping a copy of the protected rows the worker staged for Athena. */
    async function runWithDirectIdentifiers(dataset: string, csv: string, answers: typeof batchAnswers) {
      mockAws();
      batchAnswers = answers;
      judgedRows = answers.valid;
      try {
        const stores = createZoneStores(lake().stores);
        const staged = new Map<string, Buffer>();
        const put = stores.raw.put.bind(stores.raw);
        stores.raw.put = async (key, body, ...rest) => {
          if (!key.endsWith('/rows/rows.parquet')) return put(key, body, ...rest);
          const chunks: Buffer[] = [];
          for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
          staged.set(key, Buffer.concat(chunks));
          return put(key, Readable.from([Buffer.concat(chunks)]), ...rest);
        };
        const ctx = {
          stores,
          protection: await createDataProtection(lake().keys, stores.platform),
          openEngine: pipelineEngineFactory({}),
          logger: silentLogger,
          owner: 'test',
          runId: `run-${dataset}`,
        };
        const file = join(home.path, `${dataset}.csv`);
        await writeFile(file, csv);
        const key = await landFile(stores.landing, dataset, file);
        const [summary] = await runLandingFiles({ ...ctx, backend: athenaBackend(athenaLake(lake().athena)) }, [{ dataset, key }]);
        const sql = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.QueryString as string);
        return { summary, sql, ctx, staged };
      } finally {
        batchAnswers = ATTENDANCE_ANSWERS;
        judgedRows = 3;
      }
    }

    /** The staged protected rows, read back with the embedded engine. */
    async function protectedRows(parquet: Buffer | undefined): Promise<Array<Record<string, unknown>>> {
      expect(parquet).toBeDefined();
      const path = join(home.path, `rows-${randomBytes(4).toString('hex')}.parquet`);
      await writeFile(path, parquet as Buffer);
      const engine = await DuckDbEngine.open({ mode: 'pipeline' });
      try {
        return await engine.query(`SELECT * FROM read_parquet('${path}') ORDER BY _row_number`);
      } finally {
        await engine.close();
      }
    }

    it('admissions: direct identifiers encrypted and fingerprinted in the worker, staged by row; no key or identifier in Athena SQL', async () => {
      const csv = [
        'application_id,first_name,last_name,email,phone,date_of_birth,gender,country,postcode,program_code,intake_term,application_date,prior_gpa,test_score,status,decision_date,scholarship_amount',
        'A00000001,Ada,Lovelace,ada@example.org,,2000-01-01,f,GB,,BSC-CS,2026-FALL,2026-01-10,3.50,1200,submitted,,',
        'A00000002,Alan,Turing,alan@example.org,+44 20 1234 5678,1999-06-23,m,GB,SW1A 1AA,BSC-CS,2026-FALL,2026-01-12,3.90,1400,offered,2026-02-01,500.00',
      ].join('\n');
      const { summary, sql, ctx, staged } = await runWithDirectIdentifiers('admissions', csv, {
        valid: 2,
        invalid: 0,
        byRule: [],
        accepted: 2,
        partition: 'intake_term=2026-FALL',
      });

      expect(summary).toMatchObject({
        dataset: 'admissions',
        status: 'committed',
        rows: { read: 2, accepted: 2, duplicates: 0, quarantined: 0 },
      });
      const b = summary.batchId;
      const ctas = (table: string, location: string) =>
        `CREATE TABLE stg_${b}_${table} WITH (format = 'PARQUET', write_compression = 'ZSTD', external_location = '${location}') AS `;
      const columns = AdmissionsContract.columns.map((c) => `"${c.name}"`).join(', ');
      expect(sql.slice(0, 3)).toEqual([
        `CREATE EXTERNAL TABLE stg_${b}_landed (${AdmissionsContract.columns.map((c) => `\`${c.name}\` string`).join(', ')}, \`_batch_id\` string, \`_source_file\` string, \`_row_number\` bigint, \`_ingested_at\` timestamp) STORED AS PARQUET LOCATION 's3://acad-raw/_staging/${b}/landed/'`,
        `CREATE EXTERNAL TABLE stg_${b}_rows (\`_row_number\` bigint, \`first_name\` string, \`last_name\` string, \`email\` string, \`phone\` string, \`date_of_birth\` string, \`_fingerprint\` string) STORED AS PARQUET LOCATION 's3://acad-raw/_staging/${b}/rows/'`,
        ctas('validated', `s3://acad-raw/_staging/${b}/validated/`) +
          compileValidationSql(AdmissionsContract, {
            source: `stg_${b}_landed`,
            passthrough: ['_batch_id', '_source_file', '_row_number', '_ingested_at'],
            dialect: TRINO_DIALECT,
          }),
      ]);
      const merge = sql.find((s) => s.startsWith(ctas('merged', `s3://acad-trusted/_staging/${b}/merged/`)));
      expect(merge).toContain(`LEFT JOIN stg_${b}_rows r ON r._row_number = w._row_number`);
      expect(merge).toContain('r."first_name", r."last_name", r."email", r."phone", r."date_of_birth"');
      expect(merge).toContain('count_if(_source = 0) OVER (PARTITION BY "application_id", _fingerprint)');
      expect(sql).toContain(
        ctas('part_0', `s3://acad-trusted/admissions/intake_term=2026-FALL/batch=${b}/`) +
          `SELECT ${columns}, _fingerprint FROM stg_${b}_merged WHERE acad_partition = 'intake_term=2026-FALL'`,
      );
      // Neither the fingerprint key nor a direct identifier ever travels in Athena SQL.
      for (const secret of [ctx.protection.fingerprintKeyHex, 'Lovelace', 'ada@example.org', 'Turing', '1999-06-23'])
        for (const statement of sql) expect(statement).not.toContain(secret);

      // What the worker staged: ciphertext bound to each row's key, and the embedded engine's fingerprint.
      const rows = await protectedRows(staged.get(`_staging/${b}/rows/rows.parquet`));
      expect(rows.map((r) => Object.keys(r))).toEqual([
        ['_row_number', 'first_name', 'last_name', 'email', 'phone', 'date_of_birth', '_fingerprint'],
        ['_row_number', 'first_name', 'last_name', 'email', 'phone', 'date_of_birth', '_fingerprint'],
      ]);
      const open = (row: Record<string, unknown>, column: string, rowKey: string) =>
        row[column] === null
          ? null
          : ctx.protection.fieldCipher.decrypt(String(row[column]), { dataset: 'admissions', column, rowKey: [rowKey] });
      expect([rows[0], rows[1]].map((r, i) => open(r, 'last_name', `A0000000${i + 1}`))).toEqual(['Lovelace', 'Turing']);
      expect(open(rows[0], 'phone', 'A00000001')).toBeNull();
      expect(open(rows[1], 'date_of_birth', 'A00000002')).toBe('1999-06-23');
      expect(String(rows[0].last_name)).not.toContain('Lovelace');
      const engine = await DuckDbEngine.open({ mode: 'pipeline' });
      try {
        const [expected] = await engine.query<{ f: string }>(
          `SELECT ${fingerprintExpression(AdmissionsContract, ctx.protection.fingerprintKeyHex)} AS f FROM (
             SELECT 'A00000001' AS application_id, 'Ada' AS first_name, 'Lovelace' AS last_name, 'ada@example.org' AS email, NULL AS phone,
               DATE '2000-01-01' AS date_of_birth, 'f' AS gender, 'GB' AS country, NULL AS postcode, 'BSC-CS' AS program_code, '2026-FALL' AS intake_term,
               DATE '2026-01-10' AS application_date, 3.50::DECIMAL(18, 2) AS prior_gpa, 1200::BIGINT AS test_score, 'submitted' AS status,
               NULL::DATE AS decision_date, NULL::DECIMAL(18, 2) AS scholarship_amount)`,
        );
        expect(rows[0]._fingerprint).toBe(expected.f);
      } finally {
        await engine.close();
      }

      // KMS seals raw; the field and tokenization keys were unwrapped once when the protection opened. Glue's trusted table carries the fingerprint.
      expect(kms.commandCalls(GenerateDataKeyCommand).map((c) => c.args[0].input)).toEqual([
        {
          KeyId: 'alias/acad-data',
          KeySpec: 'AES_256',
          EncryptionContext: sealedObjectContext('admissions', 'raw', b, `admissions/batch=${b}/records.parquet.enc`),
        },
      ]);
      expect(kms.commandCalls(DecryptCommand).map((c) => c.args[0].input.EncryptionContext)).toEqual([
        { purpose: 'acad:field-cipher:v1', version: '1' },
        { purpose: 'acad:tokenization:v1', version: '1' },
      ]);
      const tables = glue.commandCalls(CreateTableCommand).map((c) => c.args[0].input);
      expect(tables.map((t) => t.TableInput?.Name)[0]).toBe('trusted_admissions');
      expect(tables.map((t) => t.TableInput?.Name)).not.toContain('raw_admissions');
      expect(tables[0]).toMatchObject({
        DatabaseName: 'acad',
        TableInput: {
          StorageDescriptor: { Location: 's3://acad-trusted/admissions/' },
          PartitionKeys: [{ Name: 'intake_term', Type: 'string' }],
        },
      });
      expect(tables[0].TableInput?.StorageDescriptor?.Columns?.map((c) => [c.Name, c.Type])).toEqual([
        ...AdmissionsContract.columns.filter((c) => c.name !== 'intake_term').map((c) => [c.name, expect.any(String)]),
        ['_fingerprint', 'string'],
      ]);
      expect(glue.commandCalls(BatchCreatePartitionCommand).map((c) => c.args[0].input)).toEqual([
        expect.objectContaining({
          TableName: 'trusted_admissions',
          PartitionInputList: [expect.objectContaining({ Values: ['2026-FALL'] })],
        }),
      ]);
      expect(await keysIn(ctx.stores.raw, '_staging/')).toEqual([]);

      // A correction of one application: the merge reads trusted's fingerprints back to tell it from the unchanged one.
      const { summary: again, sql: next } = await runWithDirectIdentifiers('admissions', csv.replace('submitted', 'under_review'), {
        valid: 2,
        invalid: 0,
        byRule: [],
        accepted: 1,
        partition: 'intake_term=2026-FALL',
      });
      expect(again).toMatchObject({ status: 'committed', rows: { read: 2, accepted: 1, duplicates: 1, quarantined: 0 } });
      const c = again.batchId;
      const correction = next.find((s) => s.startsWith(`CREATE TABLE stg_${c}_merged `));
      expect(correction).toContain(
        `existing AS (\n  SELECT ${columns}, _fingerprint, 0 AS _source FROM trusted_admissions\n  WHERE "intake_term" IN (SELECT DISTINCT substr(acad_partition, 13) FROM batch)\n)`,
      );
      expect((await readSnapshot(ctx.stores.platform)).trusted.get('admissions')).toEqual(
        new Map([['intake_term=2026-FALL', [`admissions/intake_term=2026-FALL/batch=${c}/`]]]),
      );
    }, 60_000);

    it('students: the student number tokenized through its map, names and e-mail encrypted per row, on Athena', async () => {
      const csv = [
        'student_id,first_name,last_name,email,program_code,cohort_year,status',
        'S1234567,Grace,Hopper,grace@uni.example,BSC-CS,2024,active',
        'S7654321,Edsger,Dijkstra,edsger@uni.example,BSC-MA,2023,leave',
      ].join('\n');
      const { summary, sql, ctx, staged } = await runWithDirectIdentifiers('students', csv, {
        valid: 2,
        invalid: 0,
        byRule: [],
        accepted: 2,
        partition: 'all=all',
      });

      expect(summary).toMatchObject({
        dataset: 'students',
        status: 'committed',
        rows: { read: 2, accepted: 2, duplicates: 0, quarantined: 0 },
      });
      const b = summary.batchId;
      expect(sql.slice(1, 3)).toEqual([
        `CREATE EXTERNAL TABLE stg_${b}_rows (\`_row_number\` bigint, \`first_name\` string, \`last_name\` string, \`email\` string, \`_fingerprint\` string) STORED AS PARQUET LOCATION 's3://acad-raw/_staging/${b}/rows/'`,
        `CREATE EXTERNAL TABLE stg_${b}_map_student_id (\`v\` string, \`p\` string) STORED AS PARQUET LOCATION 's3://acad-raw/_staging/${b}/map_student_id/'`,
      ]);
      const merge = sql.find((s) => s.startsWith(`CREATE TABLE stg_${b}_merged `));
      expect(merge).toContain(`LEFT JOIN stg_${b}_map_student_id m0 ON m0.v = CAST(w."student_id" AS VARCHAR)`);
      expect(merge).toContain(`LEFT JOIN stg_${b}_rows r ON r._row_number = w._row_number`);
      expect(merge).toContain('count_if(_source = 0) OVER (PARTITION BY "student_id", _fingerprint)');
      for (const secret of [ctx.protection.fingerprintKeyHex, 'Hopper', 'grace@uni.example', 'Dijkstra'])
        for (const statement of sql) expect(statement).not.toContain(secret);
      // Bound to the row's key as trusted stores it: the student's token, never the number.
      const rows = await protectedRows(staged.get(`_staging/${b}/rows/rows.parquet`));
      const token = ctx.protection.tokenizer.token('S1234567');
      expect(ctx.protection.fieldCipher.decrypt(String(rows[0].email), { dataset: 'students', column: 'email', rowKey: [token] })).toBe(
        'grace@uni.example',
      );
      expect(kms.commandCalls(GenerateDataKeyCommand).map((c) => c.args[0].input.EncryptionContext)).toEqual([
        sealedObjectContext('students', 'raw', b, `students/batch=${b}/records.parquet.enc`),
      ]);
      const trusted = glue.commandCalls(CreateTableCommand).find((c) => c.args[0].input.TableInput?.Name === 'trusted_students');
      expect(trusted?.args[0].input.TableInput?.StorageDescriptor?.Columns?.at(-1)).toMatchObject({ Name: '_fingerprint', Type: 'string' });
      expect((await readSnapshot(ctx.stores.platform)).trusted.get('students')).toEqual(
        new Map([['all=all', [`students/all=all/batch=${b}/`]]]),
      );
    }, 60_000);
  });
});
