import type { CatalogStore, OpenLineageEmitter } from '@acad/catalog';
import type { Engine } from '@acad/engine';
import type { QualityHistoryStore } from '@acad/quality';
import type { AcademicCalendar } from '@acad/schemas';
import type { BatchBackend } from './batch-backend';
import type { DataProtection } from './data-protection';
import type { ZoneStores } from './zone';

/** The structured logger the zones write to (pino's shape). Never given row values. */
export interface ZoneLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export type BatchStep = 'stage' | 'raw' | 'trusted' | 'quality' | 'curated' | 'upload' | 'commit' | 'cleanup';

/** What promotions need from the app that runs them (its composition root builds this). */
export interface ZoneContext {
  stores: ZoneStores;
  /**
   * Opens a pipeline-mode engine; the caller closes it. `tempDirectory` is the batch's private
   * staging folder, where the engine may spill (it holds plaintext).
   */
  openEngine: (options: { tempDirectory: string }) => Promise<Engine>;
  /** Keys and ciphers: raw and quarantine are encrypted at rest, trusted fields protected. */
  protection: DataProtection;
  logger: ZoneLogger;
  /** Identifies this worker in leases, e.g. `host:pid`. */
  owner: string;
  runId: string;
  now?: () => Date;
  /** Where each batch's quality results are kept (history for trends and anomaly rules). */
  qualityHistory?: QualityHistoryStore;
  /** The institution's academic calendar: freshness and anomaly rules of the datasets it lists follow teaching days. */
  calendar?: AcademicCalendar;
  /** Where batches are catalogued and their lineage emitted (left out: not recorded). */
  catalog?: { store: CatalogStore; lineage: OpenLineageEmitter };
  /** Where batches are promoted, judged and built (left out: the embedded engine, `DUCKDB_BACKEND`). */
  backend?: BatchBackend;
  /** Called as a batch moves through its steps, for progress bars. */
  onStep?: (step: BatchStep, batch: { dataset: string; file: string }) => void;
}
