import type { DatasetContract } from '@acad/schemas';
import type { BatchRecord, CatalogEntry, CatalogZone } from './catalog-entry';
import type { ContractVersionRecord, RecordContractOptions, RecordContractResult } from './contract-history';
import type { Lineage } from './lineage';

/** The catalog port: what every adapter (local files today) offers the rest of the platform. */
export interface CatalogStore {
  get(zone: CatalogZone, name: string): Promise<CatalogEntry | undefined>;
  /** Every entry, ordered by qualified name. */
  list(): Promise<CatalogEntry[]>;
  /** Inserts or replaces the entry for (zone, name); the first `createdAt` is kept. */
  upsert(entry: CatalogEntry): Promise<void>;
  /** Upserts several entries in one atomic change: all are written or none. */
  upsertMany(entries: readonly CatalogEntry[]): Promise<void>;
  /** Appends a batch; a committed batch also sets `lastSuccessAt` (and the dataset's `qualityScore`) of its outputs. */
  recordBatch(batch: BatchRecord): Promise<void>;
  /**
   * Several batches in one atomic change, in order: each batch's entries are upserted, then the
   * batch is recorded (as `upsertMany` then `recordBatch` would, one batch after another).
   */
  recordBatches(records: readonly { batch: BatchRecord; entries: readonly CatalogEntry[] }[]): Promise<void>;
  /** Batches of a dataset, newest first; a batch recorded again (a retry) appears once, as last recorded. */
  batches(dataset: string, options?: { limit?: number }): Promise<BatchRecord[]>;
  /** The given batches of a dataset that were recorded, each as last recorded (cheap: it does not check every record). */
  findBatches(dataset: string, batchIds: readonly string[]): Promise<Map<string, BatchRecord>>;
  /** Dataset-level lineage of `zone.dataset`. */
  lineage(qualifiedName: string): Promise<Lineage>;
  /** Column-level lineage of `zone.dataset.column`. */
  columnLineage(qualifiedColumn: string): Promise<Lineage>;
  search(text: string): Promise<CatalogEntry[]>;
  /** Records the contract's columns as a version, refusing incompatible changes unless forced with a migration. */
  recordContract(contract: DatasetContract, options?: RecordContractOptions): Promise<RecordContractResult>;
  /** Recorded versions of a contract, oldest first. */
  contractHistory(name: string): Promise<ContractVersionRecord[]>;
}
