import { sqlIdentifier, sqlQualifiedName, sqlString } from '@acad/engine';
import { bindPrimaryAlias } from './custom-sql';
import { InvalidRule } from './quality-errors';
import type { Rule, Threshold, ValueCondition } from './rule';

export interface CompileOptions {
  /** Relation for each ReferentialIntegrity reference dataset alias; the alias itself when left out. */
  readonly references?: Readonly<Record<string, string>>;
}

/**
 * Where a rule's numbers come from. `ratio` rules return `considered` and `failing` row counts
 * (metric = passing / considered); `value` rules return one number.
 */
export interface CompiledRule {
  readonly rule: Rule;
  readonly measure: 'ratio' | 'value';
  /** The rule's own query; left out when its columns are in the shared scan. */
  readonly query?: string;
  readonly columns: { readonly considered: string; readonly failing: string } | { readonly value: string };
}

export interface CompiledRules {
  /** One aggregate SELECT over the relation for every rule that fits in it; null when none does. */
  readonly scanSql: string | null;
  readonly rules: readonly CompiledRule[];
}

type Measure = { measure: 'ratio'; considered: string; failing: string } | { measure: 'value'; value: string };

/**
 * Compiles dataset-level rules over `relation` into one aggregate SELECT (a single scan: one
 * aggregate per rule, duplicate counts from window columns of the same scan) plus one query per
 * rule that needs another relation or its own statement (ReferentialIntegrity, CustomSql).
 */
export function compileRules(relation: string, rules: readonly Rule[], options: CompileOptions = {}): CompiledRules {
  assertValidRules(rules);
  const relationSql = sqlQualifiedName(relation);
  const windows = new DuplicateWindows();
  const selectList: string[] = [];
  const compiled = rules.map((rule, index): CompiledRule => {
    const own = ownQuery(rule, relationSql, options);
    if (own) return { rule, ...own };
    const measure = scanMeasure(rule, windows);
    if (measure.measure === 'value') {
      const value = `m${index}_value`;
      selectList.push(`${measure.value} AS ${value}`);
      return { rule, measure: 'value', columns: { value } };
    }
    const considered = `m${index}_considered`;
    const failing = `m${index}_failing`;
    selectList.push(`${measure.considered} AS ${considered}`, `${measure.failing} AS ${failing}`);
    return { rule, measure: 'ratio', columns: { considered, failing } };
  });
  if (selectList.length === 0) return { scanSql: null, rules: compiled };
  const source = windows.isEmpty() ? relationSql : `(SELECT *, ${windows.selectList()} FROM ${relationSql}) AS "primary"`;
  return { scanSql: `SELECT\n  ${selectList.join(',\n  ')}\nFROM ${source}`, rules: compiled };
}

function assertValidRules(rules: readonly Rule[]): void {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new InvalidRule(rule.id, 'the id is used by more than one rule');
    seen.add(rule.id);
    if (rule.type === 'IsPrimaryKey' && rule.columns.length === 0) throw new InvalidRule(rule.id, 'IsPrimaryKey needs at least one column');
    if (rule.type === 'ReferentialIntegrity' && (rule.columns.length === 0 || rule.columns.length !== rule.reference.columns.length)) {
      throw new InvalidRule(rule.id, 'ReferentialIntegrity needs as many reference columns as columns, at least one');
    }
  }
}

function ownQuery(rule: Rule, relationSql: string, options: CompileOptions): Omit<CompiledRule, 'rule'> | undefined {
  if (rule.type === 'CustomSql') {
    // The alias list names the statement's first column, whatever the statement called it.
    const query = `SELECT value FROM (${bindPrimaryAlias(rule.sql, relationSql)}) AS custom_sql(value) LIMIT 2`;
    return { measure: 'value', query, columns: { value: 'value' } };
  }
  if (rule.type === 'ReferentialIntegrity') {
    const referenceSql = sqlQualifiedName(options.references?.[rule.reference.dataset] ?? rule.reference.dataset);
    const present = rule.columns.map((c) => `p.${sqlIdentifier(c)} IS NOT NULL`).join(' AND ');
    const matches = rule.columns.map((c, i) => `r.${sqlIdentifier(rule.reference.columns[i])} = p.${sqlIdentifier(c)}`).join(' AND ');
    const query =
      `SELECT count(*) AS considered, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ${referenceSql} AS r WHERE ${matches})) AS failing ` +
      `FROM ${relationSql} AS p WHERE ${present}`;
    return { measure: 'ratio', query, columns: { considered: 'considered', failing: 'failing' } };
  }
  return undefined;
}

function scanMeasure(rule: Rule, windows: DuplicateWindows): Measure {
  switch (rule.type) {
    case 'RowCount':
      return { measure: 'value', value: 'count(*)' };
    case 'IsComplete':
    case 'Completeness':
      return ratio('TRUE', `NOT ${blank(rule.column)}`);
    case 'IsUnique':
    case 'Uniqueness': {
      const c = sqlIdentifier(rule.column);
      return { measure: 'ratio', considered: `count(${c})`, failing: `count(*) FILTER (WHERE ${c} IS NOT NULL AND ${windows.column([rule.column])} > 1)` };
    }
    case 'IsPrimaryKey': {
      const missing = rule.columns.map((c) => `${sqlIdentifier(c)} IS NULL`).join(' OR ');
      return { measure: 'ratio', considered: 'count(*)', failing: `count(*) FILTER (WHERE ${missing} OR ${windows.column(rule.columns)} > 1)` };
    }
    case 'ColumnValues':
      return ratio(rule.where ? `(${rule.where})` : 'TRUE', valuePasses(rule.column, rule.condition));
    case 'ColumnLength':
      return ratio(rule.where ? `(${rule.where})` : 'TRUE', compare(`coalesce(length(CAST(${sqlIdentifier(rule.column)} AS VARCHAR)), 0)`, rule.length));
    case 'Mean':
      return { measure: 'value', value: `avg(${asNumber(rule.column)})` };
    case 'Sum':
      return { measure: 'value', value: `coalesce(sum(${asNumber(rule.column)}), 0)` };
    case 'StandardDeviation':
      // Population standard deviation, as Deequ (under Glue Data Quality) computes it.
      return { measure: 'value', value: `stddev_pop(${asNumber(rule.column)})` };
    case 'DistinctValuesCount':
      return { measure: 'value', value: `count(DISTINCT ${sqlIdentifier(rule.column)})` };
    case 'ReferentialIntegrity':
    case 'CustomSql':
      throw new InvalidRule(rule.id, `${rule.type} runs as its own query`);
  }
}

/** Rows in `scope` count; those where `passes` is not true fail (null fails, as in DQDL). */
function ratio(scope: string, passes: string): Measure {
  const considered = scope === 'TRUE' ? 'count(*)' : `count(*) FILTER (WHERE ${scope})`;
  const failsInScope = scope === 'TRUE' ? `NOT coalesce(${passes}, FALSE)` : `${scope} AND NOT coalesce(${passes}, FALSE)`;
  const failing = `count(*) FILTER (WHERE ${failsInScope})`;
  return { measure: 'ratio', considered, failing };
}

function valuePasses(column: string, condition: ValueCondition): string {
  const c = sqlIdentifier(column);
  switch (condition.kind) {
    case 'in': {
      const inSet = condition.values.length === 0 ? 'FALSE' : `CAST(${c} AS VARCHAR) IN (${condition.values.map(sqlString).join(', ')})`;
      return condition.allowNull ? `(${c} IS NULL OR ${inSet})` : inSet;
    }
    case 'matches':
      return `regexp_matches(CAST(${c} AS VARCHAR), ${sqlString(condition.pattern)})`;
    case 'compare':
      return compare(asNumber(column), condition.threshold);
  }
}

function blank(column: string): string {
  const c = sqlIdentifier(column);
  return `(${c} IS NULL OR trim(CAST(${c} AS VARCHAR)) = '')`;
}

function asNumber(column: string): string {
  return `TRY_CAST(${sqlIdentifier(column)} AS DOUBLE)`;
}

function compare(expr: string, threshold: Threshold): string {
  if (threshold.op === 'between') return `(${expr} > ${numberLiteral(threshold.value[0])} AND ${expr} < ${numberLiteral(threshold.value[1])})`;
  return `${expr} ${threshold.op} ${numberLiteral(threshold.value)}`;
}

function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new InvalidRule('threshold', `${value} is not a finite number`);
  return String(value);
}

/** Window columns `count(*) OVER (PARTITION BY ...)`, one per distinct column list. */
class DuplicateWindows {
  private readonly byKey = new Map<string, { name: string; columns: readonly string[] }>();

  column(columns: readonly string[]): string {
    const key = JSON.stringify(columns);
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { name: `__acad_dup_${this.byKey.size}`, columns };
      this.byKey.set(key, entry);
    }
    return sqlIdentifier(entry.name);
  }

  isEmpty(): boolean {
    return this.byKey.size === 0;
  }

  selectList(): string {
    return [...this.byKey.values()]
      .map((w) => `count(*) OVER (PARTITION BY ${w.columns.map(sqlIdentifier).join(', ')}) AS ${sqlIdentifier(w.name)}`)
      .join(', ');
  }
}
