import { EngineError } from './engine-error';

function refuseNul(text: string, what: string): void {
  if (text.includes('\u0000')) {
    throw new EngineError(`A ${what} cannot contain a NUL character`);
  }
}

/** Quotes `text` as a SQL string literal: `it's` → `'it''s'`. Backslashes are not escapes. */
export function sqlString(text: string): string {
  refuseNul(text, 'SQL string');
  return `'${text.replace(/'/g, "''")}'`;
}

/** Quotes one identifier: `my "col"` → `"my ""col"""`. Dots are kept inside the identifier. */
export function sqlIdentifier(name: string): string {
  refuseNul(name, 'SQL identifier');
  if (name.length === 0) {
    throw new EngineError('A SQL identifier cannot be empty');
  }
  return `"${name.replace(/"/g, '""')}"`;
}

export interface QualifiedName {
  schema?: string;
  name: string;
}

/** Splits `schema.name` (or `name`) into its parts; names with more than one dot are refused. */
export function parseQualifiedName(qualified: string): QualifiedName {
  const parts = qualified.split('.');
  if (parts.length > 2 || parts.some((part) => part.length === 0)) {
    throw new EngineError(`"${qualified}" is not a name of the form name or schema.name`);
  }
  return parts.length === 2 ? { schema: parts[0], name: parts[1] } : { name: parts[0] };
}

/** `trusted.attendance` → `"trusted"."attendance"`. */
export function sqlQualifiedName(qualified: string): string {
  const { schema, name } = parseQualifiedName(qualified);
  return schema === undefined ? sqlIdentifier(name) : `${sqlIdentifier(schema)}.${sqlIdentifier(name)}`;
}
