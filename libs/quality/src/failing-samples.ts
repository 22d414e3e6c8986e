import { sqlIdentifier, sqlQualifiedName, type Engine, type Row } from '@acad/engine';
import type { DatasetContract } from '@acad/schemas';
import type { RuleResult } from './evaluate-rules';
import { maskRow } from './mask-values';
import { ReferenceJoins } from './reference-joins';
import { ROW_LEVEL_TYPES, type Rule } from './rule';
import { DuplicateWindows, scanMeasure, type ScanRule } from './scan-measures';

/** Failing rows of each failed or warned row-level rule, PII masked, by rule id. */
export type FailingSamples = Record<string, Row[]>;

/**
 * Up to `limit` failing rows per row-level rule that some rows broke (one small query per such
 * rule, only when it failed), with PII columns masked by the contract's classes. Rows that break
 * a ReferentialIntegrity rule are sampled too: those whose keys `references` lacks.
 */
export async function sampleFailingRows(
  engine: Engine,
  relation: string,
  contract: DatasetContract,
  rules: readonly Rule[],
  results: readonly RuleResult[],
  limit = 5,
  references: Readonly<Record<string, string>> = {},
): Promise<FailingSamples> {
  const samples: FailingSamples = {};
  if (limit <= 0) return samples;
  const byId = new Map(rules.map((r) => [r.id, r]));
  const sample = async (sql: string) => (await engine.query(sql)).map((row) => jsonSafe(maskRow(row, contract)));
  for (const result of results) {
    const rule = byId.get(result.ruleId);
    if (!rule || (result.failingRows ?? 0) === 0) continue;
    if (rule.type === 'ReferentialIntegrity') {
      const where = new ReferenceJoins(references).failsWhere(rule, '__acad_row');
      samples[rule.id] = await sample(`SELECT __acad_row.* FROM ${sqlQualifiedName(relation)} AS __acad_row WHERE ${where} LIMIT ${Math.floor(limit)}`);
      continue;
    }
    if (!ROW_LEVEL_TYPES.includes(rule.type)) continue;
    const windows = new DuplicateWindows();
    const measure = scanMeasure(rule as ScanRule, windows);
    if (measure.measure !== 'ratio') continue;
    const exclude = windows.isEmpty() ? '' : ` EXCLUDE (${windows.names().map(sqlIdentifier).join(', ')})`;
    samples[rule.id] = await sample(`SELECT *${exclude} FROM ${windows.source(sqlQualifiedName(relation))} WHERE ${measure.failsWhere} LIMIT ${Math.floor(limit)}`);
  }
  return samples;
}

/** Big integers as text, so a sample survives JSON. */
function jsonSafe(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));
}
