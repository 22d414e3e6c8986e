import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type ColumnInfo,
  type GetQueryResultsCommandOutput,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { TRINO_DIALECT } from '@acad/schemas';
import { AthenaEngine, type AthenaQueryStatistics } from './athena-engine';
import { EngineError } from './engine-error';

const athena = mockClient(AthenaClient);
const CONTEXT = {
  QueryExecutionContext: { Database: 'acad', Catalog: 'AwsDataCatalog' },
  WorkGroup: 'acad-analytics',
  ResultConfiguration: {
    OutputLocation: 's3://acad-platform/acad-analytics/',
    EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: 'alias/acad-data' },
  },
};

function engine(stats: AthenaQueryStatistics[] = [], waits: number[] = []): AthenaEngine {
  return new AthenaEngine({
    client: new AthenaClient({ region: 'eu-west-1' }),
    database: 'acad',
    workGroup: 'acad-analytics',
    outputLocation: 's3://acad-platform/acad-analytics/',
    kmsKey: 'alias/acad-data',
    onQueryStatistics: (s) => stats.push(s),
    initialPollMs: 100,
    maxPollMs: 350,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

const succeeded = (id: string, type = 'DML', scanned = 1234) =>
  ({
    QueryExecution: {
      QueryExecutionId: id,
      StatementType: type,
      Status: { State: 'SUCCEEDED' },
      Statistics: { DataScannedInBytes: scanned, EngineExecutionTimeInMillis: 50 },
    },
  }) as never;
const page = (columns: ColumnInfo[], rows: Array<Array<string | undefined>>, next?: string): GetQueryResultsCommandOutput =>
  ({
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: columns },
      Rows: rows.map((r) => ({ Data: r.map((v) => (v === undefined ? {} : { VarCharValue: v })) })),
    },
    NextToken: next,
    $metadata: {},
  }) as GetQueryResultsCommandOutput;

beforeEach(() => athena.reset());

describe('AthenaEngine', () => {
  it('carries the Trino dialect: what runs on it is written in Trino SQL', () => {
    expect(engine().dialect).toBe(TRINO_DIALECT);
    expect(engine().dialect.name).toBe('trino');
  });

  it('starts a query in the workgroup with encrypted results and parameters, polls with backoff, and reads every page', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { QueryExecutionId: 'q-1', Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { QueryExecutionId: 'q-1', Status: { State: 'RUNNING' } } })
      .resolvesOnce({ QueryExecution: { QueryExecutionId: 'q-1', Status: { State: 'RUNNING' } } })
      .resolvesOnce({ QueryExecution: { QueryExecutionId: 'q-1', Status: { State: 'RUNNING' } } })
      .resolves(succeeded('q-1', 'DML', 987_654));
    const columns: ColumnInfo[] = [
      { Name: 'id', Type: 'bigint' },
      { Name: 'name', Type: 'varchar' },
      { Name: 'd', Type: 'date' },
      { Name: 'ts', Type: 'timestamp' },
      { Name: 'rate', Type: 'double' },
      { Name: 'ok', Type: 'boolean' },
      { Name: 'amount', Type: 'decimal' },
    ];
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: undefined }).resolves(
      page(
        columns,
        [
          ['id', 'name', 'd', 'ts', 'rate', 'ok', 'amount'],
          ['1', 'a', '2025-09-01', '2025-09-02 10:11:12.345', '0.5', 'true', '12.34'],
        ],
        'token-2',
      ),
    );
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: 'token-2' })
      .resolves(page(columns, [['9007199254740993', '', undefined, undefined, undefined, 'false', undefined]]));
    const stats: AthenaQueryStatistics[] = [];
    const waits: number[] = [];
    const rows = await engine(stats, waits).query('SELECT * FROM trusted_attendance WHERE status = ? AND n > ?', ["it's", 3]);

    expect(athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input)).toEqual([
      { QueryString: 'SELECT * FROM trusted_attendance WHERE status = ? AND n > ?', ExecutionParameters: ["'it''s'", '3'], ...CONTEXT },
    ]);
    expect(waits).toEqual([100, 200, 350, 350]);
    expect(athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input)).toEqual([
      { QueryExecutionId: 'q-1', NextToken: undefined },
      { QueryExecutionId: 'q-1', NextToken: 'token-2' },
    ]);
    expect(rows).toEqual([
      { id: 1, name: 'a', d: '2025-09-01', ts: '2025-09-02T10:11:12.345Z', rate: 0.5, ok: true, amount: 12.34 },
      { id: 9007199254740993n, name: '', d: null, ts: null, rate: null, ok: false, amount: null },
    ]);
    expect(stats).toEqual([{ queryExecutionId: 'q-1', state: 'SUCCEEDED', dataScannedBytes: 987_654, engineExecutionTimeMs: 50 }]);
  });

  it('reports a failed query as EngineError with Athena’s reason, and still reports its statistics', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-bad' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        QueryExecutionId: 'q-bad',
        Status: { State: 'FAILED', StateChangeReason: "SYNTAX_ERROR: line 1:8: Column 'nope' cannot be resolved" },
        Statistics: { DataScannedInBytes: 0 },
      },
    });
    const stats: AthenaQueryStatistics[] = [];
    const failure = engine(stats).query('SELECT nope');
    await expect(failure).rejects.toBeInstanceOf(EngineError);
    await expect(failure).rejects.toThrow("Athena query q-bad failed: SYNTAX_ERROR: line 1:8: Column 'nope' cannot be resolved");
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
    expect(stats).toEqual([{ queryExecutionId: 'q-bad', state: 'FAILED', dataScannedBytes: 0, engineExecutionTimeMs: 0 }]);
  });

  it('reports a cancelled query', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-c' });
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { QueryExecutionId: 'q-c', Status: { State: 'CANCELLED', StateChangeReason: 'by user' } } });
    await expect(engine().run('SELECT 1')).rejects.toThrow('Athena query q-c was cancelled: by user');
  });

  it('writes partitioned Parquet with CTAS, counts the rows, and drops only the catalog table', async () => {
    let n = 0;
    athena.on(StartQueryExecutionCommand).callsFake(() => ({ QueryExecutionId: `q-${++n}` }));
    athena
      .on(GetQueryExecutionCommand)
      .callsFake((input: { QueryExecutionId: string }) =>
        succeeded(input.QueryExecutionId, input.QueryExecutionId === 'q-2' ? 'DML' : 'DDL'),
      );
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q-2' }).resolves(page([{ Name: 'n', Type: 'bigint' }], [['n'], ['42']]));
    const written = await engine().createTableAs({
      table: 'attendance_batch_1',
      selectSql: 'SELECT * FROM merged',
      location: 's3://acad-trusted/attendance/batch=1/',
      partitionedBy: ['session_month'],
    });
    expect(written).toBe(42);
    expect(athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.QueryString)).toEqual([
      "CREATE TABLE attendance_batch_1 WITH (format = 'PARQUET', write_compression = 'ZSTD', external_location = 's3://acad-trusted/attendance/batch=1/', partitioned_by = ARRAY['session_month']) AS SELECT * FROM merged",
      'SELECT count(*) AS n FROM attendance_batch_1',
    ]);
    await engine().dropTable('attendance_batch_1');
    await engine().dropView('judged_batch_1');
    await engine().insertInto('acad.trusted_attendance', 'SELECT * FROM x');
    expect(
      athena
        .commandCalls(StartQueryExecutionCommand)
        .slice(2)
        .map((c) => c.args[0].input.QueryString),
    ).toEqual([
      'DROP TABLE IF EXISTS attendance_batch_1',
      'DROP VIEW IF EXISTS judged_batch_1',
      'INSERT INTO "acad"."trusted_attendance" SELECT * FROM x',
    ]);
  });

  it('writeParquet (port) writes through a scratch CTAS table and drops it', async () => {
    let n = 0;
    athena.on(StartQueryExecutionCommand).callsFake(() => ({ QueryExecutionId: `w-${++n}` }));
    athena.on(GetQueryExecutionCommand).callsFake((input: { QueryExecutionId: string }) => succeeded(input.QueryExecutionId));
    athena.on(GetQueryResultsCommand).resolves(page([{ Name: 'n', Type: 'bigint' }], [['n'], ['3']]));
    expect(await engine().writeParquet('SELECT 1 AS id', 's3://acad-curated/x')).toBe(3);
    const sql = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.QueryString ?? '');
    expect(sql[0]).toMatch(
      /^CREATE TABLE acad_write_[a-z0-9]+_1 WITH \(format = 'PARQUET', write_compression = 'ZSTD', external_location = 's3:\/\/acad-curated\/x\/'\) AS SELECT 1 AS id$/,
    );
    expect(sql[2]).toBe(`DROP TABLE IF EXISTS ${/CREATE TABLE (\S+)/.exec(sql[0])?.[1]}`);
  });

  it('refuses views over files, unsafe table names, local paths and work after close', async () => {
    const e = engine();
    await expect(e.registerParquetView('raw.x')).rejects.toThrow(/Glue catalog/);
    await expect(e.createTableAs({ table: 'x; DROP', selectSql: 'SELECT 1', location: 's3://b/p/' })).rejects.toThrow(
      /plain Athena table name/,
    );
    await expect(e.createTableAs({ table: 'x', selectSql: 'SELECT 1', location: '/tmp/x' })).rejects.toThrow(/only to S3/);
    await e.close();
    await expect(e.query('SELECT 1')).rejects.toThrow(/closed/);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });
});
