import { sqlLiteral } from './sql-text';

/** Logical SQL types the platform writes; each dialect spells them its own way. */
export type SqlType = 'text' | 'bigint' | 'double' | 'date' | 'timestamptz' | { decimal: { precision: number; scale: number } };

export interface StructField {
  readonly name: string;
  readonly value: string;
  readonly type: SqlType;
}

export interface FirstPerGroup {
  /** Columns to return (Trino has no `* EXCLUDE`, so the list is explicit). */
  readonly columns: readonly string[];
  readonly from: string;
  readonly partitionBy: readonly string[];
  readonly orderBy: string;
  readonly where?: string;
}

/**
 * Every SQL construct that differs between the embedded engine (DuckDB) and the distributed one
 * (Athena, i.e. Trino). Validation SQL and curated models are written once against this
 * interface and rendered for either engine, so there are never two hand-kept copies.
 */
export interface SqlDialect {
  readonly name: 'duckdb' | 'trino';
  type(type: SqlType): string;
  /** `text` matches `pattern` (a regular expression source) as a whole. */
  fullMatch(text: string, pattern: string): string;
  cast(expr: string, type: SqlType): string;
  /** NULL where the value does not convert. */
  tryCast(expr: string, type: SqlType): string;
  /** A cast whose input a pattern check already vouches for; Trino still uses TRY_CAST so no row can fail a query. */
  guardedCast(expr: string, type: SqlType): string;
  /** ISO 8601 text (with `T` or a space, optional offset) → timestamp with time zone; NULL when invalid. */
  parseTimestamp(text: string): string;
  /** A struct (DuckDB) or ROW (Trino) value with named fields. */
  struct(fields: readonly StructField[]): string;
  list(items: readonly string[], separator?: string): string;
  /** Keeps the items of `list` for which `condition` (over `variable`) holds. */
  filterList(list: string, variable: string, condition: string): string;
  year(date: string): string;
  month(date: string): string;
  day(date: string): string;
  dateLiteral(isoDate: string): string;
  addDays(date: string, days: number): string;
  /** Monday of the ISO week of `date`, as a DATE. */
  weekStart(date: string): string;
  /** `date` formatted by a strftime pattern such as `%Y-%m` (the specifiers both engines share). */
  formatDate(date: string, format: string): string;
  /** `numerator / denominator` as a fraction (Trino divides integers as integers). */
  ratio(numerator: string, denominator: string): string;
  /** GROUP BY every non-aggregate column of the select list (named explicitly for Trino). */
  groupBy(columns: readonly string[]): string;
  median(expr: string): string;
  /** Rows where `condition` holds; usable as a window aggregate in both engines. */
  countWhere(condition: string): string;
  concat(...parts: string[]): string;
  /** `name AS [MATERIALIZED]` of a CTE that is read more than once. */
  materializedCte(name: string): string;
  /** One row per `partitionBy` group: the first by `orderBy` (QUALIFY in DuckDB, a subquery in Trino). */
  firstPerGroup(query: FirstPerGroup): string;
  /**
   * Aggregate: the longest run of consecutive rows, in order of the (unique per group) `date`,
   * for which `condition` holds; 0 when none does. One sorted list per group instead of a window
   * over every row.
   */
  longestRunByDate(date: string, condition: string): string;
}

const decimalText = (precision: number, scale: number) => `DECIMAL(${precision}, ${scale})`;

export const DUCKDB_DIALECT: SqlDialect = {
  name: 'duckdb',
  type: (type) =>
    typeof type === 'object'
      ? decimalText(type.decimal.precision, type.decimal.scale)
      : { text: 'VARCHAR', bigint: 'BIGINT', double: 'DOUBLE', date: 'DATE', timestamptz: 'TIMESTAMPTZ' }[type],
  fullMatch: (text, pattern) => `regexp_full_match(${text}, ${sqlLiteral(pattern)})`,
  cast: (expr, type) => `CAST(${expr} AS ${DUCKDB_DIALECT.type(type)})`,
  tryCast: (expr, type) => `TRY_CAST(${expr} AS ${DUCKDB_DIALECT.type(type)})`,
  guardedCast: (expr, type) => DUCKDB_DIALECT.cast(expr, type),
  parseTimestamp: (text) => DUCKDB_DIALECT.tryCast(text, 'timestamptz'),
  struct: (fields) => `{${fields.map((f) => `${sqlLiteral(f.name)}: ${f.value}`).join(', ')}}`,
  list: (items, separator = ', ') => `[${items.join(separator)}]`,
  filterList: (list, variable, condition) => `list_filter(${list}, ${variable} -> ${condition})`,
  year: (date) => `year(${date})`,
  month: (date) => `month(${date})`,
  day: (date) => `day(${date})`,
  dateLiteral: (isoDate) => `DATE ${sqlLiteral(isoDate)}`,
  addDays: (date, days) => `${date} + INTERVAL ${days} DAY`,
  weekStart: (date) => `CAST(date_trunc('week', ${date}) AS DATE)`,
  formatDate: (date, format) => `strftime(${date}, ${sqlLiteral(format)})`,
  ratio: (numerator, denominator) => `${numerator} / ${denominator}`,
  groupBy: () => 'GROUP BY ALL',
  median: (expr) => `median(${expr})`,
  countWhere: (condition) => `count(*) FILTER (WHERE ${condition})`,
  concat: (...parts) => parts.join(' || '),
  materializedCte: (name) => `${name} AS MATERIALIZED`,
  firstPerGroup: (q) =>
    `SELECT ${q.columns.join(', ')} FROM ${q.from}${q.where ? ` WHERE ${q.where}` : ''}\n     QUALIFY row_number() OVER (PARTITION BY ${q.partitionBy.join(', ')} ORDER BY ${q.orderBy}) = 1`,
  // Each row becomes day number × 2 + flag; sorted, the flags spell a string whose longest 'A'
  // run is the answer.
  longestRunByDate: (date, condition) =>
    `coalesce(list_max(list_transform(regexp_extract_all(array_to_string(list_transform(list_sort(list((${date} - DATE '1970-01-01') * 2 + CASE WHEN ${condition} THEN 1 ELSE 0 END)), x -> CASE WHEN x % 2 = 1 THEN 'A' ELSE '.' END), ''), 'A+'), x -> length(x))), 0)`,
};

// Athena writes Parquet timestamps without a zone, in milliseconds: values are kept in UTC.
const TRINO_TYPES = { text: 'VARCHAR', bigint: 'BIGINT', double: 'DOUBLE', date: 'DATE', timestamptz: 'TIMESTAMP(3)' } as const;

export const TRINO_DIALECT: SqlDialect = {
  name: 'trino',
  type: (type) => (typeof type === 'object' ? decimalText(type.decimal.precision, type.decimal.scale) : TRINO_TYPES[type]),
  // Trino's regexp_like finds a match anywhere; anchoring the whole pattern makes it a full match.
  fullMatch: (text, pattern) => `regexp_like(${text}, ${sqlLiteral(`^(?:${pattern})$`)})`,
  cast: (expr, type) => `CAST(${expr} AS ${TRINO_DIALECT.type(type)})`,
  tryCast: (expr, type) => `TRY_CAST(${expr} AS ${TRINO_DIALECT.type(type)})`,
  guardedCast: (expr, type) => TRINO_DIALECT.tryCast(expr, type),
  parseTimestamp: (text) => `CAST(try(from_iso8601_timestamp(replace(${text}, ' ', 'T'))) AT TIME ZONE 'UTC' AS TIMESTAMP(3))`,
  struct: (fields) =>
    `CAST(ROW(${fields.map((f) => f.value).join(', ')}) AS ROW(${fields.map((f) => `${f.name} ${TRINO_DIALECT.type(f.type)}`).join(', ')}))`,
  list: (items, separator = ', ') => `ARRAY[${items.join(separator)}]`,
  filterList: (list, variable, condition) => `filter(${list}, ${variable} -> ${condition})`,
  year: (date) => `year(${date})`,
  month: (date) => `month(${date})`,
  day: (date) => `day(${date})`,
  dateLiteral: (isoDate) => `DATE ${sqlLiteral(isoDate)}`,
  addDays: (date, days) => `${date} + INTERVAL ${sqlLiteral(String(days))} DAY`,
  weekStart: (date) => `CAST(date_trunc('week', ${date}) AS DATE)`,
  formatDate: (date, format) => `date_format(${date}, ${sqlLiteral(format)})`,
  ratio: (numerator, denominator) => `CAST(${numerator} AS DOUBLE) / ${denominator}`,
  groupBy: (columns) => `GROUP BY ${columns.join(', ')}`,
  // Trino has no exact median; approx_percentile is within its documented rank error.
  median: (expr) => `approx_percentile(CAST(${expr} AS DOUBLE), 0.5)`,
  // FILTER is not supported on window aggregates in Trino; count_if is.
  countWhere: (condition) => `count_if(${condition})`,
  concat: (...parts) => parts.join(' || '),
  materializedCte: (name) => `${name} AS`,
  firstPerGroup: (q) =>
    `SELECT ${q.columns.join(', ')} FROM (\n       SELECT *, row_number() OVER (PARTITION BY ${q.partitionBy.join(', ')} ORDER BY ${q.orderBy}) AS __rank FROM ${q.from}${q.where ? ` WHERE ${q.where}` : ''}\n     ) WHERE __rank = 1`,
  longestRunByDate: (date, condition) =>
    `coalesce(array_max(transform(regexp_extract_all(array_join(transform(array_sort(array_agg(date_diff('day', DATE '1970-01-01', ${date}) * 2 + IF(${condition}, 1, 0))), x -> IF(x % 2 = 1, 'A', '.')), ''), 'A+'), x -> length(x))), 0)`,
};

export const SQL_DIALECTS = { duckdb: DUCKDB_DIALECT, trino: TRINO_DIALECT } as const;
