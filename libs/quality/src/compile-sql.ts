import { sqlIdentifier, sqlQualifiedName } from '@acad/engine';
import type { SqlDialect } from '@acad/schemas';
import { bindPrimaryAlias } from './custom-sql';
import { InvalidRule } from './quality-errors';
import { ALL_ROWS, type AnomalyMetric, type Rule } from './rule';
import { GROUP_COLUMN, KeyGroups } from './key-groups';
import { DuplicateWindows, scanMeasure, type ScanRule } from './scan-measures';
import { ValueGroups } from './value-groups';

export interface CompileOptions {
  /** Relation for each ReferentialIntegrity reference dataset alias; the alias itself when left out. */
  readonly references?: Readonly<Record<string, string>>;
  /** DuckDB type of each column of the relation (from DESCRIBE): lets typed columns skip text checks. */
  readonly types?: Readonly<Record<string, string>>;
  /** Count duplicate keys by grouping, not by the quick hash check (see KeyGroups). */
  readonly exactKeys?: boolean;
  /**
   * The dialect to compile to (default DuckDB's; `evaluateRules` uses its engine's). In Trino's (Athena) keys are
   * always counted exactly: Trino's hashes are of bytes, not values.
   */
  readonly dialect?: SqlDialect;
  /**
   * Measure every rule per value of this column: the scan returns a row per group, with the
   * group in GROUP_COLUMN. CustomSql rules cannot be measured so (see `measurableByGroup`).
   */
  readonly groupBy?: string;
}

/**
 * Where a rule's numbers come from. `ratio` rules return `considered` and `failing` row counts
 * (metric = passing / considered); `value` rules return one number; `schema` rules read the
 * relation's columns; composites and anomaly rules combine the measures of the rules inside.
 */
export type CompiledRule =
  | {
      readonly rule: Rule;
      readonly measure: 'ratio';
      readonly query?: string;
      readonly columns: { readonly considered: string; readonly failing: string };
    }
  | { readonly rule: Rule; readonly measure: 'value'; readonly query?: string; readonly columns: { readonly value: string } }
  | { readonly rule: Rule; readonly measure: 'schema' }
  | { readonly rule: Rule; readonly measure: 'composite'; readonly children: readonly CompiledRule[] }
  | { readonly rule: Rule; readonly measure: 'anomaly'; readonly inner: CompiledRule }
  /** A Dynamic rule: its measured rule's metric, judged against a condition resolved from history. */
  | { readonly rule: Rule; readonly measure: 'dynamic'; readonly inner: CompiledRule }
  /** A rule kept as DQDL and reported as not evaluated here. */
  | { readonly rule: Rule; readonly measure: 'none' };

export interface CompiledRules {
  /** One aggregate SELECT over the relation for every rule that fits in it; null when none does. */
  readonly scanSql: string | null;
  /** True when some rule needs the relation's column names and types (one DESCRIBE). */
  readonly needsSchema: boolean;
  /** True when the scan returns HASH_REPEATS_COLUMN: above 0, compile again with `exactKeys`. */
  readonly checksKeyHashes: boolean;
  readonly rules: readonly CompiledRule[];
}

/**
 * Compiles rules over `relation` into one aggregate statement (one aggregate per measure; duplicate
 * counts as CTEs of it; ReferentialIntegrity, and the row-level rules on its columns, measured on
 * the distinct values of those columns: see ValueGroups), plus one query per CustomSql rule, plus
 * the relation's schema for ColumnCount, ColumnExists and SchemaMatch.
 */
export function compileRules(relation: string, rules: readonly Rule[], options: CompileOptions = {}): CompiledRules {
  assertValidRules(rules);
  const relationSql = sqlQualifiedName(relation);
  const trino = options.dialect?.name === 'trino';
  const scan = {
    windows: new DuplicateWindows(options.dialect),
    groups: new KeyGroups(relationSql, options.exactKeys || trino, options.groupBy, !trino),
    types: options.types,
    dialect: options.dialect,
  };
  const group = options.groupBy === undefined ? undefined : `${relationSql}.${sqlIdentifier(options.groupBy)}`;
  const values = new ValueGroups(relationSql, options.references, group);
  values.addReferences(rules);
  const selectList: string[] = [];
  let measures = 0;
  let needsSchema = false;

  const compile = (rule: Rule): CompiledRule => {
    switch (rule.type) {
      case 'ColumnCount':
      case 'ColumnExists':
      case 'SchemaMatch':
      case 'ColumnNamesMatchPattern':
        needsSchema = true;
        return { rule, measure: 'schema' };
      case 'Composite':
        return { rule, measure: 'composite', children: rule.rules.map(compile) };
      case 'DetectAnomalies':
        return { rule, measure: 'anomaly', inner: compile(metricRule(rule.id, rule.metric)) };
      case 'Dynamic':
        return { rule, measure: 'dynamic', inner: compile({ ...rule.measured, id: rule.id }) };
      case 'NotEvaluated':
        return { rule, measure: 'none' };
      case 'CustomSql': {
        if (options.groupBy !== undefined) throw new InvalidRule(rule.id, 'a CustomSql rule cannot be measured per group');
        // The alias list names the statement's first column, whatever the statement called it.
        const query = `SELECT value FROM (${bindPrimaryAlias(rule.sql, relationSql)}) AS custom_sql(value) LIMIT 2`;
        return { rule, measure: 'value', query, columns: { value: 'value' } };
      }
      case 'ReferentialIntegrity':
        return ratioInScan(rule, values.reference(rule));
      default:
        return inScan(rule);
    }
  };
  /** Aggregates go in the scan of every row, or in a value grouping's (`measure.selectList`). */
  const ratioInScan = (rule: Rule, measure: { considered: string; failing: string; selectList?: string[] }): CompiledRule => {
    const index = measures++;
    const considered = `m${index}_considered`;
    const failing = `m${index}_failing`;
    (measure.selectList ?? selectList).push(`${measure.considered} AS ${considered}`, `${measure.failing} AS ${failing}`);
    return { rule, measure: 'ratio', columns: { considered, failing } };
  };
  const inScan = (rule: ScanRule): CompiledRule => {
    const measure = scanMeasure(rule, scan);
    if (measure.measure === 'ratio') return ratioInScan(rule, values.valueRule(rule, measure.failsWhere) ?? measure);
    const value = `m${measures++}_value`;
    selectList.push(`${measure.value} AS ${value}`);
    return { rule, measure: 'value', columns: { value } };
  };

  const compiled = rules.map(compile);
  const hashRepeats = scan.groups.hashRepeats();
  if (hashRepeats !== null) selectList.push(hashRepeats);
  const rowSelect = [...(group === undefined ? [] : [`${group} AS ${GROUP_COLUMN}`]), ...selectList];
  const rowGroupBy = group === undefined ? '' : `\nGROUP BY ${group}`;
  const rowScan = selectList.length === 0 ? [] : [`SELECT\n  ${rowSelect.join(',\n  ')}\nFROM ${relationSql}${rowGroupBy}`];
  const parts = [...rowScan, ...values.parts()];
  const scanSql = parts.length === 0 ? null : `${scan.groups.withClause()}${joinParts(parts, group !== undefined)}`;
  return { scanSql, needsSchema, rules: compiled, checksKeyHashes: hashRepeats !== null };
}

/**
 * The parts of the scan as one statement of one row (or one per scan group, joined on it): a
 * single part as it is.
 */
function joinParts(parts: readonly string[], grouped: boolean): string {
  if (parts.length === 1) return parts[0];
  const joined = parts.map((part, i) =>
    i === 0
      ? `(${part}) AS __acad_part_0`
      : `${grouped ? 'JOIN' : 'CROSS JOIN'} (${part}) AS __acad_part_${i}${grouped ? ` USING (${GROUP_COLUMN})` : ''}`,
  );
  return `SELECT *\nFROM ${joined.join('\n')}`;
}

/** Whether `compileRules` can measure these rules per group: all but CustomSql, at any depth. */
export function measurableByGroup(rules: readonly Rule[]): boolean {
  return rules.every(
    (rule) =>
      rule.type !== 'CustomSql' &&
      (rule.type !== 'Composite' || measurableByGroup(rule.rules)) &&
      (rule.type !== 'Dynamic' || measurableByGroup([rule.measured])),
  );
}

/** The rule whose metric a DetectAnomalies rule watches, measured with the same SQL. */
export function metricRule(id: string, metric: AnomalyMetric): Rule {
  const base = { id, severity: 'error' as const, threshold: ALL_ROWS };
  return 'column' in metric ? { ...base, type: metric.type, column: metric.column } : { ...base, type: metric.type };
}

function assertValidRules(rules: readonly Rule[]): void {
  const seen = new Set<string>();
  const check = (rule: Rule): void => {
    if (seen.has(rule.id)) throw new InvalidRule(rule.id, 'the id is used by more than one rule');
    seen.add(rule.id);
    if (rule.type === 'IsPrimaryKey' && rule.columns.length === 0) throw new InvalidRule(rule.id, 'IsPrimaryKey needs at least one column');
    if (rule.type === 'ReferentialIntegrity' && (rule.columns.length === 0 || rule.columns.length !== rule.reference.columns.length)) {
      throw new InvalidRule(rule.id, 'ReferentialIntegrity needs as many reference columns as columns, at least one');
    }
    if (rule.type === 'Composite') {
      if (rule.rules.length < 2) throw new InvalidRule(rule.id, 'a composite rule joins at least two rules');
      rule.rules.forEach(check);
    }
    if (rule.type === 'DetectAnomalies' && (!(rule.k > 0) || !Number.isInteger(rule.minHistory) || rule.minHistory < 1)) {
      throw new InvalidRule(rule.id, 'DetectAnomalies needs k > 0 and a whole minHistory ≥ 1');
    }
  };
  rules.forEach(check);
}
