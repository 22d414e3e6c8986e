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

export interface DqdlToken {
  readonly kind: 'word' | 'string' | 'number' | 'punct' | 'eof';
  /** Words and punctuation as written; strings unescaped. */
  readonly text: string;
  readonly value?: number;
  readonly line: number;
  readonly column: number;
  /** Annotation comment directly before this token. */
  readonly annotation?: DqdlAnnotation;
}

export const ANNOTATION_PATTERN = /^#\s*@rule\s+(\S+)\s+(error|warn)((?:\s+[A-Za-z]+=\S+)*)\s*$/;

const PUNCTUATION = ['>=', '<=', '!=', '[', ']', ',', '=', '>', '<', '(', ')', '!', '$', '{', '}'];

/**
 * Splits DQDL text into tokens (awslabs/dqdl CommonLexerRules): identifiers `[A-Za-z0-9_.]+`,
 * numbers, double-quoted strings where a backslash escapes the next character, `#` comments.
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
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      i += 1;
    } else if (ch === '#') {
      const end = text.indexOf('\n', i);
      const comment = text.slice(i, end === -1 ? text.length : end).trimEnd();
      const match = ANNOTATION_PATTERN.exec(comment);
      if (match) {
        const options = Object.fromEntries(
          match[3]
            .trim()
            .split(/\s+/)
            .filter(Boolean)
            .map((pair) => pair.split('=', 2) as [string, string]),
        );
        annotation = { id: match[1], severity: match[2] as Severity, options };
      }
      i = end === -1 ? text.length : end;
    } else if (ch === '"') {
      let value = '';
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\n') break;
        if (text[j] === '\\' && j + 1 < text.length) j += 1;
        value += text[j];
        j += 1;
      }
      if (text[j] !== '"') throw new DqdlSyntaxError(line, column, 'unterminated string: expected a closing "');
      push({ kind: 'string', text: value, line, column });
      i = j + 1;
    } else if (/[A-Za-z0-9_.]/.test(ch) || (ch === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const word = /^-?[A-Za-z0-9_.]+/.exec(text.slice(i))?.[0] ?? ch;
      if (/^-?[0-9]+(\.[0-9]+)?$/.test(word)) push({ kind: 'number', text: word, value: Number(word), line, column });
      else if (word.startsWith('-')) throw new DqdlSyntaxError(line, column, `"${word}" is not a number`);
      else push({ kind: 'word', text: word, line, column });
      i += word.length;
    } else {
      const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
      if (!punct) throw new DqdlSyntaxError(line, column, `unexpected character "${ch}"`);
      push({ kind: 'punct', text: punct, line, column });
      i += punct.length;
    }
  }
  push({ kind: 'eof', text: '', line, column: i - lineStart + 1 });
  return tokens;
}
