import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DUCKDB_DIALECT } from '@acad/schemas';
import { DuckDbEngine } from './duck-db-engine';
import { EngineError } from './engine-error';

describe('DuckDbEngine (pipeline mode)', () => {
  let engine: DuckDbEngine;
  let dir: string;

  beforeAll(async () => {
    engine = await DuckDbEngine.open({ mode: 'pipeline' });
    dir = mkdtempSync(join(tmpdir(), 'acad-engine-'));
  });
  afterAll(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens and answers a trivial query quickly', async () => {
    const started = performance.now();
    const fresh = await DuckDbEngine.open({ mode: 'pipeline' });
    const rows = await fresh.query('SELECT 42 AS answer');
    const elapsed = performance.now() - started;
    await fresh.close();
    expect(rows).toEqual([{ answer: 42 }]);
    expect(elapsed).toBeLessThan(2000);
    // Statements for it are written in its dialect, which it carries (libs/quality reads it from here).
    expect(fresh.dialect).toBe(DUCKDB_DIALECT);
  });

  it('applies threads, memory limit and temp directory', async () => {
    const tuned = await DuckDbEngine.open({ mode: 'pipeline', threads: 2, memoryLimit: '256MB', tempDirectory: dir });
    const [row] = await tuned.query(
      "SELECT current_setting('threads') AS threads, current_setting('memory_limit') AS memory, current_setting('temp_directory') AS temp",
    );
    await tuned.close();
    expect(row).toEqual({ threads: 2, memory: '244.1 MiB', temp: dir });
  });

  it('forks a second connection: shared tables, its own temp objects, concurrent statements, the database outliving it', async () => {
    const main = await DuckDbEngine.open({ mode: 'pipeline' });
    try {
      await main.run('CREATE TABLE shared AS SELECT 1 AS n; CREATE TEMP VIEW mine AS SELECT 2 AS n');
      const fork = await main.fork();
      expect(fork.dialect).toBe(DUCKDB_DIALECT);
      await fork.run('CREATE TEMP VIEW forked AS SELECT 3 AS n; INSERT INTO shared VALUES (4)');
      expect(await fork.query('SELECT sum(n)::INTEGER AS n FROM shared')).toEqual([{ n: 5 }]);
      await expect(fork.query('SELECT * FROM mine')).rejects.toThrow(EngineError);
      await expect(main.query('SELECT * FROM forked')).rejects.toThrow(EngineError);
      const [a, b] = await Promise.all([
        main.query('SELECT count(*)::INTEGER AS n FROM range(2000000)'),
        fork.query('SELECT count(*)::INTEGER AS n FROM range(3000000)'),
      ]);
      expect([a, b]).toEqual([[{ n: 2000000 }], [{ n: 3000000 }]]);
      await fork.close();
      expect(await main.query('SELECT sum(n)::INTEGER AS n FROM shared')).toEqual([{ n: 5 }]);
    } finally {
      await main.close();
    }
  });

  describe('value conversion', () => {
    it('gives integers as numbers when safe, else bigint', async () => {
      const [row] = await engine.query(
        `SELECT 1::TINYINT AS tiny, 2::INTEGER AS int, 9007199254740991::BIGINT AS safe_big,
                9007199254740992::BIGINT AS unsafe_big, -9007199254740992::BIGINT AS unsafe_negative,
                170141183460469231731687303715884105727::HUGEINT AS huge, 5::HUGEINT AS small_huge,
                18446744073709551615::UBIGINT AS ubig, count(*) AS counted`,
      );
      expect(row).toEqual({
        tiny: 1,
        int: 2,
        safe_big: 9007199254740991,
        unsafe_big: 9007199254740992n,
        unsafe_negative: -9007199254740992n,
        huge: 170141183460469231731687303715884105727n,
        small_huge: 5,
        ubig: 18446744073709551615n,
        counted: 1,
      });
    });

    it('gives DECIMAL and floating point as numbers', async () => {
      const [row] = await engine.query('SELECT 12.34::DECIMAL(10,2) AS dec, 0.5::FLOAT AS f, 1.25::DOUBLE AS d');
      expect(row).toEqual({ dec: 12.34, f: 0.5, d: 1.25 });
    });

    it('gives dates as YYYY-MM-DD and timestamps as ISO 8601 UTC', async () => {
      const [row] = await engine.query(
        `SELECT DATE '2024-03-05' AS d, DATE '0044-03-15' AS ides, 'infinity'::DATE AS forever,
                TIMESTAMP '2024-03-05 10:11:12.345678' AS ts, TIMESTAMP_S '2024-03-05 10:11:12' AS ts_s,
                TIMESTAMPTZ '2024-03-05 10:11:12+02' AS tz, '-infinity'::TIMESTAMP AS past,
                TIME '10:11:12' AS t, INTERVAL 1 DAY + INTERVAL 2 HOUR AS i`,
      );
      expect(row).toEqual({
        d: '2024-03-05',
        ides: '0044-03-15',
        forever: 'infinity',
        ts: '2024-03-05T10:11:12.345Z',
        ts_s: '2024-03-05T10:11:12.000Z',
        tz: '2024-03-05T08:11:12.000Z',
        past: '-infinity',
        t: '10:11:12',
        i: '1 day 02:00:00',
      });
    });

    it('gives text, booleans, NULL, lists, structs and maps as plain JS', async () => {
      const [row] = await engine.query(
        `SELECT 'é' AS s, true AS b, NULL AS n, '00000000-0000-0000-0000-000000000001'::UUID AS u,
                [1, 2, NULL] AS l, {'k': DATE '2024-01-02', 'big': 9007199254740993::BIGINT} AS st,
                [{'x': 1}] AS nested, MAP {'a': 1} AS m, 'ab'::BLOB AS bl`,
      );
      expect(row).toEqual({
        s: 'é',
        b: true,
        n: null,
        u: '00000000-0000-0000-0000-000000000001',
        l: [1, 2, null],
        st: { k: '2024-01-02', big: 9007199254740993n },
        nested: [{ x: 1 }],
        m: [{ key: 'a', value: 1 }],
        bl: new Uint8Array([97, 98]),
      });
    });

    it('keeps a column named __proto__ as an own property, never as the row prototype', async () => {
      const [row] = await engine.query("SELECT {'isAdmin': true} AS __proto__, 1 AS id");
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(Object.keys(row)).toEqual(['__proto__', 'id']);
      expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toEqual({ isAdmin: true });
      expect((row as { isAdmin?: boolean }).isAdmin).toBeUndefined();
    });

    it('refuses a STRUCT field named __proto__ rather than return it wrong', async () => {
      await expect(engine.query("SELECT {'__proto__': 1} AS s")).rejects.toThrow(/STRUCT field named __proto__/);
    });
  });

  describe('parameters', () => {
    it('binds positional ? parameters of each kind', async () => {
      const rows = await engine.query('SELECT ? AS s, ? AS n, ? AS big, ? AS b, ? AS z', ['x', 2.5, 9007199254740993n, true, null]);
      expect(rows).toEqual([{ s: 'x', n: 2.5, big: 9007199254740993n, b: true, z: null }]);
    });

    it('binds numbered $1 parameters, reusing them', async () => {
      const rows = await engine.query('SELECT $1 AS a, $2 AS b, $1 || $2 AS ab', ['x', 'y']);
      expect(rows).toEqual([{ a: 'x', b: 'y', ab: 'xy' }]);
    });

    it('treats a parameter as a value, never as SQL', async () => {
      await engine.run('CREATE TABLE param_victim AS SELECT 1 AS id');
      const rows = await engine.query('SELECT ? AS s', ['1; DROP TABLE param_victim; --']);
      expect(rows).toEqual([{ s: '1; DROP TABLE param_victim; --' }]);
      expect(await engine.query('SELECT count(*) AS n FROM param_victim')).toEqual([{ n: 1 }]);
    });
  });

  it('runs several statements and returns the rows of the last', async () => {
    await engine.run('CREATE TABLE several (id INTEGER); INSERT INTO several VALUES (?), (?)', [1, 2]);
    const rows = await engine.query('INSERT INTO several VALUES (3); SELECT sum(id) AS total FROM several');
    expect(rows).toEqual([{ total: 6 }]);
  });

  it('creates the schema of a registered view', async () => {
    await engine.registerView('curated.numbers', 'SELECT range AS n FROM range(3)');
    await engine.registerView('curated.numbers', 'SELECT range AS n FROM range(4)');
    expect(await engine.query('SELECT count(*) AS c FROM curated.numbers')).toEqual([{ c: 4 }]);
  });

  describe('Parquet', () => {
    it('writes ZSTD Parquet, creating the folder, and returns the row count', async () => {
      const path = join(dir, 'made/by/copy/out.parquet');
      const count = await engine.writeParquet('SELECT range AS id FROM range(10) WHERE range >= ?', path, [3]);
      expect(count).toBe(7);
      expect(existsSync(path)).toBe(true);
      const compression = await engine.query('SELECT DISTINCT compression FROM parquet_metadata(?)', [path]);
      expect(compression).toEqual([{ compression: 'ZSTD' }]);
    });

    it('returns 0 for an empty result and still writes the file', async () => {
      const path = join(dir, 'empty.parquet');
      expect(await engine.writeParquet('SELECT 1 AS id WHERE false', path)).toBe(0);
      expect(existsSync(path)).toBe(true);
    });

    it('reads files back through a view, by name, across differing columns', async () => {
      const quoted = join(dir, "it's here");
      await engine.writeParquet("SELECT 1 AS id, 'a' AS name", join(quoted, 'one.parquet'));
      await engine.writeParquet("SELECT 2 AS id, DATE '2024-01-02' AS seen", join(quoted, 'two.parquet'));
      await engine.registerParquetView('trusted.people', [join(quoted, '*.parquet')]);
      const rows = await engine.query('SELECT id, name, seen FROM trusted.people ORDER BY id');
      expect(rows).toEqual([
        { id: 1, name: 'a', seen: null },
        { id: 2, name: null, seen: '2024-01-02' },
      ]);
    });

    it('reads hive partition folders as columns when asked', async () => {
      await engine.writeParquet('SELECT 1 AS id', join(dir, 'hive/year=2023/a.parquet'));
      await engine.writeParquet('SELECT 2 AS id', join(dir, 'hive/year=2024/a.parquet'));
      const glob = join(dir, 'hive/*/*.parquet');
      await engine.registerParquetView('raw.partitioned', [glob], { hivePartitioning: true });
      expect(await engine.query('SELECT id, year FROM raw.partitioned ORDER BY id')).toEqual([
        { id: 1, year: 2023 },
        { id: 2, year: 2024 },
      ]);
      await engine.registerParquetView('raw.unpartitioned', [glob], { hivePartitioning: false });
      expect(await engine.query('SELECT * FROM raw.unpartitioned ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
    });

    it('refuses an empty file list', async () => {
      await expect(engine.registerParquetView('raw.nothing', [])).rejects.toThrow(EngineError);
    });
  });

  it('reports DuckDB failures as EngineError with its message', async () => {
    await expect(engine.query('SELECT * FROM no_such_table')).rejects.toMatchObject({
      code: 'ENGINE_ERROR',
      message: expect.stringContaining('Table with name no_such_table does not exist'),
    });
    await expect(engine.run('SELEC 1')).rejects.toBeInstanceOf(EngineError);
  });

  it('refuses lockDown outside sandbox mode', async () => {
    await expect(engine.lockDown()).rejects.toThrow(/sandbox mode/);
  });

  it('refuses work after close, and closes twice quietly', async () => {
    const closing = await DuckDbEngine.open({ mode: 'pipeline' });
    await closing.close();
    await closing.close();
    await expect(closing.query('SELECT 1')).rejects.toThrow(/closed/);
  });
});
