const CLOSING: Record<string, string> = { '[': ']', '{': '}', '(': ')' };

export class LiteralNotFound extends Error {
  readonly code = 'LITERAL_NOT_FOUND';
  constructor(readonly literal: string) {
    super(`Could not find the array or object literal assigned to ${literal}; add the entry by hand.`);
    this.name = 'LiteralNotFound';
  }
}

/** Index of the bracket closing the one at `open`, skipping strings, template literals and comments. */
function matchingBracket(source: string, open: number): number {
  const stack: string[] = [];
  for (let i = open; i < source.length; i++) {
    const ch = source[i];
    if (ch === '/' && source[i + 1] === '/') i = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i);
    else if (ch === '/' && source[i + 1] === '*') i = source.indexOf('*/', i + 2) + 1;
    else if (ch === "'" || ch === '"' || ch === '`') {
      for (i++; i < source.length && source[i] !== ch; i++) if (source[i] === '\\') i++;
    } else if (CLOSING[ch]) stack.push(CLOSING[ch]);
    else if (ch === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/**
 * Adds `entry` as the last element of the array or object literal assigned to `name`
 * (`export const NAME: Type = [ ... ];`), keeping its one-line or one-per-line layout. A no-op when
 * an element equal to `entry` is already there.
 */
export function appendToLiteral(source: string, name: string, entry: string): string {
  const declared = new RegExp(`\\b${name}\\b[^=]*=\\s*`).exec(source);
  if (!declared) throw new LiteralNotFound(name);
  const open = declared.index + declared[0].length;
  if (source[open] !== '[' && source[open] !== '{') throw new LiteralNotFound(name);
  const close = matchingBracket(source, open);
  if (close < 0) throw new LiteralNotFound(name);
  const body = source.slice(open + 1, close);
  if (body.includes(entry)) return source;
  if (body.trim() === '') return `${source.slice(0, open + 1)}${entry}${source.slice(close)}`;
  if (!body.includes('\n')) {
    const trimmed = body.trimEnd().replace(/,$/, '');
    return `${source.slice(0, open + 1)}${trimmed}, ${entry}${source.slice(close)}`;
  }
  // One element per line: add after the last one, with its indentation and a trailing comma.
  const lastLineStart = source.lastIndexOf('\n', close - 1);
  const before = source.slice(open + 1, lastLineStart).trimEnd();
  const indent = /\n([ \t]*)\S/.exec(body)?.[1] ?? '  ';
  const separated = before.endsWith(',') ? before : `${before},`;
  return `${source.slice(0, open + 1)}${separated}\n${indent}${entry},${source.slice(lastLineStart)}`;
}
