export { batchIdFor, hashFile } from './batch-id';
export { emptyQuality, emptyRows, type BatchSummary } from './batch-summary';
export { batchSummariesJson, batchSummaryJson, formatBatchSummary } from './format-batch-summary';
export { buildCuratedModels } from './build-curated';
export {
  appendCommit,
  AsOfUnavailable,
  COMMIT_FORMAT,
  datasetFiles,
  findBatch,
  logKey,
  partitionFiles,
  readSnapshot,
  recordedSha256,
  resolveAsOf,
  type CommitEntry,
  type CommitGroup,
  type LakeSnapshot,
  type LogRecord,
} from './commit-log';
export { CommitLease, type LeaseOptions } from './commit-lease';
export {
  assertReadableFile,
  isTransferName,
  landFile,
  landFiles,
  landingKey,
  pendingLandingFiles,
  refusedLandingEntries,
  refusedSummary,
  type LandedFile,
  type LandingFile,
  type RefusedLandingEntry,
} from './land-file';
export { detectFormat, type DetectedFormat, type LandingFormat, type TextEncoding } from './landing-format';
export * from './models/index';
export { ORPHAN_AGE_MS, PrivateStaging, removeOrphanedStaging } from './private-staging';
export { assertBatchInvariant } from './batch-outputs';
export { runLandingFile, type RunLandingFileOptions } from './run-landing-file';
export { rebuildCurated, refreshStaleCurated } from './refresh-curated';
export { recordInCatalog, type BatchOutcome } from './record-in-catalog';
export { stageTrustedFiles } from './trusted-snapshot-files';
export { partitionExpression, partitionFollowsKey, trustedKey } from './trusted-layout';
export { DATA_ZONES, type DataZone, type ZoneStores } from './zone';
export type { BatchStep, ZoneContext, ZoneLogger } from './zone-context';
export {
  DatasetRejected,
  InputFileUnreadable,
  LakeHoldsData,
  LeaseLost,
  LeaseUnavailable,
  TamperedObject,
  UnknownCuratedProduct,
} from './zone-errors';
export { firstLakeData, initializeKeys, type KeysInitialized } from './initialize-keys';
export { createZoneStores, zoneBucketName, type ZoneStoreLocation } from './zone-stores';
export { openLakeQuery, type LakeQuery } from './open-lake-query';
export { buildServingSnapshots, builtServingSnapshots, CommitNotFound, removeServingFiles } from './build-serving-snapshots';
export {
  openServingSnapshot,
  SERVING_CATALOG_ALIAS,
  type ServingDatabase,
  type ServingDefinition,
  type ServingSnapshot,
} from './serving-snapshot';
export {
  createDataProtection,
  dataProtectionFromKeyring,
  dataProtectionFromKeys,
  type DataProtection,
  type FieldAndTokenKeys,
  type KeyLocation,
} from './data-protection';
export { createLakeDataKeys, DATA_KEYS_PREFIX, dataKeyObject, openLakeDataKeys, readLakeDataKeys } from './lake-data-keys';
export {
  createProtectMaps,
  keyPartSql,
  storedRowKey,
  fingerprintExpression,
  hasDirectIdentifiers,
  protectedColumns,
  protectedSelect,
  type ProtectInputs,
  type ProtectMaps,
} from './protect-fields';
export { SEALED_ZONES, rewrapSealedObjects, type RewrapReport } from './rewrap-sealed-objects';
export { quarantineSummary, type QuarantineSummary } from './quarantine-report';
export { expectedSealedObject, sealedObjectContext, stageSealedObject, type SealedZone } from './sealed-objects';
export { stageCommittedFile } from './committed-files';
export {
  LandingFileInTheWay,
  RejectedFileNotFound,
  discardRejectedFile,
  findRejectedFile,
  listRejectedFiles,
  moveToRejected,
  restoreRejectedFile,
  type FileToReject,
  type RejectionRecord,
} from './rejected-files';
export { DEFAULT_PIPELINE_MEMORY_LIMIT, pipelineEngineFactory, type PipelineEngineLimits } from './pipeline-engine';
export { SharedEngine } from './shared-engine';
export { athenaBackend } from './athena-backend';
export { DUCKDB_BACKEND } from './duckdb-backend';
export type {
  BackendRun,
  BatchBackend,
  GatedBatch,
  GroupRun,
  ParsedBatch,
  PromotedBatch,
  PromotedRows,
  SealedBatch,
  StagedBatch,
} from './batch-backend';
export { athenaLake, athenaNames, type AthenaLake, type AthenaLakeLocation, type AthenaLakeOptions } from './athena-lake';
export { gateBatchQuality, type QualityGate } from './gate-batch-quality';
export { runLandingFiles, type RunLandingFilesOptions } from './run-landing-files';
export { verifyLake, type FileStatus, type LakeVerification, type VerifiedFile } from './verify-lake';
export { rebuildCatalog, type CatalogRebuild } from './rebuild-catalog';
export { DEFAULT_RETENTION_DAYS, vacuumLake, type RemovedFile, type VacuumOptions, type VacuumReport } from './vacuum-lake';
export { composeZoneContext, type ZoneContextChoice } from './compose-zone-context';
export { describeCuratedProducts, type CuratedProductColumns } from './curated-product-columns';
