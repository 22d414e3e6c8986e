import { DqdlSyntaxError } from './quality-errors';
import type { Severity } from './rule';

/**
 * Rule id, severity and options DQDL has no syntax for (e.g. `k=3 minHistory=5` of
 * DetectAnomalies), kept in a `# @rule <id> <severity> [name=value ...]` comment, which Glue skips.
 */
export interface DqdlAnnotation {
  readonly id: string;
  readonly severity: Severity;
  readonly options: Readonly<Record<string, string>>;
}

/**
 * Token kinds of awslabs/dqdl CommonLexerRules plus the grammar's literal words. A quoted text
 * shaped exactly like a date (`"2024-01-31"`) or a time (`"9:30 AM"`, `"21:45"`) is a DATE, TIME or
 * MIL_TIME token there, not a QUOTED_STRING, so it is kept apart here too.
 */
export type DqdlTokenKind =
  | 'identifier'
  | 'keyword'
  | 'digit'
  | 'int'
  | 'decimal'
  | 'string'
  | 'date'
  | 'time'
  | 'miltime'
  | 'now'
  | 'punct'
  | 'eof';

export interface DqdlToken {
  readonly kind: DqdlTokenKind;
  /** As written; for quoted kinds, the text between the quotes with its escapes kept. */
  readonly text: string;
  readonly line: number;
  readonly column: number;
  /** Annotation comment directly before this token. */
  readonly annotation?: DqdlAnnotation;
}

export const ANNOTATION_PATTERN = /^#\s*@rule\s+(\S+)\s+(error|warn)((?:\s+[A-Za-z]+=\S+)*)\s*$/;

/** Words the grammar spells out: they are never identifiers (ANTLR gives literals priority). */
export const DQDL_KEYWORDS: ReadonlySet<string> = new Set([
  'Metadata',
  'DataSources',
  'Rules',
  'Analyzers',
  'days',
  'hours',
  'minutes',
  'B',
  'KB',
  'MB',
  'GB',
  'TB',
  'matches',
  'with',
  'where',
  'DefaultLabels',
  'labels',
  'and',
  'AND',
  'or',
  'OR',
  'of',
  'OF',
  'null',
  'NULL',
  'empty',
  'EMPTY',
  'whitespaces_only',
  'WHITESPACES_ONLY',
  'between',
  'in',
  'not',
]);

const PUNCTUATION = ['>=', '<=', ':', ',', '[', ']', '{', '}', '(', ')', '=', '>', '<', '!', '$', '+', '-', '*', '/', "'"];

/**
 * Splits DQDL text into tokens as the official lexer does: identifiers `[A-Za-z0-9_.]+`, numbers,
 * double-quoted strings (`\"` and `\\` escape; a string may span lines), `#` comments that end
 * with a line break, and only space, tab and line feed as white space (a carriage return outside
 * a comment is refused, as the official lexer refuses it).
 */
export function tokenizeDqdl(text: string): DqdlToken[] {
  const tokens: DqdlToken[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let annotation: DqdlAnnotation | undefined;
  const push = (token: Omit<DqdlToken, 'annotation'>): void => {
    tokens.push(annotation ? { ...token, annotation } : token);
    annotation = undefined;
  };

  while (i < text.length) {
    const ch = text[i];
    const column = i - lineStart + 1;
    if (ch === '\n') {
      i += 1;
      line += 1;
      lineStart = i;
    } else if (ch === ' ' || ch === '\t') {
      i += 1;
    } else if (ch === '#') {
      const end = text.indexOf('\n', i);
      if (end === -1) throw new DqdlSyntaxError(line, column, 'a # comment must end with a line break');
      const comment = text.slice(i, end).replace(/\r$/, '').trimEnd();
      const match = ANNOTATION_PATTERN.exec(comment);
      if (match) annotation = { id: match[1], severity: match[2] as Severity, options: annotationOptions(match[3]) };
      i = end;
    } else if (ch === '"') {
      let j = i + 1;
      let endLine = line;
      let endLineStart = lineStart;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && (text[j + 1] === '"' || text[j + 1] === '\\')) j += 1;
        else if (text[j] === '\n') {
          endLine += 1;
          endLineStart = j + 1;
        }
        j += 1;
      }
      if (j >= text.length) throw new DqdlSyntaxError(line, column, 'unterminated string: expected a closing "');
      const raw = text.slice(i + 1, j);
      push({ kind: quotedKind(raw), text: raw, line, column });
      line = endLine;
      lineStart = endLineStart;
      i = j + 1;
    } else if (text.startsWith('now()', i)) {
      push({ kind: 'now', text: 'now()', line, column });
      i += 5;
    } else if (/[A-Za-z0-9_.]/.test(ch)) {
      const word = /^[A-Za-z0-9_.]+/.exec(text.slice(i))?.[0] ?? ch;
      push({ kind: wordKind(word), text: word, line, column });
      i += word.length;
    } else {
      const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
      if (!punct) {
        const shown = ch === '\r' ? 'a carriage return (save the file with LF line endings)' : `"${ch}"`;
        throw new DqdlSyntaxError(line, column, `unexpected character ${shown}`);
      }
      push({ kind: 'punct', text: punct, line, column });
      i += punct.length;
    }
  }
  push({ kind: 'eof', text: '', line, column: i - lineStart + 1 });
  return tokens;
}

function annotationOptions(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => pair.split('=', 2) as [string, string]),
  );
}

function wordKind(word: string): DqdlTokenKind {
  if (/^[0-9]$/.test(word)) return 'digit';
  if (/^[0-9]+$/.test(word)) return 'int';
  if (/^[0-9]+\.[0-9]+$/.test(word)) return 'decimal';
  return DQDL_KEYWORDS.has(word) ? 'keyword' : 'identifier';
}

function quotedKind(raw: string): DqdlTokenKind {
  if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(raw)) return 'date';
  if (/^[0-9]{1,2}:[0-9]{2} (AM|PM)$/.test(raw)) return 'time';
  if (/^[0-9]{2}:[0-9]{2}$/.test(raw)) return 'miltime';
  return 'string';
}

/** The text of a DQDL string without its escapes (`\"` → `"`, `\\` → `\`). */
export function unescapeDqdl(raw: string): string {
  return raw.replace(/\\(["\\])/g, '$1');
}

/** A DQDL string literal (quotes included) for `text`. */
export function quoteDqdl(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
