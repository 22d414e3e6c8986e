import { acceptedShare, formatAcceptedShare, formatQualityScore } from '@acad/quality';
import type { BatchSummary } from './batch-summary';

/** One line per batch for people (and one per reader warning); the invariant is spelled out so nothing looks dropped. */
export function formatBatchSummary(s: BatchSummary): string {
  return [statusLine(s), ...(s.warnings ?? []).map((w) => `  ! ${w}`)].join('\n');
}

function statusLine(s: BatchSummary): string {
  if (s.status === 'rejected') {
    // A file the run could read is kept in the rejected area under its batch id; a refused link is left where it is.
    const where = s.batchId ? ` (moved to the rejected area: npm run acad -- rejected show ${s.batchId})` : '';
    return `✗ rejected   ${s.dataset}/${s.file}: ${s.problem ?? 'rejected'}${where}`;
  }
  if (s.status === 'failed') {
    return `✗ failed     ${s.dataset}/${s.file}: ${s.problem ?? 'the quality gate failed'} (quality ${formatQualityScore(s.quality)}; nothing committed, the file stays in landing)`;
  }
  if (s.status === 'duplicate') return `= duplicate  ${s.dataset}/${s.file} (batch ${s.batchId} was already committed; nothing changed)`;
  const r = s.rows;
  return (
    `✓ committed  ${s.dataset}/${s.file} batch ${s.batchId}: read ${r.read} = accepted ${r.accepted} + duplicates ${r.duplicates} + quarantined ${r.quarantined}` +
    ` · quality ${formatQualityScore(s.quality)} · ${formatAcceptedShare(r)} · ${(s.durationMs / 1000).toFixed(1)} s`
  );
}

/**
 * PRODUCT.md §7, the JSON of one batch: `problem` and `warnings` only when there are some, and
 * `quality.acceptedShare` (0–1, or null when no row was judged), the share of rows accepted,
 * beside the rule counts and score.
 */
export function batchSummaryJson({ problem, warnings, ...s }: BatchSummary): object {
  return {
    ...s,
    quality: { ...s.quality, acceptedShare: acceptedShare(s.rows) },
    ...(problem ? { problem } : {}),
    ...(warnings && warnings.length > 0 ? { warnings } : {}),
  };
}

/** One object for one batch, an array for several (`ingest --json`). */
export function batchSummariesJson(summaries: readonly BatchSummary[]): string {
  const shape = summaries.map(batchSummaryJson);
  return JSON.stringify(shape.length === 1 ? shape[0] : shape, null, 2);
}
