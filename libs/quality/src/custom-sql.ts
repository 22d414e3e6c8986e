/**
 * DQDL CustomSql statements name the evaluated dataset `primary`, a reserved word in DuckDB.
 * This binds it: the statement gets a `"primary"` CTE over the relation, and each bare word
 * `primary` outside strings, quoted identifiers and comments becomes `"primary"`.
 */
export function bindPrimaryAlias(sql: string, relationSql: string): string {
  const statement = quotePrimaryWords(sql.trim().replace(/;\s*$/, ''));
  const cte = `"primary" AS (SELECT * FROM ${relationSql})`;
  const leadingWith = /^with\s+/i.exec(statement);
  return leadingWith ? `WITH ${cte}, ${statement.slice(leadingWith[0].length)}` : `WITH ${cte} ${statement}`;
}

function quotePrimaryWords(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const skipTo = skippedSpanEnd(sql, i);
    if (skipTo > i) {
      out += sql.slice(i, skipTo);
      i = skipTo;
    } else if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))?.[0] ?? ch;
      const qualified = i > 0 && sql[i - 1] === '.';
      out += word.toLowerCase() === 'primary' && !qualified ? '"primary"' : word;
      i += word.length;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/** End of a string literal, quoted identifier or comment starting at `i`; `i` when none starts there. */
function skippedSpanEnd(sql: string, i: number): number {
  const ch = sql[i];
  if (ch === "'" || ch === '"') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === ch && sql[j + 1] === ch) j += 2;
      else if (sql[j] === ch) return j + 1;
      else j += 1;
    }
    return sql.length;
  }
  if (ch === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end;
  }
  if (ch === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return i;
}
