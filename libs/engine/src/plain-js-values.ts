import {
  arrayFromArrayValue,
  arrayFromListValue,
  bytesFromBitValue,
  bytesFromBlobValue,
  bytesFromGeometryValue,
  booleanFromValue,
  createDuckDBValueConverter,
  dateFromTimestampMillisecondsValue,
  dateFromTimestampNanosecondsValue,
  dateFromTimestampSecondsValue,
  dateFromTimestampTZValue,
  dateFromTimestampValue,
  doubleFromDecimalValue,
  DuckDBDateValue,
  DuckDBStructType,
  DuckDBStructValue,
  DuckDBTypeId,
  fromVariantValue,
  nullConverter,
  numberFromValue,
  objectArrayFromMapValue,
  objectFromUnionValue,
  stringFromValue,
  unsupportedConverter,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
} from '@duckdb/node-api';
import { EngineError } from './engine-error';

/** What `Engine.query` returns for one value; see `plainJsConverter` for the rule. */
export type PlainJs = null | boolean | number | bigint | string | Uint8Array | PlainJs[] | { [key: string]: PlainJs };

type Converter = DuckDBValueConverter<PlainJs>;

/** Integers become numbers when exact, so callers rarely meet bigint; huge values stay exact. */
function integerFromValue(value: DuckDBValue): number | bigint {
  const big = BigInt(value as bigint);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

function dateString(value: DuckDBValue): string {
  const date = value as DuckDBDateValue;
  if (!date.isFinite) {
    return date.days > 0 ? 'infinity' : '-infinity';
  }
  return date.toString();
}

/** Timestamps become ISO 8601 in UTC with milliseconds; ±infinity and out-of-range keep DuckDB's text. */
function isoFrom(toDate: (value: DuckDBValue) => Date): (value: DuckDBValue) => string {
  return (value) => {
    const finite = (value as { isFinite: boolean }).isFinite;
    const date = finite ? toDate(value) : undefined;
    return date !== undefined && !Number.isNaN(date.getTime()) ? date.toISOString() : String(value);
  };
}

const textOf = (value: DuckDBValue): string => String(value);

type PlainObject = { [key: string]: PlainJs };

// Own properties, never assignment: a column or field named `__proto__` must not become a prototype.
function withField(target: PlainObject, name: string, value: PlainJs): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/** Builds one row from column names and converted values. */
export function rowObject(names: readonly string[], values: readonly PlainJs[]): PlainObject {
  const row: PlainObject = {};
  names.forEach((name, index) => withField(row, name, values[index] ?? null));
  return row;
}

function objectFromStruct(value: DuckDBValue, type: DuckDBType, converter: Converter): PlainObject {
  if (!(value instanceof DuckDBStructValue) || !(type instanceof DuckDBStructType)) {
    throw new EngineError(`Expected a STRUCT value, got ${String(type)}`);
  }
  const result: PlainObject = {};
  type.entryNames.forEach((name, index) => {
    // @duckdb/node-api stores struct fields by assignment, so this one is already lost.
    if (name === '__proto__') {
      throw new EngineError('A STRUCT field named __proto__ cannot be returned to JavaScript');
    }
    withField(result, name, converter(value.entries[name], type.entryTypes[index], converter));
  });
  return result;
}

const convertersByTypeId: Record<DuckDBTypeId, Converter | undefined> = {
  [DuckDBTypeId.INVALID]: unsupportedConverter,
  [DuckDBTypeId.BOOLEAN]: booleanFromValue,
  [DuckDBTypeId.TINYINT]: numberFromValue,
  [DuckDBTypeId.SMALLINT]: numberFromValue,
  [DuckDBTypeId.INTEGER]: numberFromValue,
  [DuckDBTypeId.BIGINT]: integerFromValue,
  [DuckDBTypeId.UTINYINT]: numberFromValue,
  [DuckDBTypeId.USMALLINT]: numberFromValue,
  [DuckDBTypeId.UINTEGER]: numberFromValue,
  [DuckDBTypeId.UBIGINT]: integerFromValue,
  [DuckDBTypeId.HUGEINT]: integerFromValue,
  [DuckDBTypeId.UHUGEINT]: integerFromValue,
  [DuckDBTypeId.BIGNUM]: integerFromValue,
  [DuckDBTypeId.FLOAT]: numberFromValue,
  [DuckDBTypeId.DOUBLE]: numberFromValue,
  [DuckDBTypeId.DECIMAL]: doubleFromDecimalValue,
  [DuckDBTypeId.DATE]: dateString,
  [DuckDBTypeId.TIMESTAMP]: isoFrom(dateFromTimestampValue),
  [DuckDBTypeId.TIMESTAMP_S]: isoFrom(dateFromTimestampSecondsValue),
  [DuckDBTypeId.TIMESTAMP_MS]: isoFrom(dateFromTimestampMillisecondsValue),
  [DuckDBTypeId.TIMESTAMP_NS]: isoFrom(dateFromTimestampNanosecondsValue),
  [DuckDBTypeId.TIMESTAMP_TZ]: isoFrom(dateFromTimestampTZValue),
  [DuckDBTypeId.TIME]: textOf,
  [DuckDBTypeId.TIME_NS]: textOf,
  [DuckDBTypeId.TIME_TZ]: textOf,
  [DuckDBTypeId.INTERVAL]: textOf,
  [DuckDBTypeId.VARCHAR]: stringFromValue,
  [DuckDBTypeId.ENUM]: stringFromValue,
  [DuckDBTypeId.UUID]: stringFromValue,
  [DuckDBTypeId.BLOB]: bytesFromBlobValue,
  [DuckDBTypeId.BIT]: bytesFromBitValue,
  [DuckDBTypeId.GEOMETRY]: bytesFromGeometryValue,
  [DuckDBTypeId.LIST]: arrayFromListValue,
  [DuckDBTypeId.ARRAY]: arrayFromArrayValue,
  [DuckDBTypeId.STRUCT]: objectFromStruct,
  [DuckDBTypeId.MAP]: objectArrayFromMapValue as Converter,
  [DuckDBTypeId.UNION]: objectFromUnionValue as Converter,
  [DuckDBTypeId.VARIANT]: fromVariantValue,
  [DuckDBTypeId.SQLNULL]: nullConverter,
  [DuckDBTypeId.ANY]: unsupportedConverter,
  [DuckDBTypeId.STRING_LITERAL]: unsupportedConverter,
  [DuckDBTypeId.INTEGER_LITERAL]: unsupportedConverter,
};

/**
 * DuckDB value → plain JS, the rule behind `Engine.query`:
 * - integers of any width → number when a safe integer, else bigint; DECIMAL, FLOAT, DOUBLE → number
 * - DATE → 'YYYY-MM-DD'; TIMESTAMP (any precision, with or without time zone) → ISO 8601 UTC string
 * - TIME, TIME_TZ, INTERVAL → DuckDB's text ('10:11:12', '1 day 02:00:00')
 * - VARCHAR, ENUM, UUID → string; BLOB, BIT → Uint8Array; BOOLEAN → boolean; NULL → null
 * - LIST, ARRAY → array; STRUCT → object; MAP → [{ key, value }]; UNION → { tag, value }
 */
export const plainJsConverter: Converter = createDuckDBValueConverter<PlainJs>(convertersByTypeId);
