import type { FailingSamples } from './failing-samples';
import type { QualitySummary, RuleResult } from './evaluate-rules';

/** The quality of one batch, as kept in the history. */
export interface BatchQualityRecord {
  readonly dataset: string;
  readonly batchId: string;
  /** The relation the rules ran on, e.g. the batch's accepted rows or the trusted table. */
  readonly relation: string;
  readonly evaluatedAt: string;
  /** `failed` when a rule of severity error failed: the batch must not reach curated. */
  readonly status: 'passed' | 'failed';
  readonly summary: QualitySummary;
  readonly results: readonly RuleResult[];
  readonly failingSamples: FailingSamples;
}

export interface HistoryQuery {
  /** The newest `limit` records (default all). */
  readonly limit?: number;
}

/** Per-batch quality results, oldest first; the port DetectAnomalies learns from. */
export interface QualityHistoryStore {
  /** Appends a batch's record; recording the same batch again replaces it. */
  record(result: BatchQualityRecord): Promise<void>;
  latest(dataset: string): Promise<BatchQualityRecord | undefined>;
  history(dataset: string, query?: HistoryQuery): Promise<BatchQualityRecord[]>;
  /** Past metric values of one rule (oldest first), skipping batches where it had none. */
  metricHistory(dataset: string, ruleId: string, query?: HistoryQuery & { readonly excludeBatches?: readonly string[] }): Promise<number[]>;
}
