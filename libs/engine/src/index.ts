export { DuckDbEngine, type DuckDbEngineMode, type DuckDbEngineOptions } from './duck-db-engine';
export { formulaSafe, formulaSafeCsvOptions } from './csv-cells';
export type { ReadStatementResult } from './duck-db-read-statement';
export type { Engine, ParquetViewOptions, Row, SqlParam } from './engine';
export { EngineError, SandboxViolation } from './engine-error';
export { parseQualifiedName, sqlIdentifier, sqlQualifiedName, sqlString, type QualifiedName } from './sql-literal';
export { AthenaEngine, type AthenaEngineOptions, type AthenaQueryStatistics, type CreateTableAsOptions } from './athena-engine';
export { athenaParameter, athenaValue, type AthenaPlainJs } from './athena-values';
