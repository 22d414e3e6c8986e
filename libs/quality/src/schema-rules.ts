import { duckDbType, type DatasetContract } from '@acad/schemas';
import type { Rule } from './rule';

/** A column as the engine describes it. */
export interface SchemaColumn {
  readonly name: string;
  readonly type: string;
}

/** The typed columns a contract promises in trusted, as DuckDB names their types. */
export function schemaFromContract(contract: DatasetContract): SchemaColumn[] {
  return contract.columns.map((c) => ({ name: c.name, type: normaliseType(duckDbType(c)) }));
}

/** One spelling per DuckDB type: upper case, no spaces inside parentheses, aliases resolved. */
export function normaliseType(type: string): string {
  const upper = type
    .trim()
    .toUpperCase()
    .replace(/\s*([(),])\s*/g, '$1');
  const aliases: Record<string, string> = {
    TIMESTAMPTZ: 'TIMESTAMP WITH TIME ZONE',
    INT8: 'BIGINT',
    LONG: 'BIGINT',
    INT: 'INTEGER',
    INT4: 'INTEGER',
    STRING: 'VARCHAR',
    TEXT: 'VARCHAR',
    FLOAT8: 'DOUBLE',
  };
  return aliases[upper] ?? upper;
}

export interface SchemaMeasure {
  readonly metric: number | null;
  readonly detail?: string;
}

/** Measures a ColumnCount, ColumnExists, SchemaMatch or ColumnNamesMatchPattern rule against the relation's columns. */
export function measureSchemaRule(
  rule: Extract<Rule, { type: 'ColumnCount' | 'ColumnExists' | 'SchemaMatch' | 'ColumnNamesMatchPattern' }>,
  actual: readonly SchemaColumn[],
  schemas: Readonly<Record<string, readonly SchemaColumn[]>>,
): SchemaMeasure {
  switch (rule.type) {
    case 'ColumnCount':
      return { metric: actual.length };
    case 'ColumnNamesMatchPattern': {
      let pattern: RegExp;
      try {
        pattern = new RegExp(`^(?:${rule.pattern})$`, 'u');
      } catch {
        return { metric: null, detail: `"${rule.pattern}" is not a regular expression` };
      }
      const unmatched = actual.filter((c) => !pattern.test(c.name)).map((c) => c.name);
      const metric = actual.length === 0 ? 1 : (actual.length - unmatched.length) / actual.length;
      return { metric, ...(unmatched.length ? { detail: `names that do not match: ${unmatched.join(', ')}` } : {}) };
    }
    case 'ColumnExists':
      return actual.some((c) => c.name === rule.column) ? { metric: 1 } : { metric: 0, detail: `no column "${rule.column}"` };
    case 'SchemaMatch': {
      const expected = schemas[rule.reference];
      if (!expected) return { metric: null, detail: `no schema is known for the reference "${rule.reference}"` };
      const byName = new Map(actual.map((c) => [c.name, normaliseType(c.type)]));
      const mismatched = expected.filter((c) => byName.get(c.name) !== normaliseType(c.type));
      const metric = expected.length === 0 ? 1 : (expected.length - mismatched.length) / expected.length;
      const detail =
        mismatched.length === 0 ? undefined : `missing or of another type: ${mismatched.map((c) => `${c.name} ${c.type}`).join(', ')}`;
      return { metric, ...(detail ? { detail } : {}) };
    }
  }
}
