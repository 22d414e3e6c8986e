/** How a CSV file is spelled: real exports differ in delimiter, line ending, BOM and quoting. */
export interface CsvDialect {
  delimiter: ',' | ';' | '\t';
  lineEnding: '\n' | '\r\n';
  /** Starts the file with a UTF-8 byte order mark, as Excel and many SIS exports do. */
  bom: boolean;
  /** Quotes every field (empty ones become `""`), not only those that need it. */
  quoteAll: boolean;
}

export const DEFAULT_CSV_DIALECT: CsvDialect = { delimiter: ',', lineEnding: '\n', bom: false, quoteAll: false };

const BYTE_ORDER_MARK = '\uFEFF';

function needsQuoting(value: string, delimiter: string): boolean {
  return value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r');
}

/** One field per RFC 4180: quoted when it holds the delimiter, a quote or a line break; quotes doubled. */
export function formatCsvField(value: string, dialect: CsvDialect): string {
  if (dialect.quoteAll || needsQuoting(value, dialect.delimiter)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** One record, line ending included. */
export function formatCsvRow(fields: readonly string[], dialect: CsvDialect): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += dialect.delimiter;
    line += formatCsvField(fields[i], dialect);
  }
  return line + dialect.lineEnding;
}

/** A whole file in one string: header, then every row. Built once and written with one call. */
export function renderCsv(header: readonly string[], rows: readonly (readonly string[])[], dialect: CsvDialect): string {
  const lines = new Array<string>(rows.length + 1);
  lines[0] = formatCsvRow(header, dialect);
  for (let i = 0; i < rows.length; i++) lines[i + 1] = formatCsvRow(rows[i], dialect);
  return (dialect.bom ? BYTE_ORDER_MARK : '') + lines.join('');
}
