import type { SqlDialect } from '@acad/schemas';

/**
 * A row as returned by the engine: column name → plain JS value. Integers are numbers when they
 * are safe integers, else bigint; DATE is 'YYYY-MM-DD'; timestamps are ISO 8601 strings.
 */
export type Row = Record<string, unknown>;

export type SqlParam = string | number | bigint | boolean | null;

export interface ParquetViewOptions {
  /** Read `key=value` folders as columns. Left out: the engine detects it from the paths. */
  hivePartitioning?: boolean;
}

/**
 * The SQL engine port. Adapters: `DuckDbEngine` (embedded). Bulk work happens here, in SQL;
 * callers orchestrate.
 */
export interface Engine {
  /** The SQL dialect statements for this engine are written in (DuckDB, or Trino on Athena). */
  readonly dialect: SqlDialect;
  /** Runs one or more statements, discarding results. Params bind to the last statement. */
  run(sql: string, params?: SqlParam[]): Promise<void>;
  /** Runs statements and returns the last one's rows (values converted to plain JS). */
  query<T extends Row = Row>(sql: string, params?: SqlParam[]): Promise<T[]>;
  /** Makes `name` (optionally `schema.name`) a view over `selectSql`. */
  registerView(name: string, selectSql: string): Promise<void>;
  /** Makes `name` a view over Parquet files (paths or globs). */
  registerParquetView(name: string, paths: string[], options?: ParquetViewOptions): Promise<void>;
  /** Writes the rows of `selectSql` to a Parquet file (ZSTD). Returns the row count. */
  writeParquet(selectSql: string, path: string, params?: SqlParam[]): Promise<number>;
  /**
   * Another connection to the same database, whose statements may run alongside this one's
   * (where the adapter has such a thing). Its temporary objects are its own; closing it leaves
   * the database open.
   */
  fork?(): Promise<Engine>;
  close(): Promise<void>;
}
