import type { DqdlToken, DqdlTokenKind } from './dqdl-lexer';
import { DqdlSyntaxError } from './quality-errors';

/** A position in the token list with the checks the DQDL parser repeats; `mark`/`reset` backtrack. */
export class DqdlCursor {
  private index = 0;

  constructor(private readonly tokens: readonly DqdlToken[]) {}

  peek(ahead = 0): DqdlToken {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  next(): DqdlToken {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  mark(): number {
    return this.index;
  }

  reset(mark: number): void {
    this.index = mark;
  }

  is(kind: DqdlTokenKind, ahead = 0): boolean {
    return this.peek(ahead).kind === kind;
  }

  isPunct(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'punct' && token.text === text;
  }

  /** A grammar word; `and`, `or`, `of`, `null`, `empty`, `whitespaces_only` in either spelling. */
  isKeyword(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'keyword' && (token.text === text || token.text === text.toUpperCase());
  }

  expectPunct(text: string, message: string): DqdlToken {
    if (!this.isPunct(text)) this.fail(message);
    return this.next();
  }

  expectKeyword(text: string, message: string): DqdlToken {
    if (!this.isKeyword(text)) this.fail(message);
    return this.next();
  }

  expectKind(kind: DqdlTokenKind, message: string): DqdlToken {
    if (!this.is(kind)) this.fail(message);
    return this.next();
  }

  fail(message: string): never {
    return this.failAt(this.peek(), message);
  }

  failAt(token: { line: number; column: number; kind?: string; text?: string }, message: string): never {
    const found =
      token.kind === undefined ? '' : token.kind === 'eof' ? ' (found the end of the text)' : ` (found ${describe(token as DqdlToken)})`;
    throw new DqdlSyntaxError(token.line, token.column, `${message}${found}`);
  }
}

function describe(token: DqdlToken): string {
  switch (token.kind) {
    case 'string':
    case 'date':
    case 'time':
    case 'miltime':
      return `"${token.text.length > 30 ? `${token.text.slice(0, 30)}…` : token.text}"`;
    default:
      return `"${token.text}"`;
  }
}
