import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDbEngine } from '@acad/engine';
import { AttendanceContract, type DatasetContract } from '@acad/schemas';
import { detectFormat } from './landing-format';
import { readLandingFile } from './landing-reader';

/**
 * Writes `content` as `name` in `dir` and reads it as the promotion does: materialised, CSV
 * records numbered by their preserved order, one reason per unreadable record.
 */
export async function readAsLanding(
  engine: DuckDbEngine,
  dir: string,
  name: string,
  content: Buffer | string,
  contract: DatasetContract = AttendanceContract,
) {
  const path = join(dir, name);
  writeFileSync(path, content);
  const detected = await detectFormat(path, name);
  if (!detected) throw new Error(`no format for ${name}`);
  const scratch = `t_${name.replace(/\W/g, '_')}`;
  const relation = await readLandingFile({
    engine,
    contract,
    path,
    fileName: name,
    detected,
    scratch,
    outputPath: (n) => join(dir, `${name}-${n}`),
  });
  const table = `landed_${scratch}`;
  await engine.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${relation.selectSql}`);
  const number = relation.numbersRecords ? '_record_number' : 'rowid + 1';
  /** The records' `columns` (all of the contract's by default) and their number, in order. */
  const rows = (columns = contract.columns.map((c) => c.name)) =>
    engine.query(`SELECT ${columns.join(', ')}, ${number} AS _record_number FROM ${table} ORDER BY _record_number`);
  const rejects = await engine.query(
    `SELECT line, min(error_type) AS error_type, min(detail) AS detail FROM (${relation.rejectsSql}) GROUP BY line ORDER BY line`,
  );
  return { detected, rows, rejects, ignored: relation.ignoredColumns, warnings: relation.warnings };
}
