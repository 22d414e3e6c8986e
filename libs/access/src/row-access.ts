import { evaluate } from './evaluate-policy';
import type { RequestContext } from './evaluate-condition';
import { CONTEXT_KEYS } from './platform-resources';
import type { PolicyDocument } from './policy-document';
import { policiesFor, type Role } from './roles';

/** `allowed-with-suppression`: rows may leave only after small-cell suppression is applied. */
export type RowAccess = 'allowed' | 'allowed-with-suppression' | 'denied';

/**
 * How a subject may read rows of a dataset resource (`acad:ReadRows` or `acad:Download`):
 * asked first without, then with `acad:SmallCellSuppressed` = true, so the policy decides
 * whether suppression is required, not the caller's idea of the role.
 */
export function rowAccess(
  subject: Role | readonly PolicyDocument[],
  action: 'acad:ReadRows' | 'acad:Download',
  resource: string,
  context: RequestContext = {},
): RowAccess {
  const policies = policiesFor(subject);
  const plain = { ...context, [CONTEXT_KEYS.smallCellSuppressed]: false };
  if (evaluate(policies, { action, resource, context: plain }).decision === 'Allow') return 'allowed';
  const suppressed = { ...context, [CONTEXT_KEYS.smallCellSuppressed]: true };
  return evaluate(policies, { action, resource, context: suppressed }).decision === 'Allow' ? 'allowed-with-suppression' : 'denied';
}
