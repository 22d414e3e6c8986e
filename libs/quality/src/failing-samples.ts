import { sqlQualifiedName, type Engine, type Row } from '@acad/engine';
import type { DatasetContract, SqlDialect } from '@acad/schemas';
import type { RuleResult } from './evaluate-rules';
import { maskRow } from './mask-values';
import { ReferenceJoins } from './reference-joins';
import { ROW_LEVEL_TYPES, type Rule } from './rule';
import { DuplicateWindows, scanMeasure, type ScanRule } from './scan-measures';
import type { SchemaColumn } from './schema-rules';

/** Failing rows of each failed or warned row-level rule, PII masked, by rule id. */
export type FailingSamples = Record<string, Row[]>;

export interface SampleOptions {
  /** Rows kept per rule (default 5); 0 samples nothing. */
  readonly limit?: number;
  /** Relations of the datasets ReferentialIntegrity rules name, by dataset. */
  readonly references?: Readonly<Record<string, string>>;
  /** The dialect the sample queries are written in (default: the engine's). */
  readonly dialect?: SqlDialect;
  /** The relation's columns and DuckDB types, when known: typed columns skip text checks, as in the scan. */
  readonly schema?: readonly SchemaColumn[];
}

/**
 * Up to `limit` failing rows per row-level rule that some rows broke (one small query per such
 * rule, only when it failed), with PII columns masked by the contract's classes. Rows that break
 * a ReferentialIntegrity rule are sampled too: those whose keys `references` lacks. On Athena
 * each sample is one more query, run only for a rule that failed or warned.
 */
export async function sampleFailingRows(
  engine: Engine,
  relation: string,
  contract: DatasetContract,
  rules: readonly Rule[],
  results: readonly RuleResult[],
  { limit = 5, references = {}, dialect = engine.dialect, schema }: SampleOptions = {},
): Promise<FailingSamples> {
  const samples: FailingSamples = {};
  if (limit <= 0) return samples;
  const byId = new Map(rules.map((r) => [r.id, r]));
  const types = schema && Object.fromEntries(schema.map((c) => [c.name, c.type]));
  // Window columns (duplicate counts) are left out of the rows, here rather than by EXCLUDE, which Trino lacks.
  const sample = async (sql: string, leaveOut: readonly string[] = []) =>
    (await engine.query(sql)).map((row) => jsonSafe(maskRow(without(row, leaveOut), contract)));
  for (const result of results) {
    const rule = byId.get(result.ruleId);
    if (!rule || (result.failingRows ?? 0) === 0) continue;
    if (rule.type === 'ReferentialIntegrity') {
      const where = new ReferenceJoins(references).failsWhere(rule, '__acad_row');
      samples[rule.id] = await sample(
        `SELECT __acad_row.* FROM ${sqlQualifiedName(relation)} AS __acad_row WHERE ${where} LIMIT ${Math.floor(limit)}`,
      );
      continue;
    }
    if (!ROW_LEVEL_TYPES.includes(rule.type)) continue;
    const windows = new DuplicateWindows(dialect);
    const measure = scanMeasure(rule as ScanRule, { windows, types, dialect });
    if (measure.measure !== 'ratio') continue;
    samples[rule.id] = await sample(
      `SELECT * FROM ${windows.source(sqlQualifiedName(relation))} WHERE ${measure.failsWhere} LIMIT ${Math.floor(limit)}`,
      windows.names(),
    );
  }
  return samples;
}

function without(row: Row, names: readonly string[]): Row {
  return names.length === 0 ? row : Object.fromEntries(Object.entries(row).filter(([name]) => !names.includes(name)));
}

/** Big integers as text, so a sample survives JSON. */
function jsonSafe(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));
}
