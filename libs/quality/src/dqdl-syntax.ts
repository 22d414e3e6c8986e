import type { DqdlAnnotation } from './dqdl-lexer';

/**
 * The tree of a DQDL document, one node per construct of awslabs/dqdl's
 * DataQualityDefinitionLanguage.g4. Quoted texts keep their escapes (`raw`) so a document prints
 * back exactly; numbers keep the text they were written with.
 */

/** `number` of the grammar: one precedence level, left-associative, as ANTLR builds it. */
export type DqdlNumber =
  | { readonly kind: 'atom'; readonly text: string }
  | { readonly kind: 'null' }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly DqdlNumber[] }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/'; readonly left: DqdlNumber; readonly right: DqdlNumber }
  | { readonly kind: 'paren'; readonly inner: DqdlNumber };

export type DqdlDurationUnit = 'days' | 'hours' | 'minutes';
export type DqdlSizeUnit = 'B' | 'KB' | 'MB' | 'GB' | 'TB';

export interface DqdlDuration {
  readonly amount: number;
  readonly unit: DqdlDurationUnit;
}

export interface DqdlSize {
  readonly amount: number;
  readonly unit: DqdlSizeUnit;
}

export type DqdlDate =
  | { readonly kind: 'date'; readonly text: string }
  | { readonly kind: 'time'; readonly text: string }
  | { readonly kind: 'now' }
  | { readonly kind: 'nowOffset'; readonly op: '+' | '-'; readonly duration: DqdlDuration }
  | { readonly kind: 'null' };

export type DqdlKeyword = 'NULL' | 'EMPTY' | 'WHITESPACES_ONLY';

export type DqdlStringValue =
  | { readonly kind: 'string'; readonly raw: string }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'keyword'; readonly keyword: DqdlKeyword };

export type DqdlCompareOp = '>' | '>=' | '<' | '<=' | '=' | '!=';
export type DqdlRangeOp = 'between' | 'not between';
export type DqdlSetOp = 'in' | 'not in';

/** A condition on one kind of value; `between` has two operands, comparisons one, `in` one or more. */
export type DqdlCondition =
  | { readonly type: 'number'; readonly op: DqdlCompareOp | DqdlRangeOp | DqdlSetOp; readonly operands: readonly DqdlNumber[] }
  | {
      readonly type: 'string';
      readonly op: '=' | '!=' | DqdlSetOp | 'matches' | 'not matches';
      readonly operands: readonly DqdlStringValue[];
      /** `in $list`: the operand is one variable holding the list. */
      readonly listVariable?: boolean;
    }
  | { readonly type: 'date'; readonly op: DqdlCompareOp | DqdlRangeOp | DqdlSetOp; readonly operands: readonly DqdlDate[] }
  | { readonly type: 'duration'; readonly op: DqdlCompareOp | DqdlRangeOp | DqdlSetOp; readonly operands: readonly DqdlDuration[] }
  | { readonly type: 'size'; readonly op: DqdlCompareOp | DqdlRangeOp | DqdlSetOp; readonly operands: readonly DqdlSize[] };

export type DqdlNumberCondition = Extract<DqdlCondition, { type: 'number' }>;

export interface DqdlParameter {
  /** Quoted parameters keep their escapes. */
  readonly value: string;
  readonly form: 'quoted' | 'identifier' | 'variable';
  readonly connector?: 'of' | 'and';
}

export interface DqdlLabel {
  readonly key: string;
  readonly value: string;
}

/** `with <name> <condition>`: `threshold` with a number condition, any other tag with `=`. */
export interface DqdlTag {
  readonly name: string;
  readonly condition: DqdlCondition;
}

export interface DqdlPosition {
  readonly line: number;
  readonly column: number;
}

export interface DqdlRuleNode {
  readonly kind: 'rule';
  readonly ruleType: string;
  readonly parameters: readonly DqdlParameter[];
  readonly condition?: DqdlCondition;
  readonly where?: string;
  readonly labels?: readonly DqdlLabel[];
  readonly tags: readonly DqdlTag[];
  /** Where the rule starts in the parsed text; absent once the rule is kept in the rule model. */
  readonly at?: DqdlPosition;
}

export interface DqdlCompositeNode {
  readonly kind: 'composite';
  readonly operator: 'and' | 'or';
  readonly left: DqdlNode;
  readonly right: DqdlNode;
}

export interface DqdlParenNode {
  readonly kind: 'paren';
  readonly inner: DqdlNode;
  readonly labels?: readonly DqdlLabel[];
}

export type DqdlNode = DqdlRuleNode | DqdlCompositeNode | DqdlParenNode;

export interface DqdlRuleEntry {
  readonly node: DqdlNode;
  readonly annotation?: DqdlAnnotation;
  readonly at: DqdlPosition;
}

export interface DqdlAnalyzer {
  readonly analyzerType: string;
  readonly parameters: readonly DqdlParameter[];
  readonly at?: DqdlPosition;
}

/** A dictionary entry of the Metadata or DataSources section: a string or a list of strings. */
export interface DqdlPair {
  readonly key: string;
  readonly value: string | readonly string[];
}

export interface DqdlVariable {
  readonly name: string;
  readonly value: DqdlStringValue | readonly DqdlStringValue[];
  readonly at?: DqdlPosition;
}

export interface DqdlDocument {
  readonly metadata?: readonly DqdlPair[];
  readonly dataSources?: readonly DqdlPair[];
  readonly variables: readonly DqdlVariable[];
  readonly defaultLabels?: readonly DqdlLabel[];
  /** Absent when the document has only an Analyzers section. */
  readonly rules?: readonly DqdlRuleEntry[];
  readonly analyzers?: readonly DqdlAnalyzer[];
}
