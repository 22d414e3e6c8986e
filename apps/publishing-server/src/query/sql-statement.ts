import { InvalidRequest } from '../server-errors';

export class SqlNotAllowed extends InvalidRequest {
  override readonly code = 'SQL_NOT_ALLOWED';
  constructor(reason: string) {
    super(`Only one read-only SELECT or WITH statement is allowed: ${reason}`);
    this.name = 'SqlNotAllowed';
  }
}

/**
 * The statement with comments blanked out and a trailing semicolon dropped, after checking it is
 * one statement starting with SELECT or WITH. Strings, quoted names and dollar-quoted text are
 * skipped whole, so a ';' or '--' inside them does not count. This is the first gate only: the
 * statement then runs wrapped in a subquery inside the locked-down sandbox.
 */
export function singleReadStatement(sql: string): string {
  if (sql.length > 20_000) throw new SqlNotAllowed('the statement is longer than 20,000 characters.');
  let out = '';
  let i = 0;
  let endedAt = -1;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) throw new SqlNotAllowed('an unterminated comment.');
      out += ' '.repeat(end + 2 - i);
      i = end + 2;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = closingQuote(sql, i, c);
      out += sql.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    const dollar = c === '$' ? /^\$[A-Za-z_]*\$/.exec(sql.slice(i)) : null;
    if (dollar) {
      const end = sql.indexOf(dollar[0], i + dollar[0].length);
      if (end === -1) throw new SqlNotAllowed('an unterminated dollar-quoted string.');
      out += sql.slice(i, end + dollar[0].length);
      i = end + dollar[0].length;
      continue;
    }
    if (c === ';') {
      if (endedAt !== -1) throw new SqlNotAllowed('several statements.');
      endedAt = out.length;
      out += ' ';
      i += 1;
      continue;
    }
    if (endedAt !== -1 && !/\s/.test(c)) throw new SqlNotAllowed('several statements.');
    out += c;
    i += 1;
  }
  const statement = out.trim();
  if (!/^(select|with)\b/i.test(statement)) throw new SqlNotAllowed('the statement must start with SELECT or WITH.');
  return statement;
}

function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i;
    }
    i += 1;
  }
  throw new SqlNotAllowed('an unterminated quoted string or name.');
}

/** Relations named as schema.table in the statement, for the audit log (never the text itself). */
export function namedRelations(statement: string): string[] {
  const found = statement.match(/\b(trusted|curated)\s*\.\s*"?[A-Za-z_][A-Za-z0-9_]*"?/gi) ?? [];
  return [...new Set(found.map((r) => r.replace(/[\s"]/g, '').toLowerCase()))].sort();
}
