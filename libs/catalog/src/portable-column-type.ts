import { duckDbType, type ColumnSpec } from '@acad/schemas';
import type { CatalogColumnType } from './catalog-entry';

/**
 * The portable (Hive/Glue) name of a contract column's trusted type. Derived from the DuckDB type
 * the engine stores, so the catalog can never disagree with the Parquet files.
 */
export function portableColumnType(column: ColumnSpec): CatalogColumnType {
  const duck = duckDbType(column);
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(duck);
  if (decimal) return `decimal(${decimal[1]},${decimal[2]})`;
  switch (duck) {
    case 'VARCHAR':
      return 'string';
    case 'BIGINT':
      return 'bigint';
    case 'DATE':
      return 'date';
    case 'TIMESTAMP':
    case 'TIMESTAMPTZ':
      return 'timestamp';
    default:
      throw new Error(`Column "${column.name}" has DuckDB type ${duck}, which has no portable name`);
  }
}
