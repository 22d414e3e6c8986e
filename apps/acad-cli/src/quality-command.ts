import type { Settings } from '@acad/config';
import {
  datasetRules,
  formatQualityScore,
  qualityScore,
  toDataBrewRuleset,
  toDqdl,
  type BatchQualityRecord,
  type DataBrewRuleset,
} from '@acad/quality';
import { getContract } from '@acad/schemas';
import { qualityHistory } from './compose';

export interface QualityReport {
  readonly dataset: string;
  /** The newest batch's results; null before any batch was checked. */
  readonly latest: BatchQualityRecord | null;
  /** Scores of the last batches, oldest first (from the recorded counts, so older records read the same way). */
  readonly trend: ReadonlyArray<{
    readonly batchId: string;
    readonly evaluatedAt: string;
    readonly status: string;
    readonly score: number;
  }>;
}

/** `acad quality <dataset>`: the latest batch's rule results and the score trend, from the history store. */
export async function qualityReport(settings: Settings, dataset: string, last: number): Promise<QualityReport> {
  getContract(dataset);
  const history = await qualityHistory(settings).history(dataset, { limit: last });
  const latest = history.at(-1) ?? null;
  return {
    dataset,
    latest,
    trend: history.map((r) => ({ batchId: r.batchId, evaluatedAt: r.evaluatedAt, status: r.status, score: qualityScore(r.summary) })),
  };
}

export function formatQualityReport(report: QualityReport): string {
  if (!report.latest) return `${report.dataset}: no batch has been checked yet.`;
  const { latest } = report;
  const s = latest.summary;
  const lines = [
    `${report.dataset}: batch ${latest.batchId} at ${latest.evaluatedAt} — ${latest.status.toUpperCase()}, ${formatQualityScore(s)}, ${s.total} rules`,
    '',
    ...latest.results.map((r) => {
      const metric = r.metric === null ? '—' : String(Math.round(r.metric * 10000) / 10000);
      const rows = r.failingRows ? `, ${r.failingRows} failing row(s)` : '';
      return `  ${r.outcome.padEnd(6)}  ${r.ruleId}  ${r.type} = ${metric}${rows}${r.detail ? ` — ${r.detail}` : ''}`;
    }),
    ...failingRowLines(latest.failingSamples),
    '',
    `Trend (last ${report.trend.length}): ${report.trend.map((t) => `${t.score}${t.status === 'failed' ? '✗' : ''}`).join(' → ')}`,
  ];
  return lines.join('\n');
}

/** Columns the same on every row of a batch (the header names the batch): left out of the text. */
const BATCH_COLUMNS = new Set(['_batch_id', '_ingested_at', '_partition']);

function withoutBatchColumns(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([column]) => !BATCH_COLUMNS.has(column)));
}

/** Rows shown per rule in text; --json has every sampled row. */
const SAMPLE_ROWS_SHOWN = 3;

function failingRowLines(samples: BatchQualityRecord['failingSamples']): string[] {
  const sampled = Object.entries(samples).filter(([, rows]) => rows.length > 0);
  if (sampled.length === 0) return [];
  const lines = ['', `Failing rows (PII masked; up to ${SAMPLE_ROWS_SHOWN} per rule, more with --json):`];
  for (const [ruleId, rows] of sampled) {
    lines.push(`  ${ruleId}`);
    for (const row of rows.slice(0, SAMPLE_ROWS_SHOWN)) lines.push(`    ${JSON.stringify(withoutBatchColumns(row))}`);
  }
  return lines;
}

export type ExportFormat = 'dqdl' | 'databrew';

/**
 * `acad quality export <dataset>`: the dataset's rules as a Glue Data Quality DQDL ruleset, or
 * as the input of DataBrew's CreateRuleset (rules DataBrew cannot check are listed apart).
 */
export function qualityExport(settings: Settings, dataset: string, format: ExportFormat, targetArn?: string): string | DataBrewRuleset {
  const contract = getContract(dataset);
  const rules = datasetRules(contract);
  if (format === 'dqdl') return toDqdl(rules);
  return toDataBrewRuleset(contract, rules, {
    name: `acad-${dataset}`,
    targetArn: targetArn ?? `arn:aws:databrew:${settings.region}:<account-id>:dataset/acad-${dataset}`,
    description: `Quality rules of the ${dataset} dataset, compiled from its contract.`,
  });
}
