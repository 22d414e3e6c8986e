import { duckDbType, type ColumnSpec } from '@acad/schemas';
import type { CatalogColumnType } from './catalog-entry';
import { UnsupportedColumnType } from './catalog-errors';

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

/**
 * The portable name of a DuckDB column type as DESCRIBE reports it (curated products have no
 * contract; their types come from the Parquet the engine wrote).
 */
export function portableTypeFromDuckDb(duckType: string, column = '(unnamed)'): CatalogColumnType {
  const type = duckType.trim().toUpperCase();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) return `decimal(${decimal[1]},${decimal[2]})`;
  if (type.endsWith('[]')) return `array<${portableTypeFromDuckDb(duckType.trim().slice(0, -2), column)}>`;
  const known: Record<string, CatalogColumnType> = {
    VARCHAR: 'string',
    TEXT: 'string',
    UUID: 'string',
    BIGINT: 'bigint',
    HUGEINT: 'bigint',
    UBIGINT: 'bigint',
    INTEGER: 'int',
    SMALLINT: 'int',
    TINYINT: 'int',
    UINTEGER: 'bigint',
    DOUBLE: 'double',
    FLOAT: 'double',
    BOOLEAN: 'boolean',
    DATE: 'date',
    TIMESTAMP: 'timestamp',
    'TIMESTAMP WITH TIME ZONE': 'timestamp',
    TIMESTAMPTZ: 'timestamp',
  };
  const portable = known[type];
  if (!portable) throw new UnsupportedColumnType(column, duckType);
  return portable;
}
