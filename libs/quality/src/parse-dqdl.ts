import { tokenizeDqdl, type DqdlToken } from './dqdl-lexer';
import { DqdlSyntaxError } from './quality-errors';
import { RULE_TYPES, type ComparisonOp, type Rule, type RuleType, type Threshold, type ValueCondition } from './rule';

const COMPARISONS: readonly string[] = ['>', '>=', '<', '<=', '='];

/**
 * Parses a DQDL ruleset (the rule types of `Rule`, no composite rules or dynamic thresholds)
 * into rules. Ids and severities come from `# @rule` comments; otherwise `rule-<n>` and `error`.
 * Throws `DqdlSyntaxError` with the line and column of the first problem.
 */
export function parseDqdl(text: string): Rule[] {
  return new DqdlParser(tokenizeDqdl(text)).document();
}

class DqdlParser {
  private position = 0;

  constructor(private readonly tokens: readonly DqdlToken[]) {}

  document(): Rule[] {
    this.expectWord('Rules', 'expected "Rules = [" to start the ruleset');
    this.expectPunct('=', 'expected "=" after Rules');
    this.expectPunct('[', 'expected "[" to open the list of rules');
    const rules: Rule[] = [];
    if (this.isPunct(']')) {
      this.next();
    } else {
      for (;;) {
        rules.push(this.rule(rules.length));
        if (this.isPunct(',')) this.next();
        else if (this.isPunct(']')) break;
        else this.fail('expected "," or "]" after a rule');
      }
      this.next();
    }
    if (this.peek().kind !== 'eof') this.fail('expected the end of the ruleset after "]"');
    return rules;
  }

  private rule(index: number): Rule {
    const start = this.peek();
    if (this.isPunct('(')) this.fail('composite rules (rules combined with and/or) are not supported');
    if (start.kind !== 'word') this.fail('expected a rule type such as IsComplete or ColumnValues');
    if (!(RULE_TYPES as readonly string[]).includes(start.text)) {
      this.fail(`unknown or unsupported rule type "${start.text}"; supported: ${RULE_TYPES.join(', ')}`);
    }
    this.next();
    const type = start.text as RuleType;
    const base = { id: start.annotation?.id ?? `rule-${index + 1}`, severity: start.annotation?.severity ?? 'error' } as const;
    switch (type) {
      case 'RowCount':
        return { ...base, type, threshold: this.threshold() };
      case 'IsComplete':
      case 'IsUnique':
        return { ...base, type, column: this.columnName() };
      case 'Completeness':
      case 'Uniqueness':
      case 'Mean':
      case 'Sum':
      case 'StandardDeviation':
      case 'DistinctValuesCount':
        return { ...base, type, column: this.columnName(), threshold: this.threshold() };
      case 'IsPrimaryKey': {
        const columns = [this.columnName()];
        while (this.peek().kind === 'string' || (this.peek().kind === 'word' && !this.isWord('where') && !this.isWord('with'))) {
          columns.push(this.columnName());
        }
        return { ...base, type, columns };
      }
      case 'ColumnValues': {
        const column = this.columnName();
        const condition = this.valueCondition();
        return { ...base, type, column, condition, ...this.tail() };
      }
      case 'ColumnLength': {
        const column = this.columnName();
        return { ...base, type, column, length: this.threshold(), ...this.tail() };
      }
      case 'ReferentialIntegrity': {
        const columns = this.stringParameter('expected the quoted primary columns, e.g. "student_id"').split(',').map((c) => c.trim());
        const referenceToken = this.peek();
        const reference = this.referenceColumns();
        if (reference.columns.length !== columns.length) this.failAt(referenceToken, `expected ${columns.length} reference column(s), one per primary column`);
        return { ...base, type, columns, reference, threshold: this.threshold() };
      }
      case 'CustomSql':
        return { ...base, type, sql: this.stringParameter('expected a quoted SQL statement'), threshold: this.threshold() };
    }
  }

  private valueCondition(): ValueCondition {
    if (this.isWord('in')) {
      this.next();
      this.expectPunct('[', 'expected "[" to open the list of values');
      const values: string[] = [];
      let allowNull = false;
      for (;;) {
        const token = this.peek();
        if (token.kind === 'string') values.push(token.text);
        else if (token.kind === 'word' && (token.text === 'NULL' || token.text === 'null')) allowNull = true;
        else this.fail('expected a quoted value or NULL');
        this.next();
        if (this.isPunct(',')) this.next();
        else if (this.isPunct(']')) break;
        else this.fail('expected "," or "]" in the list of values');
      }
      this.next();
      return { kind: 'in', values, allowNull };
    }
    if (this.isWord('matches')) {
      this.next();
      return { kind: 'matches', pattern: this.stringParameter('expected a quoted regular expression after matches') };
    }
    return { kind: 'compare', threshold: this.threshold('expected in [...], matches "...", a comparison or between') };
  }

  /** Optional `where "<predicate>"` and `with threshold <expression>`, in either order. */
  private tail(): { where?: string; threshold?: Threshold } {
    const result: { where?: string; threshold?: Threshold } = {};
    for (;;) {
      if (this.isWord('where') && result.where === undefined) {
        this.next();
        result.where = this.stringParameter('expected a quoted predicate after where');
      } else if (this.isWord('with') && result.threshold === undefined) {
        this.next();
        this.expectWord('threshold', 'expected "threshold" after with');
        result.threshold = this.threshold();
      } else {
        return result;
      }
    }
  }

  private threshold(message = 'expected a comparison (>, >=, <, <=, =) or between'): Threshold {
    const token = this.peek();
    if (token.kind === 'punct' && COMPARISONS.includes(token.text)) {
      this.next();
      return { op: token.text as ComparisonOp, value: this.number() };
    }
    if (this.isWord('between')) {
      this.next();
      const lo = this.number();
      if (!this.isWord('and') && !this.isWord('AND')) this.fail('expected "and" between the two bounds');
      this.next();
      return { op: 'between', value: [lo, this.number()] };
    }
    return this.fail(message);
  }

  private number(): number {
    const token = this.peek();
    if (token.kind !== 'number' || token.value === undefined) return this.fail('expected a number');
    this.next();
    return token.value;
  }

  private columnName(): string {
    const token = this.peek();
    // DQDL also accepts a bare identifier as a parameter.
    if (token.kind !== 'string' && token.kind !== 'word') return this.fail('expected a quoted column name');
    if (token.kind === 'string' && token.text === '') this.fail('a column name cannot be empty');
    this.next();
    return token.text;
  }

  private referenceColumns(): { dataset: string; columns: string[] } {
    const token = this.peek();
    const text = this.stringParameter('expected the quoted reference columns, e.g. "students.student_id"');
    const match = /^([^.]+)\.(?:\{([^}]*)\}|([^{}]+))$/.exec(text);
    if (!match) this.failAt(token, 'expected the reference as "dataset.column" or "dataset.{column1,column2}"');
    const columns = (match[2] ?? match[3]).split(',').map((c) => c.trim());
    return { dataset: match[1], columns };
  }

  private stringParameter(message: string): string {
    const token = this.peek();
    if (token.kind !== 'string') return this.fail(message);
    this.next();
    return token.text;
  }

  private expectWord(word: string, message: string): void {
    if (!this.isWord(word)) this.fail(message);
    this.next();
  }

  private expectPunct(punct: string, message: string): void {
    if (!this.isPunct(punct)) this.fail(message);
    this.next();
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text === word;
  }

  private isPunct(punct: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.text === punct;
  }

  private peek(): DqdlToken {
    return this.tokens[this.position];
  }

  private next(): void {
    if (this.position < this.tokens.length - 1) this.position += 1;
  }

  private fail(message: string): never {
    return this.failAt(this.peek(), message);
  }

  private failAt(token: DqdlToken, message: string): never {
    throw new DqdlSyntaxError(token.line, token.column, message);
  }
}
