import { sqlIdentifier, sqlString } from '@acad/engine';
import { DUCKDB_DIALECT, type SqlDialect } from '@acad/schemas';
import type { KeyGroups } from './key-groups';
import { InvalidRule } from './quality-errors';
import type { Rule, Threshold, ValueCondition } from './rule';

/** Aggregates of one rule in the shared scan: a ratio (considered / failing rows) or one value. */
export type ScanMeasure =
  | { measure: 'ratio'; considered: string; failing: string; failsWhere: string }
  | { measure: 'value'; value: string };

/** Rule types measured by aggregates of the shared scan. */
export type ScanRule = Exclude<
  Rule,
  {
    type:
      | 'ReferentialIntegrity'
      | 'CustomSql'
      | 'ColumnCount'
      | 'ColumnExists'
      | 'SchemaMatch'
      | 'ColumnNamesMatchPattern'
      | 'DetectAnomalies'
      | 'Composite'
      | 'Dynamic'
      | 'NotEvaluated';
  }
>;

/**
 * The SQL the measures are written in: DuckDB (embedded), or Trino (Athena), which has
 * `regexp_like` for `regexp_matches`, `to_unixtime` for `epoch`, and no entropy of values.
 */

/** What the scan knows beyond the rules: column types, and where duplicate counts come from. */
export interface ScanContext {
  /** Per-row duplicate counts, for predicates that pick failing rows (samples). */
  readonly windows: DuplicateWindows;
  /** Per-key group counts, for aggregates (cheaper than windows); windows are used when left out. */
  readonly groups?: KeyGroups;
  /** DuckDB type of each column: non-text columns are blank only when null. */
  readonly types?: Readonly<Record<string, string>>;
  /** Default DuckDB's. */
  readonly dialect?: SqlDialect;
}

/** The aggregate expressions measuring `rule` over the scanned relation. */
export function scanMeasure(rule: ScanRule, context: ScanContext | DuplicateWindows): ScanMeasure {
  const {
    windows,
    groups,
    types,
    dialect = DUCKDB_DIALECT,
  } = context instanceof DuplicateWindows ? { windows: context, groups: undefined, types: undefined } : context;
  const blank = (column: string): string => blankPredicate(column, types?.[column]);
  const where = rule.where === undefined ? undefined : `(${rule.where})`;
  const scope = where ?? 'TRUE';
  const value = (aggregate: string): ScanMeasure => ({ measure: 'value', value: filtered(aggregate, where) });
  switch (rule.type) {
    case 'RowCount':
      return value('count(*)');
    case 'IsComplete':
    case 'Completeness':
      // The blank predicate is never null, so it counts failing rows directly.
      return {
        measure: 'ratio',
        considered: considered(scope),
        failing: `count_if(${and(scope, blank(rule.column))})`,
        failsWhere: and(scope, blank(rule.column)),
      };
    case 'IsUnique':
    case 'Uniqueness': {
      const c = sqlIdentifier(rule.column);
      const failsWhere = `${and(scope, `${c} IS NOT NULL`)} AND ${windows.column([rule.column], where)} > 1`;
      const failing = groups ? groups.ref([rule.column], where, 'dup_rows') : `count(*) FILTER (WHERE ${failsWhere})`;
      return { measure: 'ratio', considered: filtered(`count(${c})`, where), failing, failsWhere };
    }
    case 'IsPrimaryKey': {
      const missing = rule.columns.map((c) => `${sqlIdentifier(c)} IS NULL`).join(' OR ');
      const failsWhere = and(scope, `(${missing} OR ${windows.column(rule.columns, where)} > 1)`);
      // Rows with a missing key part, plus rows of complete keys that occur more than once.
      const failing = groups
        ? `count_if(${and(scope, `(${missing})`)}) + ${groups.ref(rule.columns, where, 'dup_rows')}`
        : `count(*) FILTER (WHERE ${failsWhere})`;
      return { measure: 'ratio', considered: filtered('count(*)', where), failing, failsWhere };
    }
    case 'ColumnValues':
      return ratio(scope, valuePasses(rule.column, rule.condition, types?.[rule.column], dialect));
    case 'ColumnLength': {
      // Null counts as length 0: it passes exactly when 0 meets the threshold.
      const c = sqlIdentifier(rule.column);
      const measured = compare(`length(${asText(rule.column, types?.[rule.column])})`, rule.length);
      return ratio(scope, satisfies(0, rule.length) ? `(${c} IS NULL OR ${measured})` : measured);
    }
    case 'Mean':
      return value(`avg(${asNumber(rule.column)})`);
    case 'Sum':
      return { measure: 'value', value: `coalesce(${filtered(`sum(${asNumber(rule.column)})`, where)}, 0)` };
    case 'StandardDeviation':
      // Population standard deviation, as Deequ (under Glue Data Quality) computes it.
      return value(`stddev_pop(${asNumber(rule.column)})`);
    case 'Variance':
      // Population variance, the square of the standard deviation above.
      return value(`var_pop(${asNumber(rule.column)})`);
    case 'DistinctValuesCount':
      return value(`count(DISTINCT ${sqlIdentifier(rule.column)})`);
    case 'UniqueValueRatio': {
      const c = sqlIdentifier(rule.column);
      const once = groups
        ? groups.ref([rule.column], where, 'once')
        : `count(*) FILTER (WHERE ${and(scope, `${c} IS NOT NULL`)} AND ${windows.column([rule.column], where)} = 1)`;
      return { measure: 'value', value: `CAST(${once} AS DOUBLE) / nullif(${filtered(`count(DISTINCT ${c})`, where)}, 0)` };
    }
    case 'Entropy': {
      if (dialect.name === 'trino') throw new InvalidRule(rule.id, 'Entropy cannot be measured on Athena: Trino has no entropy of values');
      // DuckDB's entropy() is in bits; Deequ's in nats.
      const c = sqlIdentifier(rule.column);
      return { measure: 'value', value: `entropy(${c}) FILTER (WHERE ${and(scope, `${c} IS NOT NULL`)}) * ln(2)` };
    }
    case 'ColumnCorrelation':
      return value(`corr(${asNumber(rule.columns[0])}, ${asNumber(rule.columns[1])})`);
    case 'DataFreshness':
      // Seconds since the epoch of the newest value; its age is taken against the evaluation clock.
      if (dialect.name === 'trino') return value(`to_unixtime(max(TRY_CAST(${sqlIdentifier(rule.column)} AS timestamp with time zone)))`);
      return value(`epoch(max(TRY_CAST(${sqlIdentifier(rule.column)} AS TIMESTAMPTZ)))`);
  }
}

/**
 * Rows in `scope` count; those where `passes` is not true fail (null fails, as in DQDL).
 * Failing = considered − passing: `count_if` counts only true, so null rows need no coalesce, and
 * plain `count_if` aggregates cost far less in DuckDB than `count(*) FILTER (...)` ones. But
 * DuckDB's `count_if` is null, not 0, when `passes` is null on every row (Trino's is 0): the
 * passing count is coalesced once, so such rows fail instead of leaving the count empty.
 */
function ratio(scope: string, passes: string): ScanMeasure {
  const failsWhere = and(scope, `NOT coalesce(${passes}, FALSE)`);
  const passing = `coalesce(count_if(${and(scope, passes)}), 0)`;
  return { measure: 'ratio', considered: considered(scope), failing: `${considered(scope)} - ${passing}`, failsWhere };
}

function considered(scope: string): string {
  return scope === 'TRUE' ? 'count(*)' : `count_if(${scope})`;
}

function and(scope: string, predicate: string): string {
  return scope === 'TRUE' ? predicate : `${scope} AND ${predicate}`;
}

function filtered(aggregate: string, where: string | undefined): string {
  return where === undefined ? aggregate : `${aggregate} FILTER (WHERE ${where})`;
}

function valuePasses(column: string, condition: ValueCondition, type: string | undefined, dialect: SqlDialect): string {
  const c = sqlIdentifier(column);
  switch (condition.kind) {
    case 'in': {
      const inSet = condition.values.length === 0 ? 'FALSE' : `${asText(column, type)} IN (${condition.values.map(sqlString).join(', ')})`;
      return condition.allowNull ? `(${c} IS NULL OR ${inSet})` : inSet;
    }
    case 'matches':
      return `${dialect.name === 'trino' ? 'regexp_like' : 'regexp_matches'}(${asText(column, type)}, ${sqlString(condition.pattern)})`;
    case 'compare':
      // An integer column compares as it is: the cast to DOUBLE would change nothing but the cost.
      return compare(type !== undefined && INTEGER_TYPE.test(type) ? c : asNumber(column), condition.threshold);
  }
}

const INTEGER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i;

/**
 * Null, or text of spaces only. A typed non-text column is blank only when null; for text, the
 * cheap `< '!'` (every all-space string sorts before '!') spares trimming nearly every value.
 * CASE, not OR/AND: DuckDB evaluates a CASE branch only on the rows that reach it, but both
 * sides of AND for every row.
 */
function blankPredicate(column: string, type: string | undefined): string {
  const c = sqlIdentifier(column);
  if (type !== undefined && !isText(type)) return `(${c} IS NULL)`;
  const text = asText(column, type);
  return `(CASE WHEN ${text} < '!' THEN trim(${text}) = '' ELSE ${c} IS NULL END)`;
}

function isText(type: string): boolean {
  return /^VARCHAR/i.test(type);
}

function asText(column: string, type: string | undefined): string {
  const c = sqlIdentifier(column);
  return type !== undefined && isText(type) ? c : `CAST(${c} AS VARCHAR)`;
}

function asNumber(column: string): string {
  return `TRY_CAST(${sqlIdentifier(column)} AS DOUBLE)`;
}

/** `value` against `threshold` exactly as the SQL comparison judges it. */
function satisfies(value: number, threshold: Threshold): boolean {
  switch (threshold.op) {
    case '>':
      return value > threshold.value;
    case '>=':
      return value >= threshold.value;
    case '<':
      return value < threshold.value;
    case '<=':
      return value <= threshold.value;
    case '=':
      return value === threshold.value;
    case 'between':
      return value > threshold.value[0] && value < threshold.value[1];
  }
}

function compare(expr: string, threshold: Threshold): string {
  if (threshold.op === 'between')
    return `(${expr} > ${numberLiteral(threshold.value[0])} AND ${expr} < ${numberLiteral(threshold.value[1])})`;
  return `${expr} ${threshold.op} ${numberLiteral(threshold.value)}`;
}

function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new InvalidRule('threshold', `${value} is not a finite number`);
  return String(value);
}

/**
 * Window columns `count(*) OVER (PARTITION BY ...)`, one per distinct column list and filter.
 * Trino has no FILTER on window aggregates: there a filter is `count(CASE WHEN ... THEN 1 END)`.
 */
export class DuplicateWindows {
  private readonly byKey = new Map<string, { name: string; columns: readonly string[]; where?: string }>();

  constructor(private readonly dialect: SqlDialect = DUCKDB_DIALECT) {}

  column(columns: readonly string[], where?: string): string {
    const key = JSON.stringify([columns, where ?? null]);
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { name: `__acad_dup_${this.byKey.size}`, columns, where };
      this.byKey.set(key, entry);
    }
    return sqlIdentifier(entry.name);
  }

  isEmpty(): boolean {
    return this.byKey.size === 0;
  }

  selectList(): string {
    return [...this.byKey.values()]
      .map((w) => {
        const count =
          w.where !== undefined && this.dialect.name === 'trino' ? `count(CASE WHEN ${w.where} THEN 1 END)` : filtered('count(*)', w.where);
        return `${count} OVER (PARTITION BY ${w.columns.map(sqlIdentifier).join(', ')}) AS ${sqlIdentifier(w.name)}`;
      })
      .join(', ');
  }

  /** Names of the window columns, to leave them out of sampled rows. */
  names(): string[] {
    return [...this.byKey.values()].map((w) => w.name);
  }

  /** `relationSql` with the window columns added, aliased "primary"; the relation itself when none is needed. */
  source(relationSql: string): string {
    return this.isEmpty() ? relationSql : `(SELECT *, ${this.selectList()} FROM ${relationSql}) AS "primary"`;
  }
}
