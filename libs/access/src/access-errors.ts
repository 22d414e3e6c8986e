/**
 * A request the policies do not allow. The message names the action and resource only: never a
 * row, a value or a column's content, so it is safe to log and to return to the caller.
 */
export class AccessDenied extends Error {
  readonly code = 'ACCESS_DENIED';

  constructor(
    readonly action: string,
    readonly resource: string,
    readonly reason: 'ExplicitDeny' | 'ImplicitDeny',
  ) {
    super(
      reason === 'ExplicitDeny'
        ? `Access denied: ${action} on ${resource} is explicitly denied.`
        : `Access denied: no policy allows ${action} on ${resource}.`,
    );
    this.name = 'AccessDenied';
  }
}

/** A policy document that does not follow the schema; `problems` name paths, never values. */
export class InvalidPolicyDocument extends Error {
  readonly code = 'INVALID_POLICY_DOCUMENT';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid policy document: ${problems.join('; ')}`);
    this.name = 'InvalidPolicyDocument';
  }
}

/** A valid platform policy that has no faithful AWS IAM form (e.g. a resource pattern spanning kinds). */
export class PolicyNotCompilable extends Error {
  readonly code = 'POLICY_NOT_COMPILABLE';

  constructor(detail: string) {
    super(`Policy cannot be compiled to AWS IAM: ${detail}`);
    this.name = 'PolicyNotCompilable';
  }
}

export class InvalidSuppressionThreshold extends Error {
  readonly code = 'INVALID_SUPPRESSION_THRESHOLD';

  constructor(readonly threshold: number) {
    super(`Small-cell suppression threshold must be a whole number of at least 1, not ${threshold}.`);
    this.name = 'InvalidSuppressionThreshold';
  }
}
