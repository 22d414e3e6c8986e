import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbEngine } from './duck-db-engine';
import { EngineError, SandboxViolation } from './engine-error';
import { sqlString } from './sql-literal';

describe('DuckDbEngine (sandbox mode)', () => {
  let dir: string;
  let attendanceFile: string;
  let sandbox: DuckDbEngine;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'acad-sandbox-'));
    attendanceFile = join(dir, 'trusted/attendance/part-0.parquet');
    const pipeline = await DuckDbEngine.open({ mode: 'pipeline' });
    await pipeline.writeParquet(
      "SELECT range AS student, DATE '2024-09-01' + range::INTEGER AS day, range % 2 = 0 AS present FROM range(6)",
      attendanceFile,
    );
    await pipeline.close();

    sandbox = await DuckDbEngine.open({ mode: 'sandbox', threads: 1, memoryLimit: '256MB' });
    await sandbox.registerParquetView('trusted.attendance', [join(dir, 'trusted/attendance/*.parquet')]);
    await sandbox.registerView('curated.present', 'SELECT student, day FROM trusted.attendance WHERE present');
    await expect(sandbox.query('SELECT 1')).rejects.toBeInstanceOf(SandboxViolation);
    await sandbox.lockDown();
  });

  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers queries over the registered views', async () => {
    expect(sandbox.isLockedDown).toBe(true);
    expect(await sandbox.query('SELECT count(*) AS n, sum(student) AS total FROM trusted.attendance')).toEqual([{ n: 6, total: 15 }]);
    expect(await sandbox.query('SELECT student, day FROM curated.present WHERE student > ? ORDER BY student', [0])).toEqual([
      { student: 2, day: '2024-09-03' },
      { student: 4, day: '2024-09-05' },
    ]);
  });

  it('cannot be forked: a second connection would not be locked down', async () => {
    await expect(sandbox.fork()).rejects.toBeInstanceOf(SandboxViolation);
  });

  it('still registers plain views after lockDown', async () => {
    await sandbox.registerView('curated.absent', 'SELECT student FROM trusted.attendance WHERE NOT present');
    expect(await sandbox.query('SELECT count(*) AS n FROM curated.absent')).toEqual([{ n: 3 }]);
  });

  it('keeps working when the Parquet files are gone: it never reads files after lockDown', async () => {
    const other = await DuckDbEngine.open({ mode: 'sandbox' });
    const copyDir = join(dir, 'copy');
    const pipeline = await DuckDbEngine.open({ mode: 'pipeline' });
    await pipeline.writeParquet('SELECT 7 AS id', join(copyDir, 'x.parquet'));
    await pipeline.close();
    await other.registerParquetView('trusted.x', [join(copyDir, 'x.parquet')]);
    await other.lockDown();
    rmSync(copyDir, { recursive: true });
    expect(await other.query('SELECT id FROM trusted.x')).toEqual([{ id: 7 }]);
    await other.close();
  });

  const outside = () => join(dir, 'escape');
  const refused: Array<[string, () => string]> = [
    ['read_csv of a system file', () => "SELECT * FROM read_csv('/etc/passwd')"],
    ['read_text of a system file', () => "SELECT * FROM read_text('/etc/passwd')"],
    ['read_blob of a system file', () => "SELECT * FROM read_blob('/etc/passwd')"],
    ['glob over the file system', () => "SELECT * FROM glob('/etc/*')"],
    ['read_parquet of the registered file itself', () => `SELECT * FROM read_parquet(${sqlString(attendanceFile)})`],
    ['COPY TO a file', () => `COPY (SELECT 1 AS x) TO ${sqlString(join(outside(), 'copy.parquet'))} (FORMAT parquet)`],
    ['COPY over the registered file', () => `COPY (SELECT 1 AS x) TO ${sqlString(attendanceFile)} (FORMAT parquet, USE_TMP_FILE false)`],
    ['COPY FROM a file', () => "CREATE TABLE pw (line VARCHAR); COPY pw FROM '/etc/passwd'"],
    ['ATTACH a database file', () => `ATTACH ${sqlString(join(outside(), 'x.duckdb'))} AS x`],
    ['EXPORT DATABASE', () => `EXPORT DATABASE ${sqlString(join(outside(), 'export'))}`],
    ['INSTALL an extension', () => 'INSTALL httpfs'],
    ['LOAD an extension', () => 'LOAD httpfs'],
    ['SET enable_external_access back on', () => 'SET enable_external_access = true'],
    ['unlock the configuration', () => 'SET lock_configuration = false'],
    ['RESET lock_configuration', () => 'RESET lock_configuration'],
    ['widen allowed_paths', () => "SET allowed_paths = ['/etc/passwd']"],
    ['widen allowed_directories', () => "SET allowed_directories = ['/']"],
    ['PRAGMA threads', () => 'PRAGMA threads = 8'],
    ['PRAGMA memory_limit', () => "PRAGMA memory_limit = '64GB'"],
    ['SET memory_limit', () => "SET memory_limit = '64GB'"],
    ['SET temp_directory', () => `SET temp_directory = ${sqlString(outside())}`],
    ['PRAGMA profiling_output to a file', () => `PRAGMA profiling_output = ${sqlString(join(outside(), 'p.txt'))}`],
  ];

  it.each(refused)('refuses %s as SandboxViolation', async (_label, sql) => {
    const attempt = sandbox.run(sql());
    await expect(attempt).rejects.toBeInstanceOf(SandboxViolation);
    await expect(attempt).rejects.toMatchObject({ code: 'SQL_NOT_ALLOWED' });
  });

  const reads = [
    'SELECT count(*) AS n FROM trusted.attendance',
    'WITH s AS (SELECT * FROM trusted.attendance) SELECT count(*) FROM s;',
    'FROM trusted.attendance LIMIT 1',
    'DESCRIBE trusted.attendance',
    'SHOW TABLES',
    'SUMMARIZE trusted.attendance',
    'VALUES (1), (2)',
    'PIVOT trusted.attendance ON present IN (true, false) USING count(*)',
    '-- a comment first\nSELECT 1',
  ];
  it.each(reads)('takes %j as one reading statement (and it runs)', async (sql) => {
    await expect(sandbox.assertReadStatement(sql)).resolves.toBeUndefined();
    expect((await sandbox.query(sql)).length).toBeGreaterThan(0);
  });

  const writes: Array<[string, RegExp]> = [
    ['INSERT INTO trusted.attendance SELECT * FROM trusted.attendance', /only reading statements run here, and this is INSERT/],
    ['CREATE TABLE copy AS SELECT 1 AS x', /this is CREATE/],
    ['DROP VIEW trusted.attendance', /this is DROP/],
    ['DELETE FROM trusted.attendance', /this is DELETE/],
    ['CALL pragma_version()', /this is CALL/],
    ['SELECT 1; DROP VIEW trusted.attendance', /one statement at a time, and 2 were given$/],
    // EXPLAIN ANALYZE runs what it explains, and DuckDB calls all of them EXPLAIN.
    ['EXPLAIN ANALYZE CREATE TABLE copy AS SELECT 1 AS x', /EXPLAIN is not available here/],
    ['EXPLAIN ANALYZE DROP VIEW trusted.attendance', /EXPLAIN is not available here/],
    ['EXPLAIN SELECT 1', /EXPLAIN is not available here/],
    ['PIVOT trusted.attendance ON present USING count(*)', /PIVOT without an IN list/],
  ];
  it.each(writes)('refuses %j, saying why', async (sql, reason) => {
    const attempt = sandbox.assertReadStatement(sql);
    await expect(attempt).rejects.toBeInstanceOf(SandboxViolation);
    await expect(attempt).rejects.toThrow(reason);
  });

  it('leaves SQL that does not parse or bind for the query to report', async () => {
    await expect(sandbox.assertReadStatement('SELECT nope FROM trusted.attendance')).resolves.toBeUndefined();
    await expect(sandbox.assertReadStatement('SELEC 1')).rejects.toBeInstanceOf(EngineError);
  });

  it('is unchanged by the refused statements', async () => {
    expect(existsSync(outside())).toBe(false);
    const [settings] = await sandbox.query(
      `SELECT current_setting('enable_external_access') AS external, current_setting('lock_configuration') AS locked,
              current_setting('threads') AS threads, current_setting('memory_limit') AS memory,
              current_setting('allowed_paths') AS paths, current_setting('allowed_directories') AS dirs`,
    );
    expect(settings).toEqual({ external: false, locked: true, threads: 1, memory: '244.1 MiB', paths: [], dirs: [] });
    const pipeline = await DuckDbEngine.open({ mode: 'pipeline' });
    expect(await pipeline.query('SELECT count(*) AS n FROM read_parquet(?)', [attendanceFile])).toEqual([{ n: 6 }]);
    await pipeline.close();
  });

  it('refuses writeParquet and registering more files', async () => {
    const target = join(outside(), 'w.parquet');
    await expect(sandbox.writeParquet('SELECT 1', target)).rejects.toBeInstanceOf(SandboxViolation);
    await expect(sandbox.registerParquetView('trusted.more', [attendanceFile])).rejects.toBeInstanceOf(SandboxViolation);
    expect(existsSync(target)).toBe(false);
  });

  it('spills only into a private folder, so other files in tempDirectory stay out of reach', async () => {
    const shared = join(dir, 'shared-tmp');
    const spilling = await DuckDbEngine.open({ mode: 'sandbox', tempDirectory: shared });
    await spilling.lockDown();
    const [row] = await spilling.query("SELECT current_setting('allowed_directories') AS dirs");
    const dirs = row['dirs'] as string[];
    expect(dirs).toHaveLength(1);
    expect(dirs[0].startsWith(join(shared, 'acad-sandbox-'))).toBe(true);
    const pipeline = await DuckDbEngine.open({ mode: 'pipeline' });
    await pipeline.writeParquet('SELECT 1 AS secret', join(shared, 'secret.parquet'));
    await pipeline.close();
    await expect(spilling.query(`SELECT * FROM read_parquet(${sqlString(join(shared, 'secret.parquet'))})`)).rejects.toBeInstanceOf(
      SandboxViolation,
    );
    await spilling.close();
    expect(existsSync(dirs[0])).toBe(false);
  });

  it('reports ordinary mistakes as EngineError, not as violations', async () => {
    await expect(sandbox.query('SELEC 1')).rejects.toBeInstanceOf(EngineError);
    await expect(sandbox.query('SELECT * FROM trusted.nope')).rejects.toMatchObject({ code: 'ENGINE_ERROR' });
  });
});

// Why the sandbox copies Parquet into memory: DuckDB's own switches fall short (DuckDB 1.5.6).
describe('DuckDB behaviour the sandbox design rests on', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'acad-duckdb-facts-'));
    file = join(dir, 'a.parquet');
    const writer = await DuckDbEngine.open({ mode: 'pipeline' });
    await writer.writeParquet('SELECT 1 AS id', file);
    await writer.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a view over Parquet made before disabling external access fails afterwards', async () => {
    const engine = await DuckDbEngine.open({ mode: 'pipeline' });
    await engine.registerParquetView('v', [file]);
    await engine.run('SET enable_external_access = false');
    await expect(engine.query('SELECT * FROM v')).rejects.toThrow(/disabled by configuration/);
    await engine.close();
  });

  it('allowed_paths lets SQL overwrite the allowed file', async () => {
    const engine = await DuckDbEngine.open({ mode: 'pipeline' });
    await engine.run(`SET allowed_paths = [${sqlString(file)}]`);
    await engine.run('SET enable_external_access = false');
    await engine.run(`COPY (SELECT 99 AS id) TO ${sqlString(file)} (FORMAT parquet, USE_TMP_FILE false)`);
    expect(await engine.query('SELECT id FROM read_parquet(?)', [file])).toEqual([{ id: 99 }]);
    await engine.close();
  });
});
