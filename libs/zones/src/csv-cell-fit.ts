import { DATE_PATTERN, DECIMAL_PATTERN, INTEGER_PATTERN, TIMESTAMP_PATTERN, type ColumnSpec } from '@acad/schemas';

const FORMATS: Partial<Record<ColumnSpec['type'], RegExp>> = {
  integer: new RegExp(INTEGER_PATTERN),
  decimal: new RegExp(DECIMAL_PATTERN),
  date: new RegExp(DATE_PATTERN),
  timestamp: new RegExp(TIMESTAMP_PATTERN),
};

/**
 * Whether a cell of a file without a header could be the value of `column` in that position: its
 * type's format, an enum value, the column's pattern; empty only where the column is optional.
 * Judges a few sample lines while the layout is found (the engine validates every row later).
 */
export function cellFits(column: ColumnSpec | undefined, cell: string): boolean {
  if (!column) return false;
  const value = cell.trim();
  if (value === '') return !column.required;
  if (column.type === 'enum') return (column.values ?? []).includes(value.toLowerCase());
  const format = FORMATS[column.type];
  if (format) return format.test(value);
  return column.pattern ? new RegExp(column.pattern).test(value) : true;
}
