import type { ColumnSpec } from '../column-spec';
import { COUNTRY_ALPHA2_CODES } from '../country-codes';
import type { DatasetContract } from '../dataset-contract';
import type { RowRule } from '../row-rule';
import { describeRowRule } from '../row-rule';
import { columnChecks, columnRuleId, columnRuleReason, type ColumnCheck } from './rule-ids';
import { DUCKDB_DIALECT, type SqlDialect, type SqlType } from './sql-dialect';
import { sqlIdent, sqlLiteral } from './sql-text';
import { DATE_PATTERN, DECIMAL_PATTERN, EMAIL_PATTERN, INTEGER_PATTERN, TIMESTAMP_PATTERN } from './value-formats';

export interface ValidationSqlOptions {
  /** Relation holding one text column per contract column (null when absent from the file). */
  source: string;
  /** Columns copied through unchanged, e.g. lineage columns. */
  passthrough?: readonly string[];
  /** The engine's SQL dialect; DuckDB when left out. */
  dialect?: SqlDialect;
}

/** Trimmed text of a column, empty → null (PRODUCT.md §4 input rules). */
function textOf(column: ColumnSpec): string {
  return sqlIdent(`__t_${column.name}`);
}

/** The typed value of a column, computed once per row in the inner select. */
function valueOf(column: ColumnSpec): string {
  return sqlIdent(`__v_${column.name}`);
}

/** The logical SQL type of a contract column in the trusted zone. */
export function columnSqlType(column: ColumnSpec): SqlType {
  switch (column.type) {
    case 'text':
    case 'enum':
      return 'text';
    case 'integer':
      return 'bigint';
    case 'decimal':
      return { decimal: { precision: 18, scale: column.scale ?? 4 } };
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamptz';
  }
}

/** The typed value of a column, null when the text does not parse. */
export function typedExpression(column: ColumnSpec, d: SqlDialect = DUCKDB_DIALECT): string {
  const t = textOf(column);
  const when = (pattern: string, value: string) => `CASE WHEN ${d.fullMatch(t, pattern)} THEN ${value} END`;
  switch (column.type) {
    case 'text':
      return column.format === 'country-alpha2' ? `upper(${t})` : t;
    case 'enum':
      return `lower(${t})`;
    case 'integer':
      return when(INTEGER_PATTERN, d.guardedCast(t, columnSqlType(column)));
    case 'decimal':
      return when(DECIMAL_PATTERN, d.guardedCast(t, columnSqlType(column)));
    case 'date':
      return when(DATE_PATTERN, d.tryCast(t, 'date'));
    case 'timestamp':
      return when(TIMESTAMP_PATTERN, d.parseTimestamp(t));
  }
}

function checkCondition(column: ColumnSpec, check: ColumnCheck, d: SqlDialect): string {
  const t = textOf(column);
  const typed = valueOf(column);
  switch (check) {
    case 'required':
      return `${t} IS NULL`;
    case 'type':
      return `${t} IS NOT NULL AND ${typed} IS NULL`;
    case 'pattern':
      return `${t} IS NOT NULL AND NOT ${d.fullMatch(t, column.pattern ?? '')}`;
    case 'enum':
      return `${t} IS NOT NULL AND lower(${t}) NOT IN (${(column.values ?? []).map(sqlLiteral).join(', ')})`;
    case 'range': {
      // A decimal is range-checked as written, before rounding to the column's scale: -0.01 is
      // below 0 even though it would be stored as 0.0.
      const value = column.type === 'decimal' ? d.tryCast(t, 'double') : typed;
      const parts = [];
      if (column.min !== undefined) parts.push(`${value} < ${column.min}`);
      if (column.max !== undefined) parts.push(`${value} > ${column.max}`);
      return `${typed} IS NOT NULL AND (${parts.join(' OR ')})`;
    }
    case 'length': {
      const parts = [];
      if (column.minLength !== undefined) parts.push(`length(${t}) < ${column.minLength}`);
      if (column.maxLength !== undefined) parts.push(`length(${t}) > ${column.maxLength}`);
      return `${t} IS NOT NULL AND (${parts.join(' OR ')})`;
    }
    case 'format':
      return column.format === 'email'
        ? `${t} IS NOT NULL AND NOT ${d.fullMatch(t, EMAIL_PATTERN)}`
        : `${t} IS NOT NULL AND upper(${t}) NOT IN (${COUNTRY_ALPHA2_CODES.map(sqlLiteral).join(', ')})`;
  }
}

function rowRuleCondition(contract: DatasetContract, rule: RowRule, d: SqlDialect): string {
  const col = (name: string): ColumnSpec => {
    const found = contract.columns.find((c) => c.name === name);
    if (!found) throw new Error(`Row rule ${rule.id} names unknown column ${name} of ${contract.name}`);
    return found;
  };
  const typed = (name: string) => valueOf(col(name));
  switch (rule.kind) {
    case 'required-when': {
      const whenMatches = `coalesce(${typed(rule.when)} = ${sqlLiteral(rule.equals)}, false)`;
      const otherwise = rule.otherwiseNullOr === undefined ? 'true' : `${typed(rule.column)} <> ${rule.otherwiseNullOr}`;
      return `(${whenMatches} AND ${textOf(col(rule.column))} IS NULL) OR (NOT ${whenMatches} AND ${typed(rule.column)} IS NOT NULL AND ${otherwise})`;
    }
    case 'not-before':
      return `${typed(rule.column)} < ${typed(rule.other)}`;
    case 'age-between': {
      const birth = typed(rule.column);
      const at = typed(rule.at);
      const age = `(${d.year(at)} - ${d.year(birth)} - CASE WHEN ${d.month(at)} * 100 + ${d.day(at)} < ${d.month(birth)} * 100 + ${d.day(birth)} THEN 1 ELSE 0 END)`;
      return `${birth} IS NOT NULL AND ${at} IS NOT NULL AND (${age} < ${rule.min} OR ${age} > ${rule.max})`;
    }
  }
}

function violation(d: SqlDialect, id: string, reason: string, condition: string): string {
  const struct = d.struct([
    { name: 'rule', value: sqlLiteral(id), type: 'text' },
    { name: 'reason', value: sqlLiteral(reason), type: 'text' },
  ]);
  return `CASE WHEN ${condition} THEN ${struct} END`;
}

/**
 * Compiles a contract into one SELECT that types every column and lists the row's violations
 * as `_violations`: NULL for a valid row, else a list of {rule, reason}. Each value is typed
 * once (inner select), and the list is only built for rows that break a rule, so valid rows —
 * nearly all of them — cost one boolean test.
 */
export function compileValidationSql(contract: DatasetContract, options: ValidationSqlOptions): string {
  const d = options.dialect ?? DUCKDB_DIALECT;
  const passthrough = (options.passthrough ?? []).map(sqlIdent);
  const trimmed = contract.columns.map((c) => `NULLIF(TRIM(${sqlIdent(c.name)}), '') AS ${textOf(c)}`);
  const typedOnce = contract.columns.map((c) => `${typedExpression(c, d)} AS ${valueOf(c)}`);
  const checks = [
    ...contract.columns.flatMap((c) =>
      columnChecks(c).map((check) => ({
        id: columnRuleId(contract, c, check),
        reason: columnRuleReason(c, check),
        condition: checkCondition(c, check, d),
      })),
    ),
    ...contract.rowRules.map((rule) => ({ id: rule.id, reason: describeRowRule(rule), condition: rowRuleCondition(contract, rule, d) })),
  ];
  // A contract with nothing to check still types `_violations`, by one check that never holds.
  const judged = checks.length > 0 ? checks : [{ id: `${contract.name}.none`, reason: 'no rule', condition: 'false' }];
  const broken = judged.map((c) => `coalesce(${c.condition}, false)`).join('\n      OR ');
  const list = d.filterList(
    d.list(
      judged.map((c) => violation(d, c.id, c.reason, c.condition)),
      ',\n    ',
    ),
    'v',
    'v IS NOT NULL',
  );
  return [
    `SELECT ${[...passthrough, ...contract.columns.map((c) => `${valueOf(c)} AS ${sqlIdent(c.name)}`)].join(',\n  ')},`,
    `  CASE WHEN ${broken} THEN ${list} END AS _violations`,
    `FROM (SELECT *, ${typedOnce.join(', ')} FROM (SELECT ${[...passthrough, ...trimmed].join(', ')} FROM ${options.source}))`,
  ].join('\n');
}

/** The DuckDB column type of a contract column in the trusted zone. */
export function duckDbType(column: ColumnSpec): string {
  return DUCKDB_DIALECT.type(columnSqlType(column));
}
