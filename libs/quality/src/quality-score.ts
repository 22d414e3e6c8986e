/** How many rules of a batch passed, warned and failed (`failed`: rules of severity error only). */
export interface RuleOutcomeCounts {
  readonly passed: number;
  readonly warned: number;
  readonly failed: number;
}

/** The row counts of a batch summary the accepted share is read from. */
export interface AcceptedRowCounts {
  readonly accepted: number;
  readonly quarantined: number;
}

/** What a score means, for people reading one (README "The quality score"). */
export const QUALITY_SCORE_MEANING =
  'The score is the rules that passed against the rules that passed plus the rules that failed. Only a rule of severity error can fail; ' +
  'warnings (a warn rule that failed, an anomaly rule still learning its baseline, a contract rule that sent rows to quarantine) are listed ' +
  'beside the score and never count against it, so healthy data scores 100% however many warnings it has. The score is rounded down, so one ' +
  'failure never reads 100%. Beside it stands the share of rows accepted: accepted rows against accepted plus quarantined rows (duplicates left out).';

/**
 * The quality score, 0–1 (3 decimals, rounded down so one failure never reads 1): rules passed
 * against rules passed plus rules failed.
 * Only a rule of severity error can fail; warnings (a warn rule that failed, an anomaly rule still
 * learning, contract rules that quarantined rows) are reported beside the score and never count
 * against it, so a healthy batch scores 1 however many warnings it has. 1 when nothing was judged.
 */
export function qualityScore(counts: Pick<RuleOutcomeCounts, 'passed' | 'failed'>): number {
  return Math.floor(passedShare(counts) * 1000) / 1000;
}

function passedShare(counts: Pick<RuleOutcomeCounts, 'passed' | 'failed'>): number {
  const judged = counts.passed + counts.failed;
  return judged === 0 ? 1 : counts.passed / judged;
}

/**
 * The share of a batch's rows accepted into trusted, 0–1: accepted / (accepted + quarantined).
 * Duplicates are left out: a re-delivered row is not a bad row. Null when no row was judged.
 */
export function acceptedShare(rows: AcceptedRowCounts): number | null {
  const judged = rows.accepted + rows.quarantined;
  return judged === 0 ? null : rows.accepted / judged;
}

/** `score 100% (9 passed, 0 failed; 15 warnings not counted)`: the score with its breakdown, for people. */
export function formatQualityScore(counts: RuleOutcomeCounts): string {
  const warnings = counts.warned === 0 ? '' : `; ${counts.warned} warning${counts.warned === 1 ? '' : 's'} not counted`;
  return `score ${formatPercent(passedShare(counts))} (${counts.passed} passed, ${counts.failed} failed${warnings})`;
}

/** `98.0% of rows accepted (440 quarantined)`, or `no rows judged`. */
export function formatAcceptedShare(rows: AcceptedRowCounts): string {
  const share = acceptedShare(rows);
  if (share === null) return 'no rows judged';
  return `${formatPercent(share)} of rows accepted${rows.quarantined === 0 ? '' : ` (${rows.quarantined} quarantined)`}`;
}

/** A share (a score, 0–1) as people read it: whole percent when exact, else one decimal rounded down, so anything short of all never reads 100%. */
export function formatPercent(share: number): string {
  if (share >= 1) return '100%';
  return `${(Math.floor(share * 1000) / 10).toFixed(1)}%`;
}
