import { sqlIdentifier, sqlQualifiedName, type Engine, type Row } from '@acad/engine';
import type { DatasetContract } from '@acad/schemas';
import type { RuleResult } from './evaluate-rules';
import { maskRow } from './mask-values';
import { ROW_LEVEL_TYPES, type Rule } from './rule';
import { DuplicateWindows, scanMeasure, type ScanRule } from './scan-measures';

/** Failing rows of each failed or warned row-level rule, PII masked, by rule id. */
export type FailingSamples = Record<string, Row[]>;

/**
 * Up to `limit` failing rows per row-level rule that some rows broke (one small query per such
 * rule, only when it failed), with PII columns masked by the contract's classes.
 */
export async function sampleFailingRows(
  engine: Engine,
  relation: string,
  contract: DatasetContract,
  rules: readonly Rule[],
  results: readonly RuleResult[],
  limit = 5,
): Promise<FailingSamples> {
  const samples: FailingSamples = {};
  if (limit <= 0) return samples;
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const result of results) {
    const rule = byId.get(result.ruleId);
    if (!rule || !ROW_LEVEL_TYPES.includes(rule.type) || (result.failingRows ?? 0) === 0) continue;
    const windows = new DuplicateWindows();
    const measure = scanMeasure(rule as ScanRule, windows);
    if (measure.measure !== 'ratio') continue;
    const exclude = windows.isEmpty() ? '' : ` EXCLUDE (${windows.names().map(sqlIdentifier).join(', ')})`;
    const rows = await engine.query(`SELECT *${exclude} FROM ${windows.source(sqlQualifiedName(relation))} WHERE ${measure.failsWhere} LIMIT ${Math.floor(limit)}`);
    samples[rule.id] = rows.map((row) => jsonSafe(maskRow(row, contract)));
  }
  return samples;
}

/** Big integers as text, so a sample survives JSON. */
function jsonSafe(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));
}
