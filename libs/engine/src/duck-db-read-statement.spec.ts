import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbEngine } from './duck-db-engine';
import { EngineError, SandboxViolation } from './engine-error';
import { sqlString } from './sql-literal';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

// A serving snapshot in small: a DuckDB database file attached READ_ONLY, then locked down.
describe('DuckDbEngine over a read-only attached database file', () => {
  let dir: string;
  let file: string;
  let fileHash: string;
  let sandbox: DuckDbEngine;
  const outside = () => join(dir, 'escape');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'acad-readonly-'));
    file = join(dir, 'lake.duckdb');
    const writer = await DuckDbEngine.open({ mode: 'pipeline' });
    await writer.run(`ATTACH ${sqlString(file)} AS w`);
    await writer.run(`CREATE SCHEMA w.trusted; CREATE SCHEMA w.curated;
      CREATE TABLE w.trusted.attendance AS SELECT range AS student, CASE WHEN range % 2 = 0 THEN 'present' ELSE 'absent' END AS status FROM range(5000);
      CREATE TABLE w.curated.weekly AS SELECT 3 AS week, 42 AS students`);
    await writer.run('DETACH w');
    await writer.close();
    fileHash = sha256(file);

    sandbox = await DuckDbEngine.openReadOnly([{ alias: 'lake', path: file }], { threads: 1, memoryLimit: '256MB' });
  });

  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers schema.table names from the file, reads only as far as the cap, and names the relations read', async () => {
    const result = await sandbox.runReadStatement('SELECT student, status FROM trusted.attendance ORDER BY student', { maxRows: 3 });
    expect(result).toEqual({
      columns: ['student', 'status'],
      types: ['BIGINT', 'VARCHAR'],
      rows: [
        [0, 'present'],
        [1, 'absent'],
        [2, 'present'],
      ],
      truncated: true,
      relations: ['trusted.attendance'],
    });
    const joined = await sandbox.runReadStatement(
      `WITH a AS (SELECT * FROM trusted.attendance) SELECT count(*) AS n FROM a, (SELECT * FROM "curated"."weekly") w;`,
      { maxRows: 10 },
    );
    expect(joined).toEqual({
      columns: ['n'],
      types: ['BIGINT'],
      rows: [[5000]],
      truncated: false,
      relations: ['curated.weekly', 'trusted.attendance'],
    });
    const empty = await sandbox.runReadStatement('SELECT * FROM curated.weekly WHERE false', { maxRows: 10 });
    expect(empty).toMatchObject({ columns: ['week', 'students'], rows: [], truncated: false });
  });

  const reads = [
    'FROM trusted.attendance LIMIT 1',
    'DESCRIBE trusted.attendance',
    'SUMMARIZE curated.weekly',
    'VALUES (1)',
    "PIVOT trusted.attendance ON status IN ('present', 'absent') USING count(*)",
    "SELECT E'it\\'s; DROP TABLE curated.weekly; --' AS quoted",
    'SELECT $$;DROP TABLE curated.weekly$$ AS dollar, $x$;$x$ AS tagged',
    'SELECT $a$ $b$; DROP TABLE curated.weekly; SELECT $a$ AS nested_tags',
    '/* DROP TABLE curated.weekly; */ SELECT 1 -- ; DROP TABLE curated.weekly',
  ];
  it.each(reads)('runs %j as one reading statement', async (sql) => {
    expect((await sandbox.runReadStatement(sql, { maxRows: 10 })).rows.length).toBeGreaterThan(0);
  });

  // Texts a hand-written scanner can be made to misread, and every kind of statement that is not a read.
  const refused: Array<[string, RegExp]> = [
    ["SELECT E'\\'' AS a; CREATE OR REPLACE TABLE curated.weekly AS SELECT 0 AS week; SELECT 1 --'", /3 were given$/],
    ["SELECT E'\\\\'; DROP TABLE curated.weekly; SELECT '", /unterminated quoted string/],
    ['SELECT 1 /* a /* nested */ comment */; DROP TABLE curated.weekly', /2 were given/],
    ['SELECT 1;\nDELETE FROM trusted.attendance', /2 were given/],
    ['PIVOT trusted.attendance ON status USING count(*)', /PIVOT without an IN list/],
    ["COPY (SELECT 1) TO '/tmp/acad-escape.csv'", /disabled by configuration|this is COPY/],
    ["ATTACH ':memory:' AS trusted", /this is ATTACH/],
    ['DETACH lake', /this is DETACH/],
    ['USE memory', /this is SET/],
    ['INSTALL httpfs', /this is LOAD/],
    ['LOAD httpfs', /this is LOAD/],
    ['SET enable_external_access = true', /this is SET/],
    ['RESET lock_configuration', /this is SET|VARIABLE_SET/],
    ['PRAGMA database_list', /only SELECT statements run here, as written/],
    ['PRAGMA threads = 8', /this is/],
    ['CALL pragma_version()', /this is CALL/],
    ['CHECKPOINT', /this is CALL/],
    ['CREATE TABLE curated.x AS SELECT 1', /this is CREATE/],
    ['CREATE TEMP TABLE x AS SELECT 1', /this is CREATE/],
    ['CREATE MACRO m() AS 1', /this is CREATE/],
    ["INSERT INTO trusted.attendance VALUES (9, 'x')", /this is INSERT/],
    ["UPDATE lake.trusted.attendance SET status = 'x'", /this is UPDATE/],
    ['DELETE FROM lake.trusted.attendance', /this is DELETE/],
    ['DROP TABLE curated.weekly', /this is DROP/],
    ['ALTER TABLE curated.weekly RENAME TO w2', /this is ALTER/],
    ["EXPORT DATABASE '/tmp/acad-escape'", /disabled by configuration|this is EXPORT/],
    ['EXPLAIN ANALYZE CREATE TABLE memory.main.x AS SELECT 1', /EXPLAIN is not available/],
    ["SELECT * FROM read_csv('/etc/passwd')", /disabled by configuration/],
    ["SELECT * FROM read_text('/etc/passwd')", /disabled by configuration/],
    [`SELECT * FROM read_blob(${sqlString(join(tmpdir(), 'x'))})`, /disabled by configuration/],
    ["SELECT * FROM glob('/etc/*')", /disabled by configuration/],
    ["SELECT * FROM query('DROP TABLE curated.weekly')", /./],
  ];
  it.each(refused)('refuses %j', async (sql, reason) => {
    const attempt = sandbox.runReadStatement(sql, { maxRows: 10 });
    await expect(attempt).rejects.toThrow(reason);
    await expect(attempt).rejects.toBeInstanceOf(Error);
    const error = await attempt.catch((e: unknown) => e);
    expect(error instanceof SandboxViolation || error instanceof EngineError).toBe(true);
  });

  it('calls parse errors and unknown names EngineError, not violations', async () => {
    await expect(sandbox.runReadStatement('SELEC 1', { maxRows: 1 })).rejects.toMatchObject({ code: 'ENGINE_ERROR' });
    await expect(sandbox.runReadStatement('SELECT * FROM trusted.nope', { maxRows: 1 })).rejects.toMatchObject({ code: 'ENGINE_ERROR' });
    await expect(sandbox.runReadStatement('-- nothing', { maxRows: 1 })).rejects.toBeInstanceOf(EngineError);
  });

  // Defence in depth: were a write to slip past the judge, DuckDB still refuses it on the file.
  const writes = [
    "INSERT INTO trusted.attendance VALUES (9, 'x')",
    "UPDATE trusted.attendance SET status = 'x'",
    'DELETE FROM trusted.attendance',
    'DROP TABLE curated.weekly',
    'CREATE TABLE curated.x AS SELECT 1 AS x',
    'CREATE OR REPLACE TABLE curated.weekly AS SELECT 0 AS week',
    'ALTER TABLE curated.weekly RENAME TO w2',
  ];
  it.each(writes)('refuses %j on the file even past the judge', async (sql) => {
    await expect(sandbox.run(sql)).rejects.toThrow(/read-only|READ_ONLY|Binder Error|Ambiguous/);
  });

  it('leaves the file, its tables and the settings unchanged, and wrote nothing outside', async () => {
    expect(await sandbox.query('SELECT count(*) AS n FROM trusted.attendance')).toEqual([{ n: 5000 }]);
    expect(await sandbox.query('SELECT * FROM curated.weekly')).toEqual([{ week: 3, students: 42 }]);
    expect(await sandbox.query("SELECT current_database() AS db, current_setting('enable_external_access') AS external")).toEqual([
      { db: 'lake', external: false },
    ]);
    expect(existsSync(outside())).toBe(false);
    expect(existsSync('/tmp/acad-escape.csv')).toBe(false);
    expect(sha256(file)).toBe(fileHash);
  });

  it('attaches only before lockDown', async () => {
    await expect(sandbox.attachReadOnly(file, 'again')).rejects.toBeInstanceOf(SandboxViolation);
  });
});
