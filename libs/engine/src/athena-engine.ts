import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { setTimeout as delay } from 'node:timers/promises';
import { TRINO_DIALECT } from '@acad/schemas';
import { athenaParameter, athenaValue } from './athena-values';
import type { Engine, Row, SqlParam } from './engine';
import { EngineError } from './engine-error';
import { sqlQualifiedName, sqlString } from './sql-literal';

/** What one finished query cost, for the monitoring cost model (Athena bills bytes scanned). */
export interface AthenaQueryStatistics {
  queryExecutionId: string;
  state: string;
  dataScannedBytes: number;
  engineExecutionTimeMs: number;
}

export interface AthenaEngineOptions {
  client: AthenaClient;
  /** The Glue database unqualified names resolve in. */
  database: string;
  /** Data catalog; `AwsDataCatalog` is Glue's. */
  catalog?: string;
  workGroup: string;
  /** Where Athena writes result files, e.g. `s3://acad-platform/acad-analytics/`. */
  outputLocation: string;
  /** KMS key (id or ARN) results are encrypted with (SSE_KMS). */
  kmsKey: string;
  onQueryStatistics?: (statistics: AthenaQueryStatistics) => void;
  /** First wait between GetQueryExecution polls; doubles up to `maxPollMs`. */
  initialPollMs?: number;
  maxPollMs?: number;
  /** Gives up polling after this long (the query keeps running in Athena). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface CreateTableAsOptions {
  /** Table created in the engine's database (a plain lower-case name). */
  table: string;
  selectSql: string;
  /** `s3://bucket/prefix/`: must be empty; Athena writes the Parquet files here. */
  location: string;
  partitionedBy?: readonly string[];
  params?: SqlParam[];
}

const PLAIN_NAME = /^[a-z_][a-z0-9_]*$/;

function plainName(name: string): string {
  if (!PLAIN_NAME.test(name)) throw new EngineError(`"${name}" is not a plain Athena table name (lower-case letters, digits, underscores)`);
  return name;
}

/**
 * The distributed adapter of the `Engine` port: every statement is one Athena query in a
 * workgroup, results encrypted with KMS. Athena runs one statement per query; files are
 * written by CTAS (`createTableAs`, `writeParquet`) or `INSERT INTO` (`insertInto`).
 */
export class AthenaEngine implements Engine {
  readonly dialect = TRINO_DIALECT;
  private closed = false;
  private tableCounter = 0;

  constructor(private readonly options: AthenaEngineOptions) {}

  async run(sql: string, params: SqlParam[] = []): Promise<void> {
    await this.execute(sql, params);
  }

  async query<T extends Row = Row>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    const execution = await this.execute(sql, params);
    return (await this.results(execution)) as T[];
  }

  /** Athena views live in the Glue catalog; the name is `database.view` or a view of the engine's database. */
  async registerView(name: string, selectSql: string): Promise<void> {
    await this.execute(`CREATE OR REPLACE VIEW ${sqlQualifiedName(name)} AS ${selectSql}`, []);
  }

  async registerParquetView(name: string): Promise<void> {
    throw new EngineError(`Athena reads only tables in the Glue catalog: register ${name} there (syncToGlue) instead of a view over files`);
  }

  /** CTAS into `location`; returns the number of rows written. */
  async createTableAs(options: CreateTableAsOptions): Promise<number> {
    const table = plainName(options.table);
    if (!options.location.startsWith('s3://')) throw new EngineError(`Athena writes only to S3 locations, not ${options.location}`);
    const properties = [`format = 'PARQUET'`, `write_compression = 'ZSTD'`, `external_location = ${sqlString(options.location)}`];
    if (options.partitionedBy?.length) properties.push(`partitioned_by = ARRAY[${options.partitionedBy.map(sqlString).join(', ')}]`);
    await this.execute(`CREATE TABLE ${table} WITH (${properties.join(', ')}) AS ${options.selectSql}`, options.params ?? []);
    // Counting a Parquet table reads file footers only.
    const [{ n }] = await this.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
    return Number(n);
  }

  /** Appends the rows of `selectSql` to an existing (Glue) table; Athena adds new partitions itself. */
  async insertInto(table: string, selectSql: string, params: SqlParam[] = []): Promise<void> {
    await this.execute(`INSERT INTO ${sqlQualifiedName(table)} ${selectSql}`, params);
  }

  /** Drops the catalog table only: an external table's files stay where CTAS wrote them. */
  async dropTable(table: string): Promise<void> {
    await this.execute(`DROP TABLE IF EXISTS ${plainName(table)}`, []);
  }

  async dropView(view: string): Promise<void> {
    await this.execute(`DROP VIEW IF EXISTS ${plainName(view)}`, []);
  }

  /** Port method: CTAS to `path` through a scratch table, dropped afterwards (the files remain). */
  async writeParquet(selectSql: string, path: string, params: SqlParam[] = []): Promise<number> {
    const table = `acad_write_${Date.now().toString(36)}_${++this.tableCounter}`;
    try {
      return await this.createTableAs({ table, selectSql, location: path.endsWith('/') ? path : `${path}/`, params });
    } finally {
      await this.dropTable(table);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async execute(sql: string, params: SqlParam[]): Promise<QueryExecution> {
    if (this.closed) throw new EngineError('The Athena engine is closed');
    const o = this.options;
    const started = await o.client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        QueryExecutionContext: { Database: o.database, Catalog: o.catalog ?? 'AwsDataCatalog' },
        WorkGroup: o.workGroup,
        ResultConfiguration: {
          OutputLocation: o.outputLocation,
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: o.kmsKey },
        },
        ...(params.length > 0 ? { ExecutionParameters: params.map(athenaParameter) } : {}),
      }),
    );
    const id = started.QueryExecutionId;
    if (!id) throw new EngineError('Athena started no query (no QueryExecutionId)');
    const execution = await this.waitFor(id);
    const state = execution.Status?.State ?? 'UNKNOWN';
    o.onQueryStatistics?.({
      queryExecutionId: id,
      state,
      dataScannedBytes: execution.Statistics?.DataScannedInBytes ?? 0,
      engineExecutionTimeMs: execution.Statistics?.EngineExecutionTimeInMillis ?? 0,
    });
    if (state !== 'SUCCEEDED') {
      throw new EngineError(
        `Athena query ${id} ${state === 'CANCELLED' ? 'was cancelled' : 'failed'}: ${execution.Status?.StateChangeReason ?? 'no reason given'}`,
      );
    }
    return execution;
  }

  private async waitFor(id: string): Promise<QueryExecution> {
    const sleep = this.options.sleep ?? ((ms: number) => delay(ms));
    const deadline = Date.now() + (this.options.timeoutMs ?? 30 * 60_000);
    let wait = this.options.initialPollMs ?? 200;
    for (;;) {
      const { QueryExecution: execution } = await this.options.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const state = execution?.Status?.State;
      if (execution && (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED')) return execution;
      if (Date.now() > deadline) throw new EngineError(`Athena query ${id} did not finish in time (last state ${state ?? 'unknown'})`);
      await sleep(wait);
      wait = Math.min(wait * 2, this.options.maxPollMs ?? 5_000);
    }
  }

  private async results(execution: QueryExecution): Promise<Row[]> {
    const id = execution.QueryExecutionId as string;
    const rows: Row[] = [];
    let nextToken: string | undefined;
    let first = true;
    do {
      const page = await this.options.client.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: nextToken }));
      const columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      let data = page.ResultSet?.Rows ?? [];
      // A SELECT's first row on the first page repeats the column names.
      if (
        first &&
        execution.StatementType === 'DML' &&
        data.length > 0 &&
        columns.every((c, i) => data[0].Data?.[i]?.VarCharValue === c.Name)
      ) {
        data = data.slice(1);
      }
      for (const row of data) {
        const record: Row = {};
        columns.forEach((c, i) => {
          Object.defineProperty(record, c.Name ?? `_${i}`, {
            value: athenaValue(row.Data?.[i], c.Type ?? 'varchar'),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        });
        rows.push(record);
      }
      nextToken = page.NextToken;
      first = false;
    } while (nextToken);
    return rows;
  }
}
