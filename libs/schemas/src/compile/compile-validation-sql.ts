import type { ColumnSpec } from '../column-spec';
import { COUNTRY_ALPHA2_CODES } from '../country-codes';
import type { DatasetContract } from '../dataset-contract';
import type { RowRule } from '../row-rule';
import { describeRowRule } from '../row-rule';
import { columnChecks, columnRuleId, columnRuleReason, type ColumnCheck } from './rule-ids';
import { sqlIdent, sqlLiteral } from './sql-text';
import { DATE_PATTERN, DECIMAL_PATTERN, EMAIL_PATTERN, INTEGER_PATTERN, TIMESTAMP_PATTERN } from './value-formats';

export interface ValidationSqlOptions {
  /** Relation holding one text column per contract column (null when absent from the file). */
  source: string;
  /** Columns copied through unchanged, e.g. lineage columns. */
  passthrough?: readonly string[];
}

/** Trimmed text of a column, empty → null (PRODUCT.md §4 input rules). */
function textOf(column: ColumnSpec): string {
  return sqlIdent(`__t_${column.name}`);
}

/** The typed value of a column, computed once per row in the inner select. */
function valueOf(column: ColumnSpec): string {
  return sqlIdent(`__v_${column.name}`);
}

/** The typed value of a column, null when the text does not parse. */
export function typedExpression(column: ColumnSpec): string {
  const t = textOf(column);
  switch (column.type) {
    case 'text':
      return column.format === 'country-alpha2' ? `upper(${t})` : t;
    case 'enum':
      return `lower(${t})`;
    case 'integer':
      return `CASE WHEN regexp_full_match(${t}, ${sqlLiteral(INTEGER_PATTERN)}) THEN CAST(${t} AS BIGINT) END`;
    case 'decimal':
      return `CASE WHEN regexp_full_match(${t}, ${sqlLiteral(DECIMAL_PATTERN)}) THEN CAST(${t} AS DECIMAL(18, ${column.scale ?? 4})) END`;
    case 'date':
      return `CASE WHEN regexp_full_match(${t}, ${sqlLiteral(DATE_PATTERN)}) THEN TRY_CAST(${t} AS DATE) END`;
    case 'timestamp':
      return `CASE WHEN regexp_full_match(${t}, ${sqlLiteral(TIMESTAMP_PATTERN)}) THEN TRY_CAST(${t} AS TIMESTAMPTZ) END`;
  }
}

function checkCondition(column: ColumnSpec, check: ColumnCheck): string {
  const t = textOf(column);
  const typed = valueOf(column);
  switch (check) {
    case 'required':
      return `${t} IS NULL`;
    case 'type':
      return `${t} IS NOT NULL AND ${typed} IS NULL`;
    case 'pattern':
      return `${t} IS NOT NULL AND NOT regexp_full_match(${t}, ${sqlLiteral(column.pattern ?? '')})`;
    case 'enum':
      return `${t} IS NOT NULL AND lower(${t}) NOT IN (${(column.values ?? []).map(sqlLiteral).join(', ')})`;
    case 'range': {
      const parts = [];
      if (column.min !== undefined) parts.push(`${typed} < ${column.min}`);
      if (column.max !== undefined) parts.push(`${typed} > ${column.max}`);
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
        ? `${t} IS NOT NULL AND NOT regexp_full_match(${t}, ${sqlLiteral(EMAIL_PATTERN)})`
        : `${t} IS NOT NULL AND upper(${t}) NOT IN (${COUNTRY_ALPHA2_CODES.map(sqlLiteral).join(', ')})`;
  }
}

function rowRuleCondition(contract: DatasetContract, rule: RowRule): string {
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
      const age = `(year(${at}) - year(${birth}) - CASE WHEN month(${at}) * 100 + day(${at}) < month(${birth}) * 100 + day(${birth}) THEN 1 ELSE 0 END)`;
      return `${birth} IS NOT NULL AND ${at} IS NOT NULL AND (${age} < ${rule.min} OR ${age} > ${rule.max})`;
    }
  }
}

function violation(id: string, reason: string, condition: string): string {
  return `CASE WHEN ${condition} THEN {'rule': ${sqlLiteral(id)}, 'reason': ${sqlLiteral(reason)}} END`;
}

/**
 * Compiles a contract into one SELECT that types every column and lists the row's violations
 * as `_violations`: NULL for a valid row, else a list of {rule, reason}. Each value is typed
 * once (inner select), and the list is only built for rows that break a rule, so valid rows —
 * nearly all of them — cost one boolean test.
 */
export function compileValidationSql(contract: DatasetContract, options: ValidationSqlOptions): string {
  const passthrough = (options.passthrough ?? []).map(sqlIdent);
  const trimmed = contract.columns.map((c) => `NULLIF(TRIM(${sqlIdent(c.name)}), '') AS ${textOf(c)}`);
  const typedOnce = contract.columns.map((c) => `${typedExpression(c)} AS ${valueOf(c)}`);
  const checks = [
    ...contract.columns.flatMap((c) =>
      columnChecks(c).map((check) => ({ id: columnRuleId(contract, c, check), reason: columnRuleReason(c, check), condition: checkCondition(c, check) })),
    ),
    ...contract.rowRules.map((rule) => ({ id: rule.id, reason: describeRowRule(rule), condition: rowRuleCondition(contract, rule) })),
  ];
  const broken = checks.map((c) => `coalesce(${c.condition}, false)`).join('\n      OR ');
  const list = `list_filter([${checks.map((c) => violation(c.id, c.reason, c.condition)).join(',\n    ')}], v -> v IS NOT NULL)`;
  return [
    `SELECT ${[...passthrough, ...contract.columns.map((c) => `${valueOf(c)} AS ${sqlIdent(c.name)}`)].join(',\n  ')},`,
    `  CASE WHEN ${broken} THEN ${list} END AS _violations`,
    `FROM (SELECT *, ${typedOnce.join(', ')} FROM (SELECT ${[...passthrough, ...trimmed].join(', ')} FROM ${options.source}))`,
  ].join('\n');
}

/** The DuckDB column type of a contract column in the trusted zone. */
export function duckDbType(column: ColumnSpec): string {
  switch (column.type) {
    case 'text':
    case 'enum':
      return 'VARCHAR';
    case 'integer':
      return 'BIGINT';
    case 'decimal':
      return `DECIMAL(18, ${column.scale ?? 4})`;
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMPTZ';
  }
}
