import type { BatchSummary } from '@acad/zones';

/** One line per batch for people; the invariant is spelled out so nothing looks dropped. */
export function formatSummary(s: BatchSummary): string {
  if (s.status === 'rejected') return `✗ rejected   ${s.dataset}/${s.file}: ${s.problem ?? 'rejected'}`;
  if (s.status === 'failed') {
    return `✗ failed     ${s.dataset}/${s.file}: ${s.problem ?? 'the quality gate failed'} (quality ${s.quality.passed} passed, ${s.quality.warned} warned, ${s.quality.failed} failed; nothing committed, the file stays in landing)`;
  }
  if (s.status === 'duplicate') return `= duplicate  ${s.dataset}/${s.file} (batch ${s.batchId} was already committed; nothing changed)`;
  const r = s.rows;
  return (
    `✓ committed  ${s.dataset}/${s.file} batch ${s.batchId}: read ${r.read} = accepted ${r.accepted} + duplicates ${r.duplicates} + quarantined ${r.quarantined}` +
    ` · quality ${s.quality.passed} passed, ${s.quality.warned} warned, ${s.quality.failed} failed (score ${s.quality.score}) · ${(s.durationMs / 1000).toFixed(1)} s`
  );
}

/** PRODUCT.md §7: one object for one batch, an array for several. */
export function summariesJson(summaries: BatchSummary[]): string {
  const shape = summaries.map(({ problem, ...s }) => (problem ? { ...s, problem } : s));
  return JSON.stringify(shape.length === 1 ? shape[0] : shape, null, 2);
}
