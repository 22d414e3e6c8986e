import { writeFile } from 'node:fs/promises';
import { compileValidationSql, sqlIdent, sqlLiteral } from '@acad/schemas';
import { RAW_LINEAGE } from './athena-batch-sql';
import type { GroupRun, ParsedBatch } from './batch-backend';
import { createProtectMaps, fingerprintExpression, protectedColumns } from './protect-fields';
import { scanBatch } from './scan-batch';

// What the worker protects for a batch Athena merges: the keys (token, field and fingerprint keys)
// stay in the worker and its embedded engine, and Athena only joins the results in.

/**
 * Each identifier column's distinct plaintext values with their tokens (`v`, `p`), as local
 * Parquet files by column, for Athena to join on the value.
 */
export async function writeIdentifierMaps(run: GroupRun, batch: ParsedBatch): Promise<Map<string, string>> {
  const { ctx, contract, local, staging } = run;
  const maps = new Map<string, string>();
  for (const column of protectedColumns(contract).filter((c) => c.pii === 'identifier')) {
    const col = sqlIdent(column.name);
    const values = await local.query<{ v: string }>(
      `SELECT DISTINCT NULLIF(TRIM(${col}), '') AS v FROM ${batch.raw.relation} WHERE NULLIF(TRIM(${col}), '') IS NOT NULL`,
    );
    const ndjson = staging.path(`map-${column.name}.ndjson`);
    await writeFile(ndjson, values.map(({ v }) => JSON.stringify({ v, p: ctx.protection.tokenizer.token(v) })).join('\n') + '\n', {
      mode: 0o600,
    });
    const parquet = staging.path(`map-${column.name}.parquet`);
    await local.writeParquet(
      `SELECT v, p FROM read_json(${sqlLiteral(ndjson)}, format = 'newline_delimited', columns = {'v': 'VARCHAR', 'p': 'VARCHAR'})`,
      parquet,
    );
    maps.set(column.name, parquet);
  }
  return maps;
}

/**
 * The batch's valid rows as the embedded engine protects them, computed by the embedded engine:
 * each direct identifier encrypted for its row's key (`createProtectMaps`) and the row's keyed
 * fingerprint (`fingerprintExpression`), by `_row_number` (`protectedRowColumns`), as a local
 * Parquet file.
 */
export async function writeProtectedRows(run: GroupRun, batch: ParsedBatch): Promise<string> {
  const { ctx, contract, local, staging } = run;
  const t = await validatedLocally(run, batch);
  const { protect } = await scanBatch(local, contract, t, sqlLiteral(batch.batchId));
  const maps = await createProtectMaps(local, contract, protect, `protect_${batch.batchId}`, ctx.protection, (n) => staging.path(n));
  const direct = protectedColumns(contract).flatMap((c, i) => (c.pii === 'direct' ? [maps.replacements[i]] : []));
  const fingerprint = fingerprintExpression(contract, ctx.protection.fingerprintKeyHex);
  const path = staging.path(`${batch.batchId}-protected-rows.parquet`);
  await local.writeParquet(
    `SELECT s._row_number, ${direct.join(', ')}, s._fingerprint
     FROM (SELECT *, ${fingerprint} AS _fingerprint FROM ${t('validated')} WHERE _violations IS NULL) s ${maps.joins.join(' ')}`,
    path,
  );
  return path;
}

/** The batch's records typed and checked against its contract by the embedded engine: a view, named by the batch. */
async function validatedLocally(run: GroupRun, batch: ParsedBatch): Promise<(name: string) => string> {
  const t = (name: string) => sqlIdent(`${name}_${batch.batchId}`);
  await run.local.run(
    `CREATE OR REPLACE TEMP VIEW ${t('validated')} AS ${compileValidationSql(run.contract, { source: batch.raw.relation, passthrough: RAW_LINEAGE })}`,
  );
  return t;
}

/**
 * The batch's rows that broke the contract, with their rule ids, as the embedded engine writes them
 * (a local Parquet file, sealed into quarantine like every quarantine object): Athena counts them,
 * but never writes them, so a direct identifier in such a row is never stored in plaintext.
 */
export async function writeInvalidRows(run: GroupRun, batch: ParsedBatch): Promise<{ path: string; rows: number }> {
  const t = await validatedLocally(run, batch);
  const path = run.staging.path(`${batch.batchId}-invalid.parquet`);
  const rows = await run.local.writeParquet(`SELECT * FROM ${t('validated')} WHERE _violations IS NOT NULL ORDER BY _row_number`, path);
  return { path, rows };
}
