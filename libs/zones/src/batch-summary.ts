/** The batch summary of PRODUCT.md §7, printed by `ingest --json`. */
export interface BatchSummary {
  dataset: string;
  batchId: string;
  file: string;
  /** `failed`: a dataset-level quality rule of severity error failed; nothing was committed. */
  status: 'committed' | 'duplicate' | 'rejected' | 'failed';
  rows: { read: number; accepted: number; duplicates: number; quarantined: number };
  quality: { passed: number; warned: number; failed: number; score: number };
  durationMs: number;
  /** Present when status is rejected or failed: what was wrong with the file. */
  problem?: string;
  /**
   * Present when the reader had to do something the sender should know: lines skipped before
   * the header row, a file without one read by position, a second table quarantined.
   */
  warnings?: string[];
}

export function emptyRows(): BatchSummary['rows'] {
  return { read: 0, accepted: 0, duplicates: 0, quarantined: 0 };
}

export function emptyQuality(): BatchSummary['quality'] {
  return { passed: 0, warned: 0, failed: 0, score: 0 };
}
