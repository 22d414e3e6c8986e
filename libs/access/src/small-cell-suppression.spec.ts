import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { InvalidSuppressionThreshold } from './access-errors';
import { suppressSmallCells, suppressedRowSqlPredicate, suppressedSelectList, suppressionSqlExpression } from './small-cell-suppression';

describe('suppressSmallCells', () => {
  const rows = [
    { department: 'Physics', students: 3, absences: 40, rate: 0.93 },
    { department: 'History', students: 12, absences: 0, rate: 1 },
    { department: 'Law', students: 120n, absences: 4n, rate: 0.97 },
    { department: 'Art', students: 5, absences: null, rate: null },
  ];
  const options = { countColumns: ['students', 'absences'], alsoSuppress: ['rate'] };

  it('nulls every count and derived column of a row holding a count in 1..4, and flags it', () => {
    expect(suppressSmallCells(rows, options)).toEqual([
      { department: 'Physics', students: null, absences: null, rate: null, suppressed: true },
      { department: 'History', students: 12, absences: 0, rate: 1, suppressed: false },
      { department: 'Law', students: null, absences: null, rate: null, suppressed: true },
      { department: 'Art', students: 5, absences: null, rate: null, suppressed: false },
    ]);
  });

  it('keeps zero and the threshold itself, and honours another threshold', () => {
    const edge = [{ n: 0 }, { n: 5 }, { n: 4 }, { n: 10 }];
    expect(suppressSmallCells(edge, { countColumns: ['n'] }).map((r) => r.suppressed)).toEqual([false, false, true, false]);
    expect(suppressSmallCells(edge, { countColumns: ['n'], threshold: 11 }).map((r) => r.n)).toEqual([0, null, null, null]);
  });

  it('leaves the input rows untouched', () => {
    const input = [{ n: 2 }];
    suppressSmallCells(input, { countColumns: ['n'] });
    expect(input).toEqual([{ n: 2 }]);
  });

  it('rejects a threshold that is not a whole number of at least 1', () => {
    expect(() => suppressSmallCells([], { countColumns: ['n'], threshold: 0 })).toThrow(InvalidSuppressionThreshold);
    expect(() => suppressionSqlExpression('n', 2.5)).toThrow(InvalidSuppressionThreshold);
  });
});

describe('suppression SQL', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  it('writes the single-cell CASE expression with a quoted column', () => {
    expect(suppressionSqlExpression('students')).toBe('CASE WHEN "students" > 0 AND "students" < 5 THEN NULL ELSE "students" END');
    expect(suppressionSqlExpression('odd"name', 10)).toBe('CASE WHEN "odd""name" > 0 AND "odd""name" < 10 THEN NULL ELSE "odd""name" END');
    expect(suppressedRowSqlPredicate([])).toBe('FALSE');
  });

  it('suppresses single cells in DuckDB', async () => {
    const reader = await connection.runAndReadAll(
      `SELECT ${suppressionSqlExpression('n')} AS n FROM (VALUES (1, 0), (2, 1), (3, 4), (4, 5), (5, NULL)) AS t(i, n) ORDER BY i`,
    );
    expect(reader.getRowObjectsJS().map((r) => r.n)).toEqual([0, null, null, 5, null]);
  });

  it('gives the same rows in DuckDB as suppressSmallCells in JavaScript', async () => {
    const count = fc.option(fc.integer({ min: 0, max: 12 }), { nil: null });
    const rowArb = fc.record({ a: count, b: count, rate: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }) });
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 10 }), async (rows, threshold) => {
        const options = { countColumns: ['a', 'b'], alsoSuppress: ['rate'], threshold };
        const values = rows
          .map((r, i) => `(${i}, ${r.a ?? 'NULL'}::INTEGER, ${r.b ?? 'NULL'}::INTEGER, ${r.rate ?? 'NULL'}::INTEGER)`)
          .join(', ');
        const sql = `SELECT "i", ${suppressedSelectList(options).join(', ')} FROM (VALUES ${values}) AS t("i", "a", "b", "rate") ORDER BY "i"`;
        const fromSql = (await connection.runAndReadAll(sql)).getRowObjectsJS().map(({ i: _i, ...rest }) => rest);
        expect(fromSql).toEqual(suppressSmallCells(rows, options));
      }),
      { numRuns: 60 },
    );
  });
});
