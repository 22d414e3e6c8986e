import type { DqdlNumber, DqdlNumberCondition } from './dqdl-syntax';
import { printDqdlCondition } from './print-dqdl';
import { meetsThreshold, type Threshold } from './rule';

export interface DynamicVerdict {
  /** null when the condition cannot be resolved yet (no history) or here (an unknown function). */
  readonly passed: boolean | null;
  /** The condition's bounds once resolved (what a report shows beside the metric). */
  readonly threshold: Threshold;
  readonly detail: string;
}

/** Functions of DQDL dynamic rules this engine evaluates; `last(k)` is the rule's k latest metrics. */
const FUNCTIONS = ['last', 'avg', 'min', 'max', 'sum', 'std'];

class Unresolved extends Error {}

/**
 * Judges `metric` against a DQDL number condition whose operands may read the rule's history
 * (`past`, oldest first): `avg(last(10)) * 0.9`, `min(last(5)) - 1`. Operators associate left
 * to right at one precedence, as the official grammar builds the tree; `between` is exclusive.
 */
export function judgeDynamicCondition(metric: number, condition: DqdlNumberCondition, past: readonly number[]): DynamicVerdict {
  const written = printDqdlCondition(condition);
  let values: number[];
  try {
    values = condition.operands.map((operand) => scalar(evaluate(operand, past)));
  } catch (error) {
    if (!(error instanceof Unresolved)) throw error;
    return { passed: null, threshold: { op: '>', value: -Number.MAX_VALUE }, detail: `${written}: ${error.message}` };
  }
  const [first, second] = values;
  const resolved = `${written} → ${condition.op} ${values.map(round).join(condition.op.endsWith('between') ? ' and ' : ', ')}`;
  switch (condition.op) {
    case 'between':
    case 'not between': {
      const threshold: Threshold = { op: 'between', value: [first, second] };
      const inside = meetsThreshold(metric, threshold);
      return { passed: condition.op === 'between' ? inside : !inside, threshold, detail: resolved };
    }
    case 'in':
    case 'not in': {
      const found = values.some((v) => meetsThreshold(metric, { op: '=', value: v }));
      return { passed: condition.op === 'in' ? found : !found, threshold: { op: '=', value: first }, detail: resolved };
    }
    case '!=':
      return { passed: !meetsThreshold(metric, { op: '=', value: first }), threshold: { op: '=', value: first }, detail: resolved };
    default: {
      const threshold: Threshold = { op: condition.op, value: first };
      return { passed: meetsThreshold(metric, threshold), threshold, detail: resolved };
    }
  }
}

/** The largest k of the `last(k)` calls in a condition: how much history it needs. */
export function historyNeeded(condition: DqdlNumberCondition): number {
  const walk = (n: DqdlNumber): number => {
    switch (n.kind) {
      case 'call': {
        const own = n.name === 'last' && n.args[0]?.kind === 'atom' ? Number(n.args[0].text) : 0;
        return Math.max(own, ...n.args.map(walk));
      }
      case 'binary':
        return Math.max(walk(n.left), walk(n.right));
      case 'paren':
        return walk(n.inner);
      default:
        return 0;
    }
  };
  return Math.max(0, ...condition.operands.map(walk));
}

type Value = number | readonly number[];

function evaluate(n: DqdlNumber, past: readonly number[]): Value {
  switch (n.kind) {
    case 'atom':
      return Number(n.text);
    case 'null':
      throw new Unresolved('NULL is not a number to compare with');
    case 'paren':
      return evaluate(n.inner, past);
    case 'binary': {
      const a = scalar(evaluate(n.left, past));
      const b = scalar(evaluate(n.right, past));
      if (n.op === '/' && b === 0) throw new Unresolved('division by zero');
      return n.op === '+' ? a + b : n.op === '-' ? a - b : n.op === '*' ? a * b : a / b;
    }
    case 'call':
      return call(n.name, n.args, past);
  }
}

function call(name: string, args: readonly DqdlNumber[], past: readonly number[]): Value {
  if (!FUNCTIONS.includes(name)) throw new Unresolved(`the function ${name}() is not evaluated here (known: ${FUNCTIONS.join(', ')})`);
  if (name === 'last') {
    const k = args.length === 1 ? scalar(evaluate(args[0], past)) : NaN;
    if (!Number.isInteger(k) || k < 1) throw new Unresolved('last(k) takes one whole number k ≥ 1');
    if (past.length === 0) throw new Unresolved('no earlier metric of this rule in the quality history yet');
    return past.slice(-k);
  }
  const values = args.flatMap((arg) => {
    const value = evaluate(arg, past);
    return typeof value === 'number' ? [value] : [...value];
  });
  if (values.length === 0) throw new Unresolved(`${name}() of nothing`);
  switch (name) {
    case 'avg':
      return mean(values);
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    default: {
      // Sample standard deviation; one value has none to speak of.
      if (values.length < 2) return 0;
      const m = mean(values);
      return Math.sqrt(values.reduce((acc, v) => acc + (v - m) ** 2, 0) / (values.length - 1));
    }
  }
}

function scalar(value: Value): number {
  if (typeof value === 'number') return value;
  if (value.length === 1) return value[0];
  throw new Unresolved('last(k) with k > 1 is a list: take avg, min, max, sum or std of it');
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function round(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}
