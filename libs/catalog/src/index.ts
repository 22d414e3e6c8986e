export {
  BatchRecordSchema,
  CATALOG_ZONES,
  CatalogColumnSchema,
  CatalogColumnTypeSchema,
  CatalogEntrySchema,
  CatalogZoneSchema,
  QualifiedColumnSchema,
  QualifiedNameSchema,
  parseQualifiedName,
  qualifiedName,
  type BatchRecord,
  type CatalogColumn,
  type CatalogColumnType,
  type CatalogEntry,
  type CatalogZone,
} from './catalog-entry';
export {
  CatalogCorrupt,
  CatalogEntryNotFound,
  CatalogError,
  CatalogLockTimeout,
  ContractVersionConflict,
  GlueSyncFailed,
  IncompatibleSchemaChange,
  InvalidCatalogRecord,
  type SchemaChange,
} from './catalog-errors';
export type { CatalogLockOptions } from './catalog-lock';
export { searchEntries } from './catalog-search';
export type { CatalogStore } from './catalog-store';
export {
  ContractColumnRecordSchema,
  ContractVersionRecordSchema,
  contractColumnRecords,
  diffContractColumns,
  type ContractColumnRecord,
  type ContractVersionRecord,
  type RecordContractOptions,
  type RecordContractResult,
} from './contract-history';
export { catalogEntryFromContract, type ContractZone, type EntryFromContractOptions } from './entry-from-contract';
export { syncToGlue, type GlueSyncOptions, type GlueSyncSummary } from './glue-sync';
export { PARQUET_INPUT_FORMAT, PARQUET_OUTPUT_FORMAT, PARQUET_SERDE, glueTableInput, glueTableName, gluePartitionInput } from './glue-table-input';
export { buildColumnLineage, buildLineage, type Lineage, type LineageNode } from './lineage';
export { LocalCatalogStore, type LocalCatalogStoreOptions } from './local-catalog-store';
export { portableColumnType } from './portable-column-type';
