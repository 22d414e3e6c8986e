import type { Engine, Row } from '@acad/engine';
import { compileRules, type CompiledRule, type CompileOptions } from './compile-sql';
import { effectiveThreshold, meetsThreshold, type Rule, type RuleType, type Severity, type Threshold } from './rule';

export type RuleOutcome = 'passed' | 'failed' | 'warned';

export interface RuleResult {
  readonly ruleId: string;
  readonly type: RuleType;
  readonly severity: Severity;
  /** `warned` is a failed rule of severity `warn`. */
  readonly outcome: RuleOutcome;
  /** Ratio rules: passing / considered rows (1 when no row is considered). Others: the measured value. */
  readonly metric: number | null;
  readonly threshold: Threshold;
  /** Rows that broke a row-level rule; null for aggregate rules. */
  readonly failingRows: number | null;
  /** Why there is no metric, when there is none. */
  readonly detail?: string;
}

export interface QualitySummary {
  readonly total: number;
  readonly passed: number;
  readonly warned: number;
  readonly failed: number;
  /** passed / total, 0–1, rounded to 3 decimals; 1 when there is no rule. */
  readonly score: number;
}

/**
 * Evaluates rules over `relation` with as few scans as possible: one aggregate query for most
 * rules, one query each for ReferentialIntegrity and CustomSql. Results keep the rules' order.
 */
export async function evaluateRules(engine: Engine, relation: string, rules: readonly Rule[], options: CompileOptions = {}): Promise<RuleResult[]> {
  const compiled = compileRules(relation, rules, options);
  const scanRow = compiled.scanSql === null ? {} : ((await engine.query(compiled.scanSql))[0] ?? {});
  const results: RuleResult[] = [];
  for (const entry of compiled.rules) {
    const rows = entry.query === undefined ? [scanRow] : await engine.query(entry.query);
    results.push(resultOf(entry, rows));
  }
  return results;
}

export function summariseResults(results: readonly RuleResult[]): QualitySummary {
  const passed = results.filter((r) => r.outcome === 'passed').length;
  const warned = results.filter((r) => r.outcome === 'warned').length;
  const failed = results.filter((r) => r.outcome === 'failed').length;
  const score = results.length === 0 ? 1 : Math.round((passed / results.length) * 1000) / 1000;
  return { total: results.length, passed, warned, failed, score };
}

function resultOf(entry: CompiledRule, rows: Row[]): RuleResult {
  const { rule } = entry;
  const threshold = effectiveThreshold(rule);
  let metric: number | null;
  let failingRows: number | null = null;
  let detail: string | undefined;
  if ('considered' in entry.columns) {
    const considered = toNumber(rows[0]?.[entry.columns.considered]) ?? 0;
    failingRows = toNumber(rows[0]?.[entry.columns.failing]) ?? 0;
    metric = considered === 0 ? 1 : (considered - failingRows) / considered;
  } else if (rows.length !== 1) {
    metric = null;
    detail = `the query returned ${rows.length} rows; it must return exactly one`;
  } else {
    metric = toNumber(rows[0][entry.columns.value]);
    if (metric === null) detail = 'the measured value is empty or not a number (e.g. no rows to measure)';
  }
  const passed = metric !== null && meetsThreshold(metric, threshold);
  const outcome: RuleOutcome = passed ? 'passed' : rule.severity === 'warn' ? 'warned' : 'failed';
  return { ruleId: rule.id, type: rule.type, severity: rule.severity, outcome, metric, threshold, failingRows, ...(detail ? { detail } : {}) };
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}
