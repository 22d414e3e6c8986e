import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdmissionsContract } from '../datasets/admissions';
import { AttendanceContract } from '../datasets/attendance';
import { compileValidationSql } from './compile-validation-sql';
import { TRINO_DIALECT } from './sql-dialect';

// Goldens pin the Trino (Athena) SQL exactly. After a deliberate change, regenerate with
// ACAD_UPDATE_GOLDENS=1 and review the diff like any other code change.
function expectGolden(file: string, actual: string): void {
  const path = join(__dirname, file);
  if (process.env['ACAD_UPDATE_GOLDENS'] === '1') writeFileSync(path, `${actual}\n`);
  expect(actual).toBe(readFileSync(path, 'utf8').replace(/\n$/, ''));
}

const LINEAGE = ['_batch_id', '_source_file', '_row_number', '_ingested_at'];

describe('validation SQL in the Trino dialect (goldens)', () => {
  it.each([
    ['attendance', AttendanceContract],
    ['admissions', AdmissionsContract],
  ] as const)('%s', (name, contract) => {
    const sql = compileValidationSql(contract, { source: '"acad_staging"."landed_batch"', passthrough: LINEAGE, dialect: TRINO_DIALECT });
    expectGolden(`${name}-validation.trino.sql`, sql);
  });

  it('uses no DuckDB-only construct', () => {
    const sql = compileValidationSql(AdmissionsContract, { source: 'src', dialect: TRINO_DIALECT });
    for (const duckOnly of ['regexp_full_match', 'list_filter', "{'rule'", 'TIMESTAMPTZ', '::']) expect(sql).not.toContain(duckOnly);
  });
});
