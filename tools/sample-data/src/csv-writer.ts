import { stringify } from 'csv-stringify/sync';

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

/**
 * A whole file in one string, header first, spelled in the dialect (RFC 4180 quoting by csv-stringify:
 * a field is quoted when it holds the delimiter, a quote or a line break, and its quotes are doubled).
 * Source files are written as their systems export them: no formula escaping here.
 */
export function renderCsv(header: readonly string[], rows: readonly (readonly string[])[], dialect: CsvDialect): string {
  return stringify([header, ...rows] as string[][], {
    delimiter: dialect.delimiter,
    record_delimiter: dialect.lineEnding,
    bom: dialect.bom,
    quoted: dialect.quoteAll,
    quoted_empty: dialect.quoteAll,
  });
}
