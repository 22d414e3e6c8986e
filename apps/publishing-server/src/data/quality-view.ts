import { rowAccess, visibleColumns, type Role } from '@acad/access';
import type { Row } from '@acad/engine';
import {
  datasetRules,
  dqdlRuleText,
  QUALITY_SCORE_MEANING,
  qualityScore,
  type BatchQualityRecord,
  type QualityHistoryStore,
  type RuleOutcome,
  type Threshold,
} from '@acad/quality';
import { contractRules, getContract } from '@acad/schemas';
import type { PublishedDataset } from './published-datasets';

/** One batch in a rule's history: its outcome there (null when the rule did not run on it) and what it measured. */
export interface RuleHistoryPoint {
  batchId: string;
  evaluatedAt: string;
  outcome: RuleOutcome | null;
  metric: number | null;
}

/** A rule as the quality page shows it, Data Docs style: what it checks, its latest outcome, its history, failing rows. */
export interface RuleQuality {
  ruleId: string;
  type: string;
  severity: string;
  /** The rule in DQDL (`dqdl`), or what a contract check tests (`contract`: parse and type checks quarantine rows, they have no DQDL). */
  definition: { kind: 'dqdl' | 'contract'; text: string };
  latest: {
    outcome: RuleOutcome;
    metric: number | null;
    /** What the metric is compared with, e.g. `= 1` or `between 0.5 and 2`; null while it has no bound yet. */
    threshold: string | null;
    failingRows: number | null;
    quarantinedRows: number | null;
    detail: string | null;
  };
  history: RuleHistoryPoint[];
  /** The latest batch's failing rows as the quality record stores them (PII masked), in the columns this role sees; null when the role may not read rows. */
  samples: { columns: string[]; rows: Row[] } | null;
  /** True when the record kept failing rows this role may not read. */
  samplesWithheld: boolean;
}

export interface DatasetQuality {
  dataset: string;
  zone: 'trusted';
  /** What the score means, in a sentence or three. */
  scoreMeaning: string;
  batches: Array<{
    batchId: string;
    evaluatedAt: string;
    status: 'passed' | 'failed';
    score: number;
    passed: number;
    warned: number;
    failed: number;
    total: number;
  }>;
  rules: RuleQuality[];
}

// Columns the same on every row of a batch (the page names the batch), left out of samples.
const BATCH_COLUMNS = new Set(['_batch_id', '_ingested_at', '_partition', '_source_file']);
const ORDER: Record<RuleOutcome, number> = { failed: 0, warned: 1, passed: 2 };

/** Where each rule id comes from: its DQDL in the dataset's rules, or its contract check's reason. */
function definitions(dataset: string): Map<string, RuleQuality['definition']> {
  const contract = getContract(dataset);
  const byId = new Map<string, RuleQuality['definition']>();
  for (const check of contractRules(contract)) byId.set(check.id, { kind: 'contract', text: `Contract check: ${check.reason}.` });
  byId.set(`${dataset}.parse`, { kind: 'contract', text: 'Contract check: every record of the file parses into the declared columns.' });
  for (const rule of datasetRules(contract)) byId.set(rule.id, { kind: 'dqdl', text: dqdlRuleText(rule) });
  return byId;
}

// A bound this large stands for "none yet" (an anomaly rule still learning its baseline).
const UNBOUNDED = 1e300;

function thresholdText(threshold: Threshold): string | null {
  const bounds = threshold.op === 'between' ? threshold.value : [threshold.value];
  if (bounds.some((b) => !Number.isFinite(b) || Math.abs(b) >= UNBOUNDED)) return null;
  return threshold.op === 'between' ? `between ${threshold.value[0]} and ${threshold.value[1]}` : `${threshold.op} ${threshold.value}`;
}

/** The sampled rows' columns this role sees (`remove` treatments left out), lineage columns except the row number left out. */
function sampleColumns(role: Role, dataset: PublishedDataset, rows: readonly Row[]): string[] {
  const removed = new Set(
    visibleColumns(role, dataset, 'trusted')
      .filter((c) => c.treatment === 'remove')
      .map((c) => c.name),
  );
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return names.filter((n) => !BATCH_COLUMNS.has(n) && !removed.has(n));
}

/**
 * A trusted dataset's quality from the pipeline's quality history: the score of each of the last
 * `limit` batches, and each rule of the latest batch with its outcome over those batches and the
 * failing rows the record keeps (masked when recorded; shown only to a role that may read rows).
 */
export async function datasetQuality(
  history: QualityHistoryStore,
  role: Role,
  dataset: PublishedDataset,
  limit: number,
): Promise<DatasetQuality> {
  const records: BatchQualityRecord[] = await history.history(dataset.name, { limit });
  const latest = records.at(-1);
  const defined = definitions(dataset.name);
  const mayReadRows = rowAccess(role, 'acad:ReadRows', dataset.resource) === 'allowed';
  const rules = (latest?.results ?? []).map((result): RuleQuality => {
    const sampled = latest?.failingSamples[result.ruleId] ?? [];
    const columns = sampleColumns(role, dataset, sampled);
    return {
      ruleId: result.ruleId,
      type: result.type,
      severity: result.severity,
      definition: defined.get(result.ruleId) ?? { kind: 'contract', text: `${result.type} (defined elsewhere)` },
      latest: {
        outcome: result.outcome,
        metric: result.metric,
        threshold: thresholdText(result.threshold),
        failingRows: result.failingRows,
        quarantinedRows: result.quarantinedRows ?? null,
        detail: result.detail ?? null,
      },
      history: records.map((record) => {
        const past = record.results.find((r) => r.ruleId === result.ruleId);
        return { batchId: record.batchId, evaluatedAt: record.evaluatedAt, outcome: past?.outcome ?? null, metric: past?.metric ?? null };
      }),
      samples:
        mayReadRows && sampled.length
          ? { columns, rows: sampled.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null]))) }
          : null,
      samplesWithheld: !mayReadRows && sampled.length > 0,
    };
  });
  return {
    dataset: dataset.name,
    zone: 'trusted',
    scoreMeaning: QUALITY_SCORE_MEANING,
    batches: records.map((r) => ({
      batchId: r.batchId,
      evaluatedAt: r.evaluatedAt,
      status: r.status,
      score: qualityScore(r.summary),
      passed: r.summary.passed,
      warned: r.summary.warned,
      failed: r.summary.failed,
      total: r.summary.total,
    })),
    rules: rules.sort((a, b) => ORDER[a.latest.outcome] - ORDER[b.latest.outcome]),
  };
}
