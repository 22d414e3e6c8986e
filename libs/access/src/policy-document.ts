import { z } from 'zod';
import { InvalidPolicyDocument } from './access-errors';
import { wildcardMatch } from './wildcard-match';

export const POLICY_VERSION = '2012-10-17';

/** Every action the platform checks. Policies name them, or patterns over them (`acad:Read*`). */
export const PLATFORM_ACTIONS = [
  'acad:ReadDataset',
  'acad:ReadRows',
  'acad:Download',
  'acad:Query',
  'acad:ReadCatalog',
  'acad:ReadDashboard',
  'acad:Ingest',
  'acad:ManageKeys',
  'acad:ManageTokens',
  'acad:ReadMonitoring',
  'acad:ViewPii',
] as const;
export type PlatformAction = (typeof PLATFORM_ACTIONS)[number];

const STRING_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
] as const;
const NUMERIC_OPERATORS = [
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
] as const;
/** The condition operators supported: a small, well-understood subset of IAM's. */
export const CONDITION_OPERATORS = [...STRING_OPERATORS, ...NUMERIC_OPERATORS, 'Bool', 'Null'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];
/** `ForAnyValue:` / `ForAllValues:` qualify an operator for multi-valued context keys, as in IAM. */
export const SET_QUALIFIERS = ['ForAnyValue', 'ForAllValues'] as const;

const ConditionScalar = z.union([z.string(), z.number(), z.boolean()]);
const ConditionValueSchema = z.union([ConditionScalar, z.array(ConditionScalar).min(1)]);

const operatorKey = z.string().refine((key) => {
  const [first, second, ...rest] = key.split(':');
  if (rest.length > 0) return false;
  if (second === undefined) return (CONDITION_OPERATORS as readonly string[]).includes(first);
  return (
    (SET_QUALIFIERS as readonly string[]).includes(first) &&
    (CONDITION_OPERATORS as readonly string[]).includes(second) &&
    second !== 'Null'
  );
}, 'unknown condition operator');

export const ConditionSchema = z.record(operatorKey, z.record(z.string().min(1), ConditionValueSchema));

const actionPattern = z
  .string()
  .min(1)
  .refine((a) => a === '*' || /^acad:[A-Za-z*?]+$/i.test(a), 'an action is "*" or "acad:<Name>"')
  .refine(
    // A misspelt action would silently match nothing; patterns must match at least one action.
    (a) => PLATFORM_ACTIONS.some((known) => wildcardMatch(a, known, { ignoreCase: true })),
    'matches no platform action',
  );
const resourcePattern = z
  .string()
  .min(1)
  .refine((r) => r === '*' || r.startsWith('acad:'), 'a resource is "*" or "acad:..."');

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]);

export const PolicyStatementSchema = z.strictObject({
  Sid: z
    .string()
    .regex(/^[A-Za-z0-9]+$/, 'a Sid is letters and digits only')
    .optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Action: oneOrMany(actionPattern),
  Resource: oneOrMany(resourcePattern),
  Condition: ConditionSchema.optional(),
});

export const PolicyDocumentSchema = z.strictObject({
  Version: z.literal(POLICY_VERSION),
  Id: z.string().optional(),
  Statement: z.array(PolicyStatementSchema).min(1),
});

export type ConditionValue = z.infer<typeof ConditionValueSchema>;
export type ConditionBlock = z.infer<typeof ConditionSchema>;
export type PolicyStatement = z.infer<typeof PolicyStatementSchema>;
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;

/** Validates an untrusted document (e.g. from a file); throws `InvalidPolicyDocument` naming paths only. */
export function parsePolicyDocument(input: unknown): PolicyDocument {
  const result = PolicyDocumentSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidPolicyDocument(result.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`));
  }
  return result.data;
}

export function asList<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/** Platform actions a statement's `Action` patterns cover. */
export function expandActions(patterns: string | readonly string[]): PlatformAction[] {
  const list = asList(patterns);
  return PLATFORM_ACTIONS.filter((a) => list.some((p) => wildcardMatch(p, a, { ignoreCase: true })));
}
