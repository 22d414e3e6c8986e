/** A row as returned by the engine: column name → JS value (bigint for BIGINT, string for dates). */
export type Row = Record<string, unknown>;

export type SqlParam = string | number | bigint | boolean | null;

/**
 * The SQL engine port. Adapters: `DuckDbEngine` (embedded). Bulk work happens here, in SQL;
 * callers orchestrate.
 */
export interface Engine {
  /** Runs one or more statements, discarding results. */
  run(sql: string, params?: SqlParam[]): Promise<void>;
  /** Runs one statement and returns its rows (values converted to plain JS). */
  query<T extends Row = Row>(sql: string, params?: SqlParam[]): Promise<T[]>;
  /** Makes `name` (optionally `schema.name`) a view over `selectSql`. */
  registerView(name: string, selectSql: string): Promise<void>;
  /** Makes `name` a view over Parquet files (paths or globs). */
  registerParquetView(name: string, paths: string[]): Promise<void>;
  /** Writes the rows of `selectSql` to a Parquet file (ZSTD). Returns the row count. */
  writeParquet(selectSql: string, path: string, params?: SqlParam[]): Promise<number>;
  close(): Promise<void>;
}
