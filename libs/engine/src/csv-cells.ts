import type { Options } from 'csv-stringify';

// A spreadsheet runs a cell starting with these as a formula (CSV injection, OWASP ASVS 5.2.10).
const FORMULA_START = /^[=+\-@\t\r\0]/;

const jsonText = (value: object): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** Text a spreadsheet would run as a formula gets a leading apostrophe, so it is shown as text. */
export const formulaSafe = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/**
 * csv-stringify options for rows leaving the platform as CSV (downloads, `acad query -f csv`):
 * RFC 4180 quoting, formula-escaped text, booleans as true/false, bigints exact, nested values as
 * JSON, null as an empty cell. Numbers are written as numbers: a negative number is not a formula.
 */
export function formulaSafeCsvOptions(
  columns: readonly string[],
  options: { bom?: boolean; recordDelimiter?: 'unix' | 'windows' } = {},
): Options {
  return {
    header: true,
    columns: columns.map((key) => ({ key, header: key })),
    bom: options.bom ?? false,
    record_delimiter: options.recordDelimiter ?? 'windows',
    cast: {
      string: (value) => formulaSafe(value),
      boolean: (value) => String(value),
      bigint: (value) => value.toString(),
      date: (value) => value.toISOString(),
      object: (value) => formulaSafe(jsonText(value)),
    },
  };
}
