import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import type { ColumnSpec } from '../column-spec';
import type { DatasetContract } from '../dataset-contract';
import { DATASET_CONTRACTS } from '../datasets/index';
import { compileValidationSql } from './compile-validation-sql';
import { validateRow, type RawRow } from './compile-zod-schema';
import { sqlIdent, sqlLiteral } from './sql-text';

// Cells that probe each column's edges: valid-looking values, near misses and junk.
function cellArbitrary(column: ColumnSpec): fc.Arbitrary<string | null> {
  const common = [fc.constant(null), fc.constant(''), fc.constant('  '), fc.string({ maxLength: 6 })];
  const byType: Record<ColumnSpec['type'], fc.Arbitrary<string>[]> = {
    text: [
      fc.constantFrom(
        'S1234567',
        'S123',
        'CS101',
        'ABCD1234',
        'A12345678',
        'BSC-CS',
        '2026-FALL',
        'x@y.org',
        'IE',
        'us',
        'ZZ',
        'A1',
        'ABCDE',
        "O'Brien",
      ),
    ],
    enum: [fc.constantFrom(...(column.values ?? []), ...(column.values ?? []).map((v) => v.toUpperCase()), 'unknown')],
    integer: [fc.integer({ min: -10, max: 2000 }).map(String), fc.constantFrom('1.5', '+3', '0', '007')],
    decimal: [fc.double({ min: -1, max: 5, noNaN: true }).map((d) => d.toFixed(2)), fc.constantFrom('4.0', '.5', '1e3', '-0')],
    date: [
      fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.constantFrom('2024-02-29', '2023-02-29', '2024-13-01', '2024-1-5', '20240105'),
    ],
    timestamp: [
      fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('2025-09-02 10:00', '2025-09-02T10:00:00+02:00', '2025-02-30T10:00:00Z', '2025-09-02T25:00:00Z'),
    ],
  };
  return fc.oneof(...byType[column.type], ...byType[column.type], ...common);
}

function rowArbitrary(contract: DatasetContract): fc.Arbitrary<RawRow> {
  return fc.record(Object.fromEntries(contract.columns.map((c) => [c.name, cellArbitrary(c)]))) as fc.Arbitrary<RawRow>;
}

describe('compiled SQL validator and zod contract agree', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  async function sqlViolations(contract: DatasetContract, rows: RawRow[]): Promise<string[][]> {
    const values = rows
      .map(
        (row, i) =>
          `(${i}, ${contract.columns.map((c) => (row[c.name] == null ? 'NULL::VARCHAR' : sqlLiteral(row[c.name] as string))).join(', ')})`,
      )
      .join(',\n');
    const source = `(VALUES ${values}) AS input(_row, ${contract.columns.map((c) => sqlIdent(c.name)).join(', ')})`;
    const sql = `SELECT _row, coalesce(list_transform(_violations, v -> v.rule), []) AS rules FROM (${compileValidationSql(contract, { source, passthrough: ['_row'] })}) ORDER BY _row`;
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((r) => [...(r['rules'] as string[])].sort());
  }

  it.each(DATASET_CONTRACTS.map((c) => [c.name, c] as const))(
    'on random %s rows',
    async (_name, contract) => {
      await fc.assert(
        fc.asyncProperty(fc.array(rowArbitrary(contract), { minLength: 1, maxLength: 30 }), async (rows) => {
          const fromSql = await sqlViolations(contract, rows);
          const fromZod = rows.map((r) => validateRow(contract, r).violations.sort());
          expect(fromSql).toEqual(fromZod);
        }),
        { numRuns: 60 },
      );
      // Wide contracts on a busy 2-core machine take several seconds; never cut the runs short.
    },
    60_000,
  );

  it('range-checks a decimal as written, before it is rounded to the column scale', async () => {
    // Found by the property above: grade_points has scale 1, so -0.01 is stored as 0.0 and 4.04 as 4.0.
    const contract = DATASET_CONTRACTS.find((c) => c.name === 'course_results') as DatasetContract;
    const row = (gradePoints: string): RawRow => ({
      student_id: 'S1234567',
      course_code: 'CS101',
      section: '1',
      term: '2025-FALL',
      grade: 'a',
      credits: '4',
      grade_points: gradePoints,
    });
    const rows = ['-0.01', '4.04', '0.04', '4.0'].map(row);
    const fromSql = await sqlViolations(contract, rows);
    expect(fromSql).toEqual([['course_results.grade_points.range'], ['course_results.grade_points.range'], [], []]);
    expect(rows.map((r) => validateRow(contract, r).violations)).toEqual(fromSql);
  });
});
