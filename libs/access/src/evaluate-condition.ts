import type { ConditionBlock } from './policy-document';
import { asList } from './policy-document';
import { wildcardMatch } from './wildcard-match';

export type ContextValue = string | number | boolean | readonly string[];
/** Facts about a request that conditions test, e.g. `{ 'acad:PiiClass': 'direct' }`. */
export type RequestContext = Readonly<Record<string, ContextValue>>;

type Scalar = string | number | boolean;

/**
 * IAM semantics: operators AND together, keys within an operator AND, values of one key OR.
 * A key missing from the context makes a positive operator false and a negated one
 * (`StringNotEquals`, `NumericNotEquals`, ...) true; `ForAnyValue:` over a missing key is false,
 * `ForAllValues:` true. Keys compare case-insensitively, as IAM condition keys do.
 */
export function conditionsHold(condition: ConditionBlock | undefined, context: RequestContext): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([operatorKey, keys]) =>
    Object.entries(keys).every(([key, expected]) => operatorHolds(operatorKey, lookup(context, key), asList(expected))),
  );
}

function lookup(context: RequestContext, key: string): ContextValue | undefined {
  const wanted = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

function operatorHolds(operatorKey: string, actual: ContextValue | undefined, expected: readonly Scalar[]): boolean {
  const [qualifier, operator] = operatorKey.includes(':') ? operatorKey.split(':') : [undefined, operatorKey];
  if (operator === 'Null') {
    // `Null: { key: true }` holds when the key is absent; `false` when it is present.
    const wantAbsent = expected.some((e) => String(e).toLowerCase() === 'true');
    return (actual === undefined) === wantAbsent;
  }
  const negated = operator.includes('Not');
  const positive = operator.replace('Not', '');
  const values: readonly Scalar[] | undefined = actual === undefined ? undefined : Array.isArray(actual) ? actual : [actual as Scalar];
  const matches = (value: Scalar): boolean => {
    const hit = expected.some((e) => scalarMatches(positive, value, e));
    return negated ? !hit : hit;
  };
  if (qualifier === 'ForAnyValue') return values !== undefined && values.some(matches);
  if (qualifier === 'ForAllValues') return values === undefined || values.every(matches);
  if (values === undefined) return negated;
  // Unqualified over a multi-valued key: a positive operator needs one match, a negated one needs none.
  return negated ? values.every(matches) : values.some(matches);
}

function scalarMatches(operator: string, actual: Scalar, expected: Scalar): boolean {
  switch (operator) {
    case 'StringEquals':
      return String(actual) === String(expected);
    case 'StringEqualsIgnoreCase':
      return String(actual).toLowerCase() === String(expected).toLowerCase();
    case 'StringLike':
      return wildcardMatch(String(expected), String(actual), { ignoreCase: false });
    case 'Bool': {
      const a = toBool(actual);
      const e = toBool(expected);
      return a !== undefined && a === e;
    }
    default:
      return numericMatches(operator, toNumber(actual), toNumber(expected));
  }
}

function numericMatches(operator: string, actual: number | undefined, expected: number | undefined): boolean {
  if (actual === undefined || expected === undefined) return false;
  switch (operator) {
    case 'NumericEquals':
      return actual === expected;
    case 'NumericLessThan':
      return actual < expected;
    case 'NumericLessThanEquals':
      return actual <= expected;
    case 'NumericGreaterThan':
      return actual > expected;
    case 'NumericGreaterThanEquals':
      return actual >= expected;
    default:
      return false;
  }
}

function toBool(value: Scalar): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = String(value).toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

function toNumber(value: Scalar): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value.trim())) return undefined;
  return Number(value);
}
