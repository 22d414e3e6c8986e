import { AccessDenied } from './access-errors';
import { conditionsHold, type RequestContext } from './evaluate-condition';
import type { PlatformAction, PolicyDocument, PolicyStatement } from './policy-document';
import { asList } from './policy-document';
import { wildcardMatch } from './wildcard-match';

export interface AccessRequest {
  readonly action: PlatformAction;
  readonly resource: string;
  readonly context?: RequestContext;
}

export interface AccessDecision {
  readonly decision: 'Allow' | 'Deny';
  readonly reason: 'ExplicitDeny' | 'Allowed' | 'ImplicitDeny';
  /** Sid of the statement that decided (the first matching one), when it has a Sid. */
  readonly statement?: string;
}

/**
 * IAM evaluation logic: a matching `Deny` statement wins over everything; otherwise a matching
 * `Allow` allows; otherwise the request is denied by default.
 */
export function evaluate(policies: PolicyDocument | readonly PolicyDocument[], request: AccessRequest): AccessDecision {
  const statements = asList(policies).flatMap((p) => p.Statement);
  const context = request.context ?? {};
  const matching = statements.filter((s) => statementMatches(s, request, context));
  const deny = matching.find((s) => s.Effect === 'Deny');
  if (deny) return withSid({ decision: 'Deny', reason: 'ExplicitDeny' }, deny);
  const allow = matching.find((s) => s.Effect === 'Allow');
  if (allow) return withSid({ decision: 'Allow', reason: 'Allowed' }, allow);
  return { decision: 'Deny', reason: 'ImplicitDeny' };
}

export function isAllowed(policies: PolicyDocument | readonly PolicyDocument[], request: AccessRequest): boolean {
  return evaluate(policies, request).decision === 'Allow';
}

/** Throws `AccessDenied` unless the request is allowed. */
export function authorize(policies: PolicyDocument | readonly PolicyDocument[], request: AccessRequest): void {
  const result = evaluate(policies, request);
  if (result.reason !== 'Allowed') throw new AccessDenied(request.action, request.resource, result.reason);
}

function statementMatches(statement: PolicyStatement, request: AccessRequest, context: RequestContext): boolean {
  return (
    asList(statement.Action).some((p) => wildcardMatch(p, request.action, { ignoreCase: true })) &&
    asList(statement.Resource).some((p) => wildcardMatch(p, request.resource, { ignoreCase: false })) &&
    conditionsHold(statement.Condition, context)
  );
}

function withSid(decision: AccessDecision, statement: PolicyStatement): AccessDecision {
  return statement.Sid ? { ...decision, statement: statement.Sid } : decision;
}
