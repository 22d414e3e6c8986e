export { columnSqlType, compileValidationSql, duckDbType, typedExpression, type ValidationSqlOptions } from './compile-validation-sql';
export {
  DUCKDB_DIALECT,
  SQL_DIALECTS,
  TRINO_DIALECT,
  type FirstPerGroup,
  type SqlDialect,
  type SqlType,
  type StructField,
} from './sql-dialect';
export {
  compileColumnSchema,
  compileZodSchema,
  normaliseCells,
  validateRow,
  type RawRow,
  type RowVerdict,
  type TypedRow,
  type TypedValue,
} from './compile-zod-schema';
export { columnChecks, columnRuleId, columnRuleReason, contractRules, type ColumnCheck, type ContractRule } from './rule-ids';
export { sqlIdent, sqlLiteral } from './sql-text';
export { DATE_PATTERN, DECIMAL_PATTERN, EMAIL_PATTERN, INTEGER_PATTERN, TIMESTAMP_PATTERN } from './value-formats';
