import type { Datum } from '@aws-sdk/client-athena';
import type { SqlParam } from './engine';
import { sqlString } from './sql-literal';

/** A value of an Athena result, converted by the rule of `plainJsConverter` where Athena's text allows. */
export type AthenaPlainJs = null | boolean | number | bigint | string;

function integer(text: string): number | bigint {
  const big = BigInt(text);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

// Athena prints timestamps as `2024-03-05 10:11:12.345` (UTC, as the platform writes them) and
// zoned ones with the zone after a space: `2024-03-05 10:11:12.345 UTC`.
function isoTimestamp(text: string): string {
  const [date, time = '00:00:00', zone] = text.split(' ');
  const offset = zone === undefined || zone === 'UTC' || zone === 'Z' ? 'Z' : zone;
  const parsed = new Date(`${date}T${time}${offset}`);
  return Number.isNaN(parsed.getTime()) ? text : parsed.toISOString();
}

/**
 * Athena result text → plain JS, by the column's type from ResultSetMetadata:
 * - tinyint, smallint, integer → number; bigint → number when safe, else bigint
 * - double, float, real, decimal → number; boolean → boolean
 * - date → 'YYYY-MM-DD'; timestamp (with or without zone) → ISO 8601 UTC
 * - varchar, char and everything else (array, map, row, json: Athena gives them as display text) → string
 * A datum without a value is NULL (an empty string has one: '').
 */
export function athenaValue(datum: Datum | undefined, type: string): AthenaPlainJs {
  const text = datum?.VarCharValue;
  if (text === undefined) return null;
  const base = type.toLowerCase().replace(/\(.*$/, '').trim();
  switch (base) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
      return Number(text);
    case 'bigint':
      return integer(text);
    case 'double':
    case 'float':
    case 'real':
    case 'decimal':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'date':
      return text;
    case 'timestamp':
    case 'timestamp with time zone':
      return isoTimestamp(text);
    default:
      return base.startsWith('timestamp') ? isoTimestamp(text) : text;
  }
}

/** Athena substitutes ExecutionParameters into the SQL as written, so strings go in quoted. */
export function athenaParameter(param: SqlParam): string {
  if (param === null) return 'NULL';
  if (typeof param === 'string') return sqlString(param);
  return String(param);
}
