import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { EngineError, SandboxViolation } from './engine-error';
import { plainJsConverter, type PlainJs } from './plain-js-values';

/** What one reading statement returned, at most `maxRows` rows of it. */
export interface ReadStatementResult {
  columns: string[];
  /** Each column's DuckDB type as DuckDB spells it (`BIGINT`, `DATE`, `DECIMAL(18,3)`…), so exports keep it. */
  types: string[];
  rows: PlainJs[][];
  /** True when the statement had more rows than `maxRows`. */
  truncated: boolean;
  /** The `schema.table` names the statement reads, as DuckDB's parser sees them (lower case, sorted). */
  relations: string[];
}

/** A statement DuckDB's parser judged to be one read, prepared, with the relations it names. */
export interface JudgedReadStatement {
  prepared: DuckDBPreparedStatement;
  relations: string[];
}

/**
 * DuckDB's parser is the only judge of what a text holds: `extractStatements` splits the text with
 * DuckDB's own lexer (E'…' strings with backslash escapes, dollar quoting, nested comments), so no
 * second scanner can be made to disagree with the engine about how many statements run. The one
 * statement must be a SELECT in any of its forms (WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW,
 * SUMMARIZE, PIVOT with an IN list) twice over: as prepared (its statement type) and as written
 * (its syntax tree, `json_serialize_sql`, which serializes SELECT statements only). The second
 * refuses what DuckDB rewrites into a query, such as PRAGMA; EXPLAIN is refused as well, since
 * EXPLAIN ANALYZE runs the statement it explains and DuckDB calls every EXPLAIN just EXPLAIN.
 *
 * Returns the prepared statement, so what runs is exactly what was judged. Throws SandboxViolation
 * for anything but one reading statement; DuckDB's own error for text that does not parse or bind.
 */
export async function prepareReadStatement(connection: DuckDBConnection, sql: string): Promise<JudgedReadStatement> {
  const statements = await connection.extractStatements(sql);
  if (statements.count === 0) throw new EngineError('The text holds no SQL statement');
  if (statements.count > 1) {
    // DuckDB runs a PIVOT without an IN list as two statements: CREATE TYPE, then the query.
    const pivot = /\bpivot\b/i.test(sql)
      ? " (a PIVOT without an IN list creates a type first: name its columns, as in PIVOT … ON status IN ('present', 'absent'))"
      : '';
    throw new SandboxViolation(`one statement at a time, and ${statements.count} were given${pivot}`);
  }
  const prepared = await statements.prepare(0);
  const type = prepared.statementType;
  if (type === StatementType.EXPLAIN) {
    throw new SandboxViolation('EXPLAIN is not available here: EXPLAIN ANALYZE would run the statement it explains');
  }
  if (type !== StatementType.SELECT) {
    throw new SandboxViolation(
      `only reading statements run here, and this is ${StatementType[type]}: the lake changes only through ingestion`,
    );
  }
  const tree = await syntaxTree(connection, sql);
  if (tree.error || tree.statements?.length !== 1) {
    throw new SandboxViolation('only SELECT statements run here, as written (DuckDB turns this one into a query, but it is not one)');
  }
  return { prepared, relations: namedRelations(tree) };
}

/** Runs a judged statement, reading only as far as `maxRows` + 1 rows (DuckDB reads in chunks of ~2048). */
export async function readRows(prepared: DuckDBPreparedStatement, maxRows: number): Promise<Omit<ReadStatementResult, 'relations'>> {
  const reader = await prepared.streamAndReadUntil(maxRows + 1);
  const rows = reader.convertRows<PlainJs>(plainJsConverter) as PlainJs[][];
  return {
    columns: reader.columnNames(),
    types: reader.columnTypes().map((type) => type.toString()),
    rows: rows.slice(0, maxRows),
    truncated: rows.length > maxRows,
  };
}

interface SyntaxTree {
  error: boolean;
  statements?: unknown[];
}

async function syntaxTree(connection: DuckDBConnection, sql: string): Promise<SyntaxTree> {
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql(?::VARCHAR) AS tree', [sql]);
  const [[tree]] = reader.getRowsJS() as [[string]];
  return JSON.parse(tree) as SyntaxTree;
}

/**
 * Table references with a schema, wherever they sit in the tree (joins, subqueries, CTEs, PIVOT
 * sources), for the audit log; unqualified names (CTEs among them) are left out. Not a gate.
 */
function namedRelations(tree: SyntaxTree): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const ref = node as Record<string, unknown>;
    if (ref['type'] === 'BASE_TABLE' && typeof ref['schema_name'] === 'string' && ref['schema_name'] !== '') {
      found.add(`${ref['schema_name']}.${String(ref['table_name'])}`.toLowerCase());
    }
    Object.values(ref).forEach(visit);
  };
  visit(tree.statements);
  return [...found].sort();
}
