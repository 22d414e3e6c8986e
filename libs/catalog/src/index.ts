export {
  BatchRecordSchema,
  CATALOG_ZONES,
  CatalogColumnSchema,
  CatalogColumnTypeSchema,
  CatalogEntrySchema,
  CatalogZoneSchema,
  LandingSourceSchema,
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
  OpenLineageEmitFailed,
  UnsupportedColumnType,
  type SchemaChange,
} from './catalog-errors';
export { withCatalogLock, type CatalogLockOptions } from './catalog-lock';
export {
  matchedPlaces,
  searchCatalog,
  searchDatasets,
  searchEntries,
  searchWords,
  type CatalogMatch,
  type SearchableDataset,
} from './catalog-search';
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
export {
  PARQUET_INPUT_FORMAT,
  PARQUET_OUTPUT_FORMAT,
  PARQUET_SERDE,
  glueTableInput,
  glueTableName,
  gluePartitionInput,
} from './glue-table-input';
export { buildColumnLineage, buildLineage, type Lineage, type LineageNode } from './lineage';
export { renderLineageTree } from './lineage-tree-text';
export { LocalCatalogStore, type LocalCatalogStoreOptions } from './local-catalog-store';
export {
  FanOutOpenLineageEmitter,
  HttpOpenLineageEmitter,
  LocalOpenLineageEmitter,
  createOpenLineageEmitter,
  type HttpOpenLineageEmitterOptions,
  type OpenLineageEmitter,
} from './openlineage-emitter';
export {
  ACAD_OPENLINEAGE_PRODUCER,
  OPENLINEAGE_EVENT_TYPES,
  OPENLINEAGE_FACET_SCHEMAS,
  OPENLINEAGE_SCHEMA_URL,
  OpenLineageRunEventSchema,
  openLineageFacet,
  type OpenLineageDataset,
  type OpenLineageEventType,
  type OpenLineageFacet,
  type OpenLineageRunEvent,
} from './openlineage-event';
export { portableColumnType, portableTypeFromDuckDb } from './portable-column-type';
export type { BuiltColumn, CuratedModelLike, CuratedProductBuilt, Promotion, ZoneLocations } from './promotion';
export { LANDING_FILES_KEPT, promotionEntries } from './promotion-entries';
export { promotionJobName, promotionRunEvent, type PromotionEventOptions } from './promotion-events';
export {
  recordPromotion,
  recordPromotionFailure,
  recordPromotions,
  type RecordPromotionOptions,
  type RecordPromotionResult,
} from './record-promotion';
export { syncCatalogToGlue } from './sync-catalog-to-glue';
export {
  LakeReadModel,
  type CommittedBatch,
  type CommittedLake,
  type LakeReadModelSources,
  type LakeSearchHit,
  type ProductDefinition,
} from './lake-read-model';
