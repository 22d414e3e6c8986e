import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DuckDBInstance, StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { engineErrorFrom } from './duck-db-errors';
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
 * `lockDown()`, and sandboxed SQL never touches a file. The cost is memory, which `memoryLimit` bounds.
 */
export class DuckDbEngine implements Engine {
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
   * Throws SandboxViolation unless `sql` is one reading statement, as DuckDB's parser sees it: a
   * query in any of its forms (SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, PIVOT
   * with an IN list) or EXPLAIN of one. A sandbox's tables are copies, so a write would never
   * reach the lake; this says so, instead of answering an INSERT with a row count. SQL that does
   * not parse or bind is left for the query to report.
   */
  async assertReadStatement(sql: string): Promise<void> {
    this.assertMayRunSql();
    const statements = await this.guarded(() => this.connection.extractStatements(sql));
    if (statements.count > 1) {
      // DuckDB runs a PIVOT without an IN list as two statements: CREATE TYPE, then the query.
      const pivot = /\bpivot\b/i.test(sql)
        ? " (a PIVOT without an IN list creates a type first: name its columns, as in PIVOT … ON status IN ('present', 'absent'))"
        : '';
      throw new SandboxViolation(`one statement at a time, and ${statements.count} were given${pivot}`);
    }
    if (statements.count === 0) return;
    let type: StatementType;
    try {
      type = (await statements.prepare(0)).statementType;
    } catch {
      return;
    }
    if (type !== StatementType.SELECT && type !== StatementType.EXPLAIN) {
      throw new SandboxViolation(
        `only reading statements run here, and this is ${StatementType[type]}: the lake changes only through ingestion`,
      );
    }
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
    const source = `read_parquet([${paths.map(sqlString).join(', ')}], ${settings.join(', ')})`;
    const kind = this.mode === 'sandbox' ? 'TABLE' : 'VIEW';
    await this.ensureSchema(name);
    await this.runStatement(`CREATE OR REPLACE ${kind} ${sqlQualifiedName(name)} AS SELECT * FROM ${source}`);
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
