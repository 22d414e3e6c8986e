import { DuckDBInstance } from '@duckdb/node-api';
const file = process.argv[2];
async function main() {
  const db = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '1GB', temp_directory: '/tmp/exp/spill' });
  const c = await db.connect();
  const t = async (label: string, sql: string) => { const s = Date.now(); const r = await c.runAndReadAll(sql); console.log(label.padEnd(30), ((Date.now() - s) / 1000).toFixed(2), 's', JSON.stringify(r.getRowObjectsJson()[0] ?? {}).slice(0, 80)); };
  await t('baseline copy', `COPY (SELECT * FROM read_csv('${file}')) TO '/tmp/exp/base.parquet' (FORMAT parquet, COMPRESSION zstd)`);
  await t('table from csv', `CREATE TABLE t AS SELECT * FROM read_csv('${file}', header=true, all_varchar=true, store_rejects=true)`);
  await t('raw copy from table w/ rowid', `COPY (SELECT *, rowid + 1 AS _row_number, 'b1' AS _batch_id FROM t) TO '/tmp/exp/raw3.parquet' (FORMAT parquet, COMPRESSION zstd)`);
  await t('rowid order check', `SELECT min(rowid), max(rowid), count(*) FROM t`);
  await t('raw copy snappy', `COPY (SELECT *, rowid + 1 AS _row_number, 'b1' AS _batch_id FROM t) TO '/tmp/exp/raw4.parquet' (FORMAT parquet)`);
  await t('raw copy rownum window', `COPY (SELECT *, row_number() OVER () AS _row_number, 'b1' AS _batch_id FROM read_csv('${file}', header=true, all_varchar=true)) TO '/tmp/exp/raw5.parquet' (FORMAT parquet, COMPRESSION zstd)`);
  await t('file_row_number read', `SELECT count(*), max(file_row_number) FROM read_parquet('/tmp/exp/raw5.parquet', file_row_number=true)`);
}
main();
