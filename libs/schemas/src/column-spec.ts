/** How a column is stored once typed (trusted zone). Raw keeps every column as text. */
export type ColumnType = 'text' | 'integer' | 'decimal' | 'date' | 'timestamp' | 'enum';

/**
 * PII classes (PRODUCT.md §5): `identifier` is tokenized, `direct` is encrypted per value in
 * trusted and never reaches curated, `sensitive` and `quasi` are shown only to some roles.
 */
export const PII_CLASSES = ['none', 'identifier', 'direct', 'sensitive', 'quasi'] as const;
export type PiiClass = (typeof PII_CLASSES)[number];

/** Value formats with a built-in check beyond type and pattern. */
export type ValueFormat = 'email' | 'country-alpha2';

/** One column of a dataset contract: the single source its zod schema, SQL and docs derive from. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly description: string;
  readonly required: boolean;
  readonly pii: PiiClass;
  /** Regular expression the trimmed text must match fully (JS and RE2 compatible). */
  readonly pattern?: string;
  /** Allowed values of an enum, lower-case. */
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly format?: ValueFormat;
  /** Decimal scale; decimals are stored as DECIMAL(18, scale). */
  readonly scale?: number;
}

export function column(
  name: string,
  type: ColumnType,
  description: string,
  options: Partial<Omit<ColumnSpec, 'name' | 'type' | 'description'>> = {},
): ColumnSpec {
  return { name, type, description, required: false, pii: 'none', ...options };
}
