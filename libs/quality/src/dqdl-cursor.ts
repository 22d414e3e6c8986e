import type { DqdlToken } from './dqdl-lexer';
import { DqdlSyntaxError } from './quality-errors';
import type { ComparisonOp, Threshold } from './rule';

const COMPARISONS: readonly string[] = ['>', '>=', '<', '<=', '='];

/** Walks DQDL tokens; reads the pieces every rule shares (names, numbers, expressions). */
export class DqdlCursor {
  private position = 0;

  constructor(private readonly tokens: readonly DqdlToken[]) {}

  /**
   * A DQDL numeric expression: `<op> n` or `between a and b`. `unit` reads a word after each
   * number (DataFreshness: hours or days) and hands it to the caller.
   */
  threshold(message = 'expected a comparison (>, >=, <, <=, =) or between', unit?: () => void): Threshold {
    const token = this.peek();
    if (token.kind === 'punct' && COMPARISONS.includes(token.text)) {
      this.next();
      const value = this.number();
      unit?.();
      return { op: token.text as ComparisonOp, value };
    }
    if (this.isWord('between')) {
      this.next();
      const lo = this.number();
      unit?.();
      if (!this.isKeyword('and')) this.fail('expected "and" between the two bounds');
      this.next();
      const hi = this.number();
      unit?.();
      return { op: 'between', value: [lo, hi] };
    }
    return this.fail(message);
  }

  number(): number {
    const token = this.peek();
    if (token.kind !== 'number' || token.value === undefined) return this.fail('expected a number');
    this.next();
    return token.value;
  }

  columnName(): string {
    const token = this.peek();
    // DQDL also accepts a bare identifier as a parameter.
    if (token.kind !== 'string' && token.kind !== 'word') return this.fail('expected a quoted column name');
    if (token.kind === 'string' && token.text === '') this.fail('a column name cannot be empty');
    this.next();
    return token.text;
  }

  stringParameter(message: string): string {
    const token = this.peek();
    if (token.kind !== 'string') return this.fail(message);
    this.next();
    return token.text;
  }

  /** Optional `where "<predicate>"`. */
  optionalWhere(): { where?: string } {
    if (!this.isWord('where')) return {};
    this.next();
    return { where: this.stringParameter('expected a quoted predicate after where') };
  }

  expectWord(word: string, message: string): void {
    if (!this.isWord(word)) this.fail(message);
    this.next();
  }

  expectPunct(punct: string, message: string): void {
    if (!this.isPunct(punct)) this.fail(message);
    this.next();
  }

  isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text === word;
  }

  /** `and` / `or` in either case, as the Glue documentation writes both. */
  isKeyword(word: 'and' | 'or'): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  isPunct(punct: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.text === punct;
  }

  peek(): DqdlToken {
    return this.tokens[this.position];
  }

  next(): void {
    if (this.position < this.tokens.length - 1) this.position += 1;
  }

  fail(message: string): never {
    return this.failAt(this.peek(), message);
  }

  failAt(token: DqdlToken, message: string): never {
    throw new DqdlSyntaxError(token.line, token.column, message);
  }
}
