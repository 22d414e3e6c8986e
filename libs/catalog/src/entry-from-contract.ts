import type { ColumnSpec, DatasetContract } from '@acad/schemas';
import { CatalogEntrySchema, type CatalogColumn, type CatalogEntry, type CatalogZone } from './catalog-entry';
import { portableColumnType } from './portable-column-type';

/** Zones whose layout follows a dataset contract; curated products are SQL models instead. */
export type ContractZone = Exclude<CatalogZone, 'curated'>;

export interface EntryFromContractOptions {
  /** Where the zone keeps the dataset, e.g. `s3://acad-trusted/attendance/` or a local folder. */
  readonly location: string;
  /** Creation and update time; defaults to now. */
  readonly now?: string;
  readonly partitions?: readonly string[];
  readonly rowCount?: number;
  readonly bytes?: number;
  readonly lastSuccessAt?: string;
  readonly qualityScore?: number;
  /** Defaults: raw has none; quarantine and trusted come from `raw.<dataset>`. */
  readonly upstream?: readonly string[];
  /** Columns the zone adds beyond the contract and the row-lineage columns (e.g. quarantine reasons). */
  readonly extraColumns?: readonly CatalogColumn[];
}

/** Row-lineage columns every raw and quarantine row carries (PRODUCT.md §3). */
const ROW_LINEAGE_COLUMNS: readonly CatalogColumn[] = [
  { name: '_batch_id', type: 'string', description: 'Batch that ingested the row.', pii: 'none', tags: ['lineage'] },
  { name: '_source_file', type: 'string', description: 'Landing file the row came from.', pii: 'none', tags: ['lineage'] },
  { name: '_row_number', type: 'bigint', description: 'Row number within the source file.', pii: 'none', tags: ['lineage'] },
  { name: '_ingested_at', type: 'timestamp', description: 'When the row was ingested.', pii: 'none', tags: ['lineage'] },
];

/** Builds the catalog entry of a contract's dataset in one zone: metadata only, never values. */
export function catalogEntryFromContract(contract: DatasetContract, zone: ContractZone, options: EntryFromContractOptions): CatalogEntry {
  const now = options.now ?? new Date().toISOString();
  const columns = contract.columns.map((c) => catalogColumn(contract, c, zone));
  if (zone !== 'trusted') columns.push(...ROW_LINEAGE_COLUMNS);
  columns.push(...(options.extraColumns ?? []));
  const partitionKeys = zone === 'trusted' && contract.partition ? [contract.partition.name] : [];
  return CatalogEntrySchema.parse({
    name: contract.name,
    zone,
    description: contract.description,
    owner: contract.owner,
    contractVersion: contract.version,
    columns,
    location: options.location,
    format: 'parquet',
    partitionKeys,
    partitions: [...(options.partitions ?? [])],
    rowCount: options.rowCount ?? 0,
    bytes: options.bytes ?? 0,
    createdAt: now,
    updatedAt: now,
    freshnessSlaHours: contract.freshnessSlaHours,
    lastSuccessAt: options.lastSuccessAt,
    qualityScore: options.qualityScore,
    upstream: [...(options.upstream ?? (zone === 'raw' ? [] : [`raw.${contract.name}`]))],
  });
}

function catalogColumn(contract: DatasetContract, column: ColumnSpec, zone: ContractZone): CatalogColumn {
  // Raw and quarantine keep every cell as delivered text; trusted replaces identifiers with
  // tokens and direct identifiers with ciphertext, both text whatever the declared type.
  const protectedInTrusted = column.pii === 'identifier' || column.pii === 'direct';
  const type = zone === 'trusted' && !protectedInTrusted ? portableColumnType(column) : 'string';
  const tags: string[] = [];
  if (contract.key.includes(column.name)) tags.push('key');
  if (column.required) tags.push('required');
  if (column.pii !== 'none') tags.push(`pii:${column.pii}`);
  if (zone === 'trusted' && column.pii === 'identifier') tags.push('tokenized');
  if (zone === 'trusted' && column.pii === 'direct') tags.push('encrypted');
  if (contract.partition?.column === column.name) tags.push(`partition-source:${contract.partition.name}`);
  return { name: column.name, type, description: column.description, pii: column.pii, tags };
}
