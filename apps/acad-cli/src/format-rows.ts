import { stringify } from 'csv-stringify/sync';
import { formulaSafeCsvOptions, type Row } from '@acad/engine';

export type RowFormat = 'table' | 'json' | 'csv';

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object') return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}

export function formatRows(rows: Row[], format: RowFormat): string {
  const columns = rows.length > 0 ? Object.keys(rows[0]) : [];
  switch (format) {
    case 'json':
      return JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2);
    case 'csv':
      // Printed as a line of its own: the last record's line ending is the printer's.
      return stringify(rows, formulaSafeCsvOptions(columns, { recordDelimiter: 'unix' })).replace(/\n$/, '');
    case 'table': {
      if (rows.length === 0) return '(no rows)';
      const widths = columns.map((c) => Math.min(40, Math.max(c.length, ...rows.map((r) => cellText(r[c]).length))));
      const line = (cells: string[]) => cells.map((cell, i) => cell.slice(0, widths[i]).padEnd(widths[i])).join(' │ ');
      return [
        line(columns),
        widths.map((w) => '─'.repeat(w)).join('─┼─'),
        ...rows.map((r) => line(columns.map((c) => cellText(r[c])))),
        `(${rows.length} row${rows.length === 1 ? '' : 's'})`,
      ].join('\n');
    }
  }
}
