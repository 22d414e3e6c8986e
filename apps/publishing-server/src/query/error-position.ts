/** Where in a statement's text DuckDB placed an error: 1-based line and column. */
export interface ErrorPosition {
  line: number;
  column: number;
}

// DuckDB ends a located error with `LINE n: <the line, trimmed to a window with "..." around long
// lines>` and a caret under the spot on the next line.
const LOCATED = /\nLINE (\d+): (.*)\n( *)\^/;

/**
 * The position an error message points at, found in the statement itself, or undefined when the
 * message carries none. Only the numbers leave the query process: the quoted line may hold values.
 */
export function errorPosition(sql: string, message: string): ErrorPosition | undefined {
  const match = LOCATED.exec(message);
  if (!match) return undefined;
  const line = Number(match[1]);
  const prefix = `LINE ${match[1]}: `.length;
  let shown = match[2];
  let caret = match[3].length - prefix;
  const text = sql.split(/\r?\n/)[line - 1];
  if (text === undefined || caret < 0) return undefined;
  let start = 0;
  if (shown.startsWith('...')) {
    shown = shown.slice(3);
    caret -= 3;
    start = -1;
  }
  if (shown.endsWith('...')) shown = shown.slice(0, -3);
  if (start === -1) start = text.indexOf(shown);
  if (start < 0) return undefined;
  return { line, column: Math.min(start + caret, text.length) + 1 };
}
