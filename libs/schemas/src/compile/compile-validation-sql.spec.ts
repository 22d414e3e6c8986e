import { DuckDBInstance } from '@duckdb/node-api';
import { column } from '../column-spec';
import type { DatasetContract } from '../dataset-contract';
import { compileValidationSql } from './compile-validation-sql';
import { TRINO_DIALECT } from './sql-dialect';

// A contract may have nothing to check: optional free-text columns and no row rule.
const NoRules: DatasetContract = {
  name: 'notes',
  version: 1,
  description: 'Free-text notes.',
  owner: 'registrar',
  kind: 'reference',
  columns: [column('note', 'text', 'A note.'), column('author', 'text', 'Who wrote it.')],
  key: ['note'],
  rowRules: [],
  freshnessSlaHours: 24,
};

describe('compileValidationSql', () => {
  it('compiles a contract with no rule at all: every row is valid, and _violations keeps its list-of-struct type', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const sql = compileValidationSql(NoRules, {
        source: `(SELECT * FROM (VALUES ('a', 'x'), (' ', NULL)) AS t(note, author))`,
      });
      const reader = await connection.runAndReadAll(`SELECT note, author, _violations FROM (${sql}) ORDER BY note NULLS LAST`);
      expect(reader.getRowObjectsJson()).toEqual([
        { note: 'a', author: 'x', _violations: null },
        { note: null, author: null, _violations: null },
      ]);
      // Readers unnest the list's fields; the type must allow it even when it is always null.
      const types = await connection.runAndReadAll(`SELECT typeof(_violations) AS t FROM (${sql}) LIMIT 1`);
      expect(types.getRowObjectsJson()).toEqual([{ t: 'STRUCT("rule" VARCHAR, reason VARCHAR)[]' }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    expect(compileValidationSql(NoRules, { source: 't', dialect: TRINO_DIALECT })).not.toMatch(/WHEN\s+THEN/);
  });
});
