import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DUCKDB_DIALECT as duck, TRINO_DIALECT as trino, type SqlDialect } from './sql-dialect';

describe('SqlDialect: each construct that differs', () => {
  it('types', () => {
    const types = ['text', 'bigint', 'double', 'date', 'timestamptz', { decimal: { precision: 18, scale: 2 } }] as const;
    expect(types.map((t) => duck.type(t))).toEqual(['VARCHAR', 'BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMPTZ', 'DECIMAL(18, 2)']);
    expect(types.map((t) => trino.type(t))).toEqual(['VARCHAR', 'BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMP(3)', 'DECIMAL(18, 2)']);
  });

  it('regular expressions: full match', () => {
    expect(duck.fullMatch('x', 'S[0-9]+')).toBe("regexp_full_match(x, 'S[0-9]+')");
    expect(trino.fullMatch('x', "a|b'c")).toBe("regexp_like(x, '^(?:a|b''c)$')");
  });

  it('casts: plain, try and guarded', () => {
    expect(duck.cast('x', 'bigint')).toBe('CAST(x AS BIGINT)');
    expect(trino.cast('x', 'timestamptz')).toBe('CAST(x AS TIMESTAMP(3))');
    expect(duck.tryCast('x', 'date')).toBe('TRY_CAST(x AS DATE)');
    expect(trino.tryCast('x', 'date')).toBe('TRY_CAST(x AS DATE)');
    expect(duck.guardedCast('x', 'bigint')).toBe('CAST(x AS BIGINT)');
    expect(trino.guardedCast('x', 'bigint')).toBe('TRY_CAST(x AS BIGINT)');
  });

  it('timestamps from ISO 8601 text', () => {
    expect(duck.parseTimestamp('t')).toBe('TRY_CAST(t AS TIMESTAMPTZ)');
    expect(trino.parseTimestamp('t')).toBe("CAST(try(from_iso8601_timestamp(replace(t, ' ', 'T'))) AT TIME ZONE 'UTC' AS TIMESTAMP(3))");
  });

  it('struct and row literals', () => {
    const fields = [
      { name: 'rule', value: "'r'", type: 'text' },
      { name: 'reason', value: "'why'", type: 'text' },
    ] as const;
    expect(duck.struct(fields)).toBe("{'rule': 'r', 'reason': 'why'}");
    expect(trino.struct(fields)).toBe("CAST(ROW('r', 'why') AS ROW(rule VARCHAR, reason VARCHAR))");
  });

  it('list literals and list filtering', () => {
    expect(duck.filterList(duck.list(['1', 'NULL']), 'v', 'v IS NOT NULL')).toBe('list_filter([1, NULL], v -> v IS NOT NULL)');
    expect(trino.filterList(trino.list(['1', 'NULL']), 'v', 'v IS NOT NULL')).toBe('filter(ARRAY[1, NULL], v -> v IS NOT NULL)');
  });

  it('date parts, literals, intervals, weeks and formatting', () => {
    for (const d of [duck, trino]) {
      expect([d.year('d'), d.month('d'), d.day('d')]).toEqual(['year(d)', 'month(d)', 'day(d)']);
      expect(d.dateLiteral('2025-09-01')).toBe("DATE '2025-09-01'");
      expect(d.weekStart('d')).toBe("CAST(date_trunc('week', d) AS DATE)");
    }
    expect(duck.addDays('d', 2)).toBe('d + INTERVAL 2 DAY');
    expect(trino.addDays('d', 2)).toBe("d + INTERVAL '2' DAY");
    expect(duck.formatDate('d', '%Y-%m')).toBe("strftime(d, '%Y-%m')");
    expect(trino.formatDate('d', '%Y-%m')).toBe("date_format(d, '%Y-%m')");
  });

  it('ratios, GROUP BY ALL, median, conditional counts and concatenation', () => {
    expect(duck.ratio('a', 'b')).toBe('a / b');
    expect(trino.ratio('a', 'b')).toBe('CAST(a AS DOUBLE) / b');
    expect(duck.groupBy(['a', 'b'])).toBe('GROUP BY ALL');
    expect(trino.groupBy(['a', 'b'])).toBe('GROUP BY a, b');
    expect(duck.median('x')).toBe('median(x)');
    expect(trino.median('x')).toBe('approx_percentile(CAST(x AS DOUBLE), 0.5)');
    expect(duck.countWhere('ok')).toBe('count(*) FILTER (WHERE ok)');
    expect(trino.countWhere('ok')).toBe('count_if(ok)');
    expect(trino.concat("'a'", 'b')).toBe("'a' || b");
    expect(duck.materializedCte('w')).toBe('w AS MATERIALIZED');
    expect(trino.materializedCte('w')).toBe('w AS');
  });

  it('first row per group: QUALIFY in DuckDB, a row_number subquery in Trino', () => {
    const query = { columns: ['k', 'v'], from: 't', partitionBy: ['k'], orderBy: 'v DESC', where: 'v > 0' };
    expect(duck.firstPerGroup(query)).toBe(
      'SELECT k, v FROM t WHERE v > 0\n     QUALIFY row_number() OVER (PARTITION BY k ORDER BY v DESC) = 1',
    );
    expect(trino.firstPerGroup(query)).toBe(
      'SELECT k, v FROM (\n       SELECT *, row_number() OVER (PARTITION BY k ORDER BY v DESC) AS __rank FROM t WHERE v > 0\n     ) WHERE __rank = 1',
    );
  });
});

// The DuckDB renderings run here, so they are checked by result, not only by text.
describe('DuckDB dialect runs in DuckDB', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  const d: SqlDialect = duck;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });
  const one = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson()[0];

  it('evaluates every expression', async () => {
    const date = d.dateLiteral('2025-09-03');
    const row = await one(
      `SELECT ${d.fullMatch("'S1234567'", '^S[0-9]{7}$')} AS m, ${d.guardedCast("'12'", 'bigint')} AS n, ${d.tryCast("'2023-02-29'", 'date')} AS bad,
        ${d.parseTimestamp("'2025-09-02T10:00:00+02:00'")} AS ts, ${d.struct([{ name: 'rule', value: "'r'", type: 'text' }])} AS s,
        ${d.filterList(d.list(['1', 'NULL', '3']), 'v', 'v IS NOT NULL')} AS l, ${d.weekStart(date)} AS w, ${d.addDays(date, 2)} AS plus,
        ${d.formatDate(date, '%Y-%m')} AS ym, ${d.ratio('1', '4')} AS r, ${d.year(date)} AS y`,
    );
    expect(row).toEqual({
      m: true,
      n: '12',
      bad: null,
      ts: '2025-09-02 08:00:00+00',
      s: { rule: 'r' },
      l: [1, 3],
      w: '2025-09-01',
      plus: '2025-09-05 00:00:00',
      ym: '2025-09',
      r: 0.25,
      y: '2025',
    });
  });

  it('aggregates and keeps the first row per group', async () => {
    const rows = (
      await connection.runAndReadAll(
        `SELECT k, ${d.median('v')} AS med, ${d.countWhere('v > 1')} AS big FROM (VALUES ('a', 1), ('a', 2), ('a', 4), ('b', 3)) t(k, v) ${d.groupBy(['k'])} ORDER BY k`,
      )
    ).getRowObjectsJson();
    expect(rows).toEqual([
      { k: 'a', med: 2, big: '2' },
      { k: 'b', med: 3, big: '1' },
    ]);
    const first = (
      await connection.runAndReadAll(
        `${d.firstPerGroup({ columns: ['k', 'v'], from: "(VALUES ('a', 1), ('a', 2), ('b', 3)) t(k, v)", partitionBy: ['k'], orderBy: 'v DESC' })} ORDER BY k`,
      )
    ).getRowObjectsJson();
    expect(first).toEqual([
      { k: 'a', v: 2 },
      { k: 'b', v: 3 },
    ]);
  });
});
