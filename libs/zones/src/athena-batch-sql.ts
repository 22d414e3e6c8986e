import { TRINO_DIALECT as d, compileValidationSql, getContract, sqlIdent, sqlLiteral, type DatasetContract } from '@acad/schemas';
import type { LakeSnapshot } from './commit-log';
import { hasDirectIdentifiers } from './protect-fields';

export const RAW_LINEAGE = ['_batch_id', '_source_file', '_row_number', '_ingested_at'];

/** Keyed fingerprint of a row's plaintext, kept in trusted beside encrypted direct identifiers (`fingerprintExpression`). */
export const FINGERPRINT_COLUMN = '_fingerprint';

/** The columns trusted holds on Athena, quoted: the contract's, and the fingerprint when direct identifiers are encrypted. */
export function trustedColumns(contract: DatasetContract): string[] {
  return [...contract.columns.map((c) => sqlIdent(c.name)), ...(hasDirectIdentifiers(contract) ? [FINGERPRINT_COLUMN] : [])];
}

/**
 * The table the worker stages for a batch with direct identifiers, one row per valid record
 * (`_row_number`): each direct identifier's ciphertext and the row's fingerprint. Computed in the
 * worker, so neither the fingerprint key nor the field keys ever appear in Athena SQL.
 */
export function protectedRowColumns(contract: DatasetContract): Array<[string, string]> {
  return [
    ['_row_number', 'bigint'],
    ...contract.columns.filter((c) => c.pii === 'direct').map((c): [string, string] => [c.name, 'string']),
    [FINGERPRINT_COLUMN, 'string'],
  ];
}

/** Staging tables of one batch live in the lake's database under a batch prefix. */
export function stagingTable(batchId: string, name: string): string {
  return `stg_${batchId}_${name}`;
}

/** Hive DDL (Athena runs CREATE EXTERNAL TABLE outside Trino): backticks, lower-case types. */
export function externalTableDdl(table: string, columns: ReadonlyArray<[string, string]>, location: string): string {
  return `CREATE EXTERNAL TABLE ${table} (${columns.map(([n, t]) => `\`${n}\` ${t}`).join(', ')}) STORED AS PARQUET LOCATION ${sqlLiteral(location)}`;
}

/** The raw records as the worker parsed them: every contract column as text, plus lineage. */
export function landedColumns(contract: DatasetContract): Array<[string, string]> {
  return [
    ...contract.columns.map((c): [string, string] => [c.name, 'string']),
    ['_batch_id', 'string'],
    ['_source_file', 'string'],
    ['_row_number', 'bigint'],
    ['_ingested_at', 'timestamp'],
  ];
}

export function validationSql(contract: DatasetContract, landed: string): string {
  return compileValidationSql(contract, { source: landed, passthrough: RAW_LINEAGE, dialect: d });
}

/** Trino expression of a row's partition value (the path is `<name>=<value>`). */
export function partitionValue(contract: DatasetContract, row = ''): string {
  const spec = contract.partition;
  if (!spec) return `'all'`;
  const column = `${row}${sqlIdent(spec.column)}`;
  return `coalesce(${spec.transform === 'month' ? d.formatDate(column, '%Y-%m') : d.cast(column, 'text')}, '__null__')`;
}

export interface MergeSqlInput {
  contract: DatasetContract;
  validated: string;
  /** Protect map table per identifier column: plaintext `v` → token `p`. */
  maps: ReadonlyMap<string, string>;
  /** With direct identifiers: the worker's protected rows of the batch (`protectedRowColumns`). */
  rows?: string;
  /** The dataset's trusted Glue table, or undefined before its first batch. */
  existing?: string;
}

/**
 * raw → trusted in one statement: the batch's valid rows, one per key (latest wins), with
 * identifiers replaced from the protect maps, merged with the trusted rows of the partitions
 * the batch touches (the batch wins ties). `_unchanged` marks batch rows identical to a row
 * already trusted (counted as duplicates); `acad_partition` is the row's partition path. Direct
 * identifiers come encrypted from the worker's rows, with the row's fingerprint: their ciphertext
 * is randomised, so a re-delivered row is recognised by its key and fingerprint instead.
 */
export function mergeSql(input: MergeSqlInput): string {
  const { contract } = input;
  const columns = contract.columns.map((c) => sqlIdent(c.name));
  const stored = trustedColumns(contract);
  const key = contract.key.map(sqlIdent).join(', ');
  const latest = contract.latestBy ? `${sqlIdent(contract.latestBy)} DESC NULLS LAST, ` : '';
  const fingerprinted = hasDirectIdentifiers(contract);
  if (fingerprinted && !input.rows) throw new Error(`${contract.name}: direct identifiers need the worker's protected rows`);
  const batchColumns = [
    ...contract.columns.map((c, i) =>
      c.pii === 'identifier' ? `m${i}.p AS ${sqlIdent(c.name)}` : c.pii === 'direct' ? `r.${sqlIdent(c.name)}` : `w.${sqlIdent(c.name)}`,
    ),
    ...(fingerprinted ? [`r.${FINGERPRINT_COLUMN}`] : []),
  ];
  const joins = [
    ...contract.columns.flatMap((c, i) =>
      c.pii === 'identifier' ? [`LEFT JOIN ${input.maps.get(c.name)} m${i} ON m${i}.v = CAST(w.${sqlIdent(c.name)} AS VARCHAR)`] : [],
    ),
    ...(fingerprinted ? [`LEFT JOIN ${input.rows} r ON r._row_number = w._row_number`] : []),
  ];
  // Rows equal to a trusted row: every column compared, or key and fingerprint where ciphertext is randomised.
  const sameRow = fingerprinted ? `${key}, ${FINGERPRINT_COLUMN}` : columns.join(', ');
  const spec = contract.partition;
  const existing = input.existing
    ? `,\nexisting AS (\n  SELECT ${stored.join(', ')}, 0 AS _source FROM ${input.existing}\n  WHERE ${spec ? sqlIdent(spec.name) : `'all'`} IN (SELECT DISTINCT ${spec ? `substr(acad_partition, ${spec.name.length + 2})` : `'all'`} FROM batch)\n)`
    : '';
  const winners = d.firstPerGroup({
    columns: [...columns, '_row_number'],
    from: input.validated,
    where: '_violations IS NULL',
    partitionBy: [key],
    orderBy: `${latest}_row_number DESC`,
  });
  return [
    `WITH winners AS (\n  ${winners}\n),`,
    `batch AS (\n  SELECT ${batchColumns.join(', ')}, 1 AS _source, ${d.concat(sqlLiteral(`${spec?.name ?? 'all'}=`), partitionValue(contract, 'w.'))} AS acad_partition\n  FROM winners w ${joins.join(' ')}\n)${existing}`,
    `SELECT ${stored.join(', ')}, _source, _unchanged, ${d.concat(sqlLiteral(`${spec?.name ?? 'all'}=`), partitionValue(contract))} AS acad_partition FROM (`,
    `  SELECT *, row_number() OVER (PARTITION BY ${key} ORDER BY ${latest}_source DESC) AS __rank,`,
    `    _source = 1 AND count_if(_source = 0) OVER (PARTITION BY ${sameRow}) > 0 AS _unchanged`,
    `  FROM (SELECT ${stored.join(', ')}, _source FROM batch${input.existing ? ` UNION ALL SELECT ${stored.join(', ')}, _source FROM existing` : ''})`,
    `) WHERE __rank = 1`,
  ].join('\n');
}

/** How a model's input reads on Athena: the batch's dataset after the merge, others from Glue; undefined when empty. */
export function curatedInputRelation(snapshot: LakeSnapshot, contract: DatasetContract, merged: string, touched: readonly string[]) {
  return (input: string): string | undefined => {
    const dataset = input.slice('trusted.'.length);
    const columns = getContract(dataset)
      .columns.map((c) => sqlIdent(c.name))
      .join(', ');
    const current = [...(snapshot.trusted.get(dataset)?.keys() ?? [])];
    if (dataset !== contract.name) return current.length ? `trusted_${dataset}` : undefined;
    const untouched = current.filter((p) => !touched.includes(p));
    const spec = contract.partition;
    const rest =
      untouched.length && spec
        ? ` UNION ALL SELECT ${columns} FROM trusted_${dataset} WHERE ${sqlIdent(spec.name)} IN (${untouched.map((p) => sqlLiteral(p.slice(spec.name.length + 1))).join(', ')})`
        : '';
    return `(SELECT ${columns} FROM ${merged}${rest})`;
  };
}

/** An input with no data yet: its columns, no rows. */
export function emptyInputRelation(input: string): string {
  const columns = getContract(input.slice('trusted.'.length)).columns;
  return `(SELECT ${columns.map((c) => `CAST(NULL AS VARCHAR) AS ${sqlIdent(c.name)}`).join(', ')} WHERE false)`;
}
