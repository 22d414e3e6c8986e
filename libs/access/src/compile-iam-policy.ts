import { PolicyNotCompilable } from './access-errors';
import {
  actionsNeeding,
  groupsFor,
  permissionsFor,
  type AwsPermission,
  type IamConditionBlock,
  type ResourceScope,
} from './aws-permissions';
import { IamTargetSchema, s3BucketArn, type IamTarget, type ResolvedIamTarget } from './iam-target';
import {
  CATALOG_RESOURCE,
  DASHBOARD_RESOURCE_PREFIX,
  DATASET_RESOURCE_PREFIX,
  KEYS_RESOURCE,
  MONITORING_RESOURCE,
  TOKENS_RESOURCE,
  ZONES,
} from './platform-resources';
import { POLICY_VERSION, asList, expandActions, type PolicyDocument, type PolicyStatement } from './policy-document';
import { policiesFor, type Role } from './roles';
import { hasWildcard, wildcardMatch } from './wildcard-match';

export interface IamStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition?: IamConditionBlock;
}

/** An identity-based AWS IAM policy: attached to a role, so it has no `Principal` at all. */
export interface IamPolicyDocument {
  readonly Version: typeof POLICY_VERSION;
  readonly Statement: IamStatement[];
}

/**
 * Compiles a role's platform policies to one AWS IAM policy over the zone buckets' prefixes,
 * Glue, Athena, KMS and CloudWatch. Rules, chosen to fail closed:
 * - an `Allow` with a `Condition` is left out: its `acad:` keys (PII class, suppression) can only be
 *   checked by the publishing server, and dropping the condition would widen the grant;
 * - a `Deny` is kept without its condition (wider, never narrower), and only for AWS permissions
 *   that every platform action needing them is denied (ReadRows and Download both use s3:GetObject);
 * - a statement denying all S3 access without TLS is always added.
 */
export function compileIamPolicy(subject: Role | readonly PolicyDocument[], targetInput: IamTarget): IamPolicyDocument {
  const target = IamTargetSchema.parse(targetInput);
  const statements = policiesFor(subject).flatMap((p) => p.Statement);
  const compiled: IamStatement[] = [];
  statements.forEach((statement, index) => {
    if (statement.Effect === 'Allow' && statement.Condition) return;
    compiled.push(...compileStatement(statement, statement.Sid ?? `Statement${index + 1}`, target));
  });
  compiled.push(denyInsecureTransport(target));
  return { Version: POLICY_VERSION, Statement: compiled };
}

function compileStatement(statement: PolicyStatement, sid: string, target: ResolvedIamTarget): IamStatement[] {
  const actions = expandActions(statement.Action);
  const permissions: AwsPermission[] = [];
  for (const scope of asList(statement.Resource).flatMap(expandResource)) {
    for (const group of groupsFor(actions, scope)) {
      if (statement.Effect === 'Deny' && !actionsNeeding(group).every((a) => actions.includes(a))) continue;
      for (const permission of permissionsFor(group, scope, target)) {
        const resources =
          statement.Effect === 'Deny' ? permission.resources : [...permission.resources, ...(permission.sharedResources ?? [])];
        if (resources.length > 0) permissions.push({ actions: permission.actions, resources, condition: permission.condition });
      }
    }
  }
  return mergePermissions(permissions).map((p, i) => ({
    Sid: `${sid}${i + 1}`,
    Effect: statement.Effect,
    Action: [...p.actions],
    Resource: [...p.resources],
    ...(p.condition ? { Condition: p.condition } : {}),
  }));
}

/** What AWS resources a platform resource pattern covers. */
export function expandResource(pattern: string): ResourceScope[] {
  if (pattern === '*' || pattern === 'acad:*') {
    return [...ZONES.map((zone) => ({ kind: 'dataset' as const, zone, name: '*' })), ...OTHER_KINDS.map((kind) => ({ kind }))];
  }
  if (pattern.startsWith(DATASET_RESOURCE_PREFIX)) {
    const rest = pattern.slice(DATASET_RESOURCE_PREFIX.length);
    const slash = rest.indexOf('/');
    if (rest === '*') return ZONES.map((zone) => ({ kind: 'dataset' as const, zone, name: '*' }));
    const name = rest.slice(slash + 1);
    if (slash < 0 || name.includes('/') || name === '') {
      throw new PolicyNotCompilable(`dataset resource "${pattern}" is not acad:dataset/<zone>/<name>`);
    }
    const zones = ZONES.filter((z) => wildcardMatch(rest.slice(0, slash), z, { ignoreCase: false }));
    return zones.map((zone) => ({ kind: 'dataset' as const, zone, name }));
  }
  if (pattern.startsWith(DASHBOARD_RESOURCE_PREFIX)) return [{ kind: 'dashboard' }];
  const exact = SINGLETONS.find(([resource]) => resource === pattern);
  if (exact) return [{ kind: exact[1] }];
  if (hasWildcard(pattern)) throw new PolicyNotCompilable(`resource pattern "${pattern}" spans resource kinds`);
  return [];
}

const SINGLETONS = [
  [CATALOG_RESOURCE, 'catalog'],
  [KEYS_RESOURCE, 'keys'],
  [TOKENS_RESOURCE, 'tokens'],
  [MONITORING_RESOURCE, 'monitoring'],
] as const;
const OTHER_KINDS = ['catalog', 'keys', 'monitoring', 'dashboard', 'tokens'] as const;

/** Same condition and action set → one statement listing the resources; keeps the policy small. */
function mergePermissions(permissions: readonly AwsPermission[]): AwsPermission[] {
  const merged = new Map<string, { actions: string[]; resources: Set<string>; condition?: IamConditionBlock }>();
  for (const p of permissions) {
    const actions = [...new Set(p.actions)].sort();
    const key = JSON.stringify([actions, p.condition ?? null]);
    const entry = merged.get(key) ?? { actions, resources: new Set<string>(), condition: p.condition };
    p.resources.forEach((r) => entry.resources.add(r));
    merged.set(key, entry);
  }
  return [...merged.values()].map((m) => ({ actions: m.actions, resources: [...m.resources], condition: m.condition }));
}

function denyInsecureTransport(target: ResolvedIamTarget): IamStatement {
  const buckets = [...Object.values(target.bucketNames), ...(target.athenaResultsBucket ? [target.athenaResultsBucket] : [])];
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Action: ['s3:*'],
    Resource: buckets.flatMap((b) => [s3BucketArn(target, b), `${s3BucketArn(target, b)}/*`]),
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
