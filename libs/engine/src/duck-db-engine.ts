import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DUCKDB_DIALECT } from '@acad/schemas';
import { engineErrorFrom } from './duck-db-errors';
import { prepareReadStatement, readRows, type ReadStatementResult } from './duck-db-read-statement';
import type { Engine, ParquetViewOptions, Row, SqlParam } from './engine';
import { EngineError, SandboxViolation } from './engine-error';
import { plainJsConverter, rowObject, type PlainJs } from './plain-js-values';
import { parseQualifiedName, sqlIdentifier, sqlQualifiedName, sqlString } from './sql-literal';

// s3://bucket/key and the like: DuckDB writes those through an extension, there is no folder to make.
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

export type DuckDbEngineMode = 'pipeline' | 'sandbox';

export interface DuckDbEngineOptions {
  /** `pipeline`: the platform's own SQL, full file access. `sandbox`: SQL a person wrote; see `lockDown`. */
  mode: DuckDbEngineMode;
  threads?: number;
  /** DuckDB size text, e.g. '2GB'. */
  memoryLimit?: string;
  /**
   * Where DuckDB spills when memory runs short. A sandbox spills only when this is given, and then
   * into a private folder inside it, removed on close.
   */
  tempDirectory?: string;
}

// Locking down adds the temp directory to allowed_directories, so sandboxed SQL may read and write
// every file there: a sandbox gets no spill folder, or a fresh one of its own.
async function spillDirectory(options: DuckDbEngineOptions): Promise<string | undefined> {
  if (options.mode === 'pipeline' || options.tempDirectory === undefined) {
    return options.tempDirectory;
  }
  await mkdir(options.tempDirectory, { recursive: true });
  return mkdtemp(join(options.tempDirectory, 'acad-sandbox-'));
}

function instanceOptions(options: DuckDbEngineOptions, spill: string | undefined): Record<string, string> {
  const settings: Record<string, string> = {};
  if (options.threads !== undefined) settings['threads'] = String(options.threads);
  if (options.memoryLimit !== undefined) settings['memory_limit'] = options.memoryLimit;
  // An empty temp_directory turns spilling off.
  if (spill !== undefined || options.mode === 'sandbox') settings['temp_directory'] = spill ?? '';
  if (options.mode === 'sandbox') {
    settings['autoinstall_known_extensions'] = 'false';
    settings['autoload_known_extensions'] = 'false';
    settings['allow_community_extensions'] = 'false';
  }
  return settings;
}

/**
 * The embedded adapter of the `Engine` port: one in-memory DuckDB database and one connection.
 *
 * Sandbox mode. DuckDB 1.5.6, verified in duck-db-sandbox.spec.ts:
 * - a view over Parquet files made before `enable_external_access = false` fails afterwards
 *   ("file system operations are disabled by configuration");
 * - `allowed_directories` lets sandboxed SQL read every file in the folder and COPY over them;
 * - `allowed_paths` lets it overwrite the allowed file (`COPY ... (USE_TMP_FILE false)`) and ATTACH it;
 * - locking down adds `temp_directory` to `allowed_directories` (see `spillDirectory`).
 * So in sandbox mode `registerParquetView` copies the files into an in-memory table before
 * `lockDown()`, and sandboxed SQL never touches a file; the cost is memory, which `memoryLimit`
 * bounds. The way to serve a big lake is `attachReadOnly`: a DuckDB database file attached
 * READ_ONLY before `lockDown()` stays readable (paged by the buffer manager, not copied), and
 * DuckDB refuses every write to it.
 */
export class DuckDbEngine implements Engine {
  readonly dialect = DUCKDB_DIALECT;
  private lockedDown = false;
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly mode: DuckDbEngineMode,
    private readonly privateSpill: string | undefined,
    /** False for a fork: closing it closes its connection only. */
    private readonly ownsInstance = true,
  ) {}

  static async open(options: DuckDbEngineOptions): Promise<DuckDbEngine> {
    const spill = await spillDirectory(options);
    const privateSpill = options.mode === 'sandbox' ? spill : undefined;
    try {
      const instance = await DuckDBInstance.create(':memory:', instanceOptions(options, spill));
      const connection = await instance.connect();
      return new DuckDbEngine(instance, connection, options.mode, privateSpill);
    } catch (error) {
      if (privateSpill !== undefined) await rm(privateSpill, { recursive: true, force: true });
      throw engineErrorFrom(error, false);
    }
  }

  /**
   * A locked-down sandbox over DuckDB database files attached READ_ONLY under their aliases, the
   * last one the default database: nothing is copied into memory (DuckDB pages the files), and no
   * statement can write to them or reach any other file.
   */
  static async openReadOnly(
    databases: ReadonlyArray<{ alias: string; path: string }>,
    options: Omit<DuckDbEngineOptions, 'mode'> = {},
  ): Promise<DuckDbEngine> {
    const engine = await DuckDbEngine.open({ ...options, mode: 'sandbox' });
    try {
      for (const [i, { alias, path }] of databases.entries())
        await engine.attachReadOnly(path, alias, { asDefault: i === databases.length - 1 });
      await engine.lockDown();
      return engine;
    } catch (error) {
      await engine.close();
      throw error;
    }
  }

  /** A second connection to this pipeline engine's database (a sandbox has none: it is one person's session). */
  async fork(): Promise<DuckDbEngine> {
    this.assertOpen();
    if (this.mode === 'sandbox') throw new SandboxViolation('A sandboxed engine cannot be forked');
    try {
      return new DuckDbEngine(this.instance, await this.instance.connect(), this.mode, undefined, false);
    } catch (error) {
      throw engineErrorFrom(error, false);
    }
  }

  /** True once `lockDown()` has run: no file access, no extensions, no setting changes. */
  get isLockedDown(): boolean {
    return this.lockedDown;
  }

  async run(sql: string, params: SqlParam[] = []): Promise<void> {
    this.assertMayRunSql();
    await this.runStatement(sql, params);
  }

  async query<T extends Row = Row>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    this.assertMayRunSql();
    return this.guarded(async () => {
      // An array (even empty) takes the prepared path, which returns the LAST statement's rows.
      const reader = await this.connection.runAndReadAll(sql, params);
      const names = reader.columnNames();
      return reader.convertRows<PlainJs>(plainJsConverter).map((values) => rowObject(names, values) as T);
    });
  }

  /**
   * Throws SandboxViolation unless `sql` is one reading statement, as DuckDB's parser sees it (see
   * `prepareReadStatement`). SQL that parses but does not bind is left for the query to report.
   */
  async assertReadStatement(sql: string): Promise<void> {
    this.assertMayRunSql();
    await this.guarded(async () => {
      try {
        await prepareReadStatement(this.connection, sql);
      } catch (error) {
        // A statement that parsed but does not bind (an unknown table or column) does not run either.
        if (error instanceof SandboxViolation || !/\b(Binder|Catalog) Error:/.test(String((error as Error).message))) throw error;
      }
    });
  }

  /**
   * Runs person-written SQL: DuckDB's parser judges the text (one reading statement, see
   * `prepareReadStatement`) and the very statement it judged runs, read only as far as `maxRows`.
   * The relations it names come from DuckDB's syntax tree, for the audit log.
   */
  async runReadStatement(sql: string, options: { maxRows: number }): Promise<ReadStatementResult> {
    this.assertMayRunSql();
    return this.guarded(async () => {
      const { prepared, relations } = await prepareReadStatement(this.connection, sql);
      return { ...(await readRows(prepared, options.maxRows)), relations };
    });
  }

  /**
   * Attaches a DuckDB database file read-only as `alias`; with `asDefault`, `schema.table` names
   * then resolve in it. In sandbox mode, before `lockDown()`: the file stays readable afterwards
   * while every other file is out of reach, and DuckDB refuses any write to it.
   */
  async attachReadOnly(path: string, alias: string, options: { asDefault?: boolean } = {}): Promise<void> {
    this.assertOpen();
    if (this.lockedDown) throw new SandboxViolation(`Database files must be attached before lockDown() (${alias})`);
    await this.runStatement(`ATTACH ${sqlString(path)} AS ${sqlIdentifier(alias)} (READ_ONLY)`);
    if (options.asDefault) await this.runStatement(`USE ${sqlIdentifier(alias)}`);
  }

  async registerView(name: string, selectSql: string): Promise<void> {
    this.assertOpen();
    await this.ensureSchema(name);
    await this.runStatement(`CREATE OR REPLACE VIEW ${sqlQualifiedName(name)} AS ${selectSql}`);
  }

  /** In sandbox mode `name` is an in-memory table holding the files' rows as they are now. */
  async registerParquetView(name: string, paths: string[], options: ParquetViewOptions = {}): Promise<void> {
    this.assertOpen();
    if (paths.length === 0) {
      throw new EngineError(`No Parquet files given for ${name}`);
    }
    if (this.lockedDown) {
      throw new SandboxViolation(`Parquet files must be registered before lockDown() (${name})`);
    }
    const settings = ['union_by_name = true'];
    if (options.hivePartitioning !== undefined) {
      settings.push(`hive_partitioning = ${options.hivePartitioning}`);
    }
    await this.registerSelect(name, `SELECT * FROM read_parquet([${paths.map(sqlString).join(', ')}], ${settings.join(', ')})`);
  }

  /**
   * Registers the rows of `selectSql` (over local files) under `name`: a view, or in the sandbox a
   * table loaded now, before `lockDown()` closes file access.
   */
  async registerSelect(name: string, selectSql: string): Promise<void> {
    this.assertOpen();
    if (this.lockedDown) {
      throw new SandboxViolation(`Relations must be registered before lockDown() (${name})`);
    }
    const kind = this.mode === 'sandbox' ? 'TABLE' : 'VIEW';
    await this.ensureSchema(name);
    await this.runStatement(`CREATE OR REPLACE ${kind} ${sqlQualifiedName(name)} AS ${selectSql}`);
  }

  async writeParquet(selectSql: string, path: string, params: SqlParam[] = []): Promise<number> {
    this.assertOpen();
    if (this.mode === 'sandbox') {
      throw new SandboxViolation('Writing files is not available to sandboxed SQL');
    }
    if (!URL_LIKE.test(path)) {
      await mkdir(dirname(path), { recursive: true });
    }
    const copy = `COPY (${selectSql}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`;
    // COPY reports the rows it wrote as the rows changed.
    return this.guarded(async () => (await this.connection.run(copy, params)).rowsChanged);
  }

  /**
   * Closes the sandbox: no file access, extensions or setting changes from here on, for good.
   * Register every Parquet view first.
   */
  async lockDown(): Promise<void> {
    this.assertOpen();
    if (this.mode !== 'sandbox') {
      throw new EngineError('lockDown() is for engines opened in sandbox mode');
    }
    if (this.lockedDown) return;
    // Order matters: once the configuration is locked, nothing else can be set.
    await this.runStatement('SET enable_external_access = false');
    await this.runStatement('SET lock_configuration = true');
    this.lockedDown = true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    if (!this.ownsInstance) return;
    this.instance.closeSync();
    if (this.privateSpill !== undefined) {
      await rm(this.privateSpill, { recursive: true, force: true });
    }
  }

  private async ensureSchema(qualified: string): Promise<void> {
    const { schema } = parseQualifiedName(qualified);
    if (schema !== undefined) {
      await this.runStatement(`CREATE SCHEMA IF NOT EXISTS ${sqlIdentifier(schema)}`);
    }
  }

  private async runStatement(sql: string, params: SqlParam[] = []): Promise<void> {
    await this.guarded(() => this.connection.run(sql, params));
  }

  private async guarded<R>(work: () => Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (error) {
      throw engineErrorFrom(error, this.lockedDown);
    }
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new EngineError('The engine is closed');
    }
  }

  // A sandbox that was never locked would run a person's SQL with full file access.
  private assertMayRunSql(): void {
    this.assertOpen();
    if (this.mode === 'sandbox' && !this.lockedDown) {
      throw new SandboxViolation('The sandbox engine runs SQL only after lockDown()');
    }
  }
}
