import { evaluate, type AccessDecision } from './evaluate-policy';
import type { RequestContext } from './evaluate-condition';
import {
  CATALOG_RESOURCE,
  KEYS_RESOURCE,
  MONITORING_RESOURCE,
  TOKENS_RESOURCE,
  dashboardResource,
  datasetResource as ds,
} from './platform-resources';
import { PolicyDocumentSchema, type PlatformAction } from './policy-document';
import { ROLES, ROLE_DESCRIPTIONS, ROLE_NAMES, policiesFor, type Role } from './roles';

/** `allow`; `deny` = default (implicit) deny; `DENY` = explicit deny by a statement. */
type Expected = 'allow' | 'deny' | 'DENY';
type Row = [
  PlatformAction,
  string,
  RequestContext,
  admin: Expected,
  registrar: Expected,
  analyst: Expected,
  viewer: Expected,
  pub: Expected,
];

const SUPPRESSED = { 'acad:SmallCellSuppressed': true };
const pii = (c: string, masked = false): RequestContext => (masked ? { 'acad:PiiClass': c, 'acad:Masked': true } : { 'acad:PiiClass': c });

// prettier-ignore
const MATRIX: Row[] = [
  //  action                resource                                        context              admin    registrar analyst  viewer   public
  ['acad:ReadDataset',   ds('trusted', 'students'),                       {},                  'allow', 'allow', 'allow', 'deny',  'deny'],
  ['acad:ReadRows',      ds('trusted', 'attendance'),                     {},                  'allow', 'allow', 'allow', 'deny',  'deny'],
  ['acad:Download',      ds('trusted', 'admissions'),                     {},                  'allow', 'allow', 'allow', 'deny',  'deny'],
  ['acad:Query',         ds('trusted', 'students'),                       {},                  'allow', 'allow', 'allow', 'DENY',  'DENY'],
  ['acad:ReadDataset',   ds('curated', 'admissions_demographics'),        {},                  'allow', 'allow', 'allow', 'allow', 'allow'],
  ['acad:ReadRows',      ds('curated', 'attendance_weekly'),              {},                  'allow', 'allow', 'allow', 'deny',  'deny'],
  ['acad:ReadRows',      ds('curated', 'attendance_weekly'),              SUPPRESSED,          'allow', 'allow', 'allow', 'allow', 'allow'],
  ['acad:Download',      ds('curated', 'admissions_funnel'),              SUPPRESSED,          'allow', 'allow', 'allow', 'allow', 'allow'],
  ['acad:Download',      ds('curated', 'attendance_by_department'),       {},                  'allow', 'allow', 'allow', 'deny',  'deny'],
  ['acad:ReadRows',      ds('curated', 'student_attendance_risk'),        SUPPRESSED,          'allow', 'allow', 'allow', 'allow', 'DENY'],
  ['acad:ReadDataset',   ds('curated', 'student_attendance_risk'),        {},                  'allow', 'allow', 'allow', 'allow', 'DENY'],
  ['acad:Query',         ds('curated', 'attendance_weekly'),              {},                  'allow', 'allow', 'allow', 'DENY',  'DENY'],
  ['acad:ReadRows',      ds('raw', 'attendance'),                         {},                  'allow', 'DENY',  'DENY',  'DENY',  'DENY'],
  ['acad:Query',         ds('quarantine', 'admissions'),                  {},                  'allow', 'DENY',  'DENY',  'DENY',  'DENY'],
  ['acad:Download',      ds('raw', 'attendance'),                         {},                  'DENY',  'DENY',  'DENY',  'DENY',  'DENY'],
  ['acad:Download',      ds('landing', 'students'),                       {},                  'DENY',  'DENY',  'DENY',  'DENY',  'DENY'],
  ['acad:Ingest',        ds('landing', 'attendance'),                     {},                  'allow', 'DENY',  'DENY',  'DENY',  'DENY'],
  ['acad:ReadCatalog',   CATALOG_RESOURCE,                                {},                  'allow', 'allow', 'allow', 'allow', 'deny'],
  ['acad:ReadDashboard', dashboardResource('attendance-overview'),        {},                  'allow', 'allow', 'allow', 'allow', 'allow'],
  ['acad:ManageKeys',    KEYS_RESOURCE,                                   {},                  'allow', 'DENY',  'DENY',  'DENY',  'DENY'],
  ['acad:ManageTokens',  TOKENS_RESOURCE,                                 {},                  'allow', 'DENY',  'DENY',  'DENY',  'DENY'],
  ['acad:ReadMonitoring', MONITORING_RESOURCE,                            {},                  'allow', 'deny',  'deny',  'deny',  'deny'],
  ['acad:ViewPii',       ds('trusted', 'students'),                       pii('direct'),       'DENY',  'allow', 'DENY',  'DENY',  'DENY'],
  ['acad:ViewPii',       ds('trusted', 'admissions'),                     pii('direct', true), 'allow', 'allow', 'DENY',  'DENY',  'DENY'],
  ['acad:ViewPii',       ds('raw', 'admissions'),                         pii('direct'),       'DENY',  'DENY',  'DENY',  'DENY',  'DENY'],
  ['acad:ViewPii',       ds('quarantine', 'students'),                    pii('direct'),       'DENY',  'DENY',  'DENY',  'DENY',  'DENY'],
  ['acad:ViewPii',       ds('trusted', 'attendance'),                     pii('identifier'),   'allow', 'allow', 'allow', 'DENY',  'DENY'],
  ['acad:ViewPii',       ds('trusted', 'admissions'),                     pii('quasi'),        'allow', 'allow', 'allow', 'DENY',  'DENY'],
  ['acad:ViewPii',       ds('trusted', 'admissions'),                     pii('sensitive'),    'allow', 'allow', 'deny',  'DENY',  'DENY'],
  ['acad:ViewPii',       ds('trusted', 'admissions'),                     pii('sensitive', true), 'allow', 'allow', 'allow', 'DENY', 'DENY'],
  ['acad:ViewPii',       ds('trusted', 'admissions'),                     {},                  'allow', 'allow', 'deny',  'DENY',  'DENY'],
  ['acad:ViewPii',       ds('curated', 'attendance_weekly'),              pii('none'),         'allow', 'allow', 'allow', 'allow', 'allow'],
  ['acad:ViewPii',       ds('curated', 'student_attendance_risk'),        pii('identifier'),   'allow', 'allow', 'allow', 'DENY',  'DENY'],
  ['acad:ViewPii',       ds('curated', 'student_attendance_risk'),        pii('none'),         'allow', 'allow', 'allow', 'allow', 'DENY'],
  ['acad:ViewPii',       ds('raw', 'students'),                           pii('none'),         'allow', 'DENY',  'DENY',  'DENY',  'DENY'],
];

function outcome(decision: AccessDecision): Expected {
  if (decision.decision === 'Allow') return 'allow';
  return decision.reason === 'ExplicitDeny' ? 'DENY' : 'deny';
}

describe('authorisation matrix of the built-in roles', () => {
  const cases = MATRIX.flatMap(([action, resource, context, ...expected]) =>
    ROLE_NAMES.map((role, i) => ({ role, action, resource, context, expected: expected[i] })),
  );
  it.each(cases)('$role: $action on $resource $context → $expected', ({ role, action, resource, context, expected }) => {
    expect(outcome(evaluate(ROLES[role], { action, resource, context }))).toBe(expected);
  });
});

describe('ROLES', () => {
  it('are valid policy documents, one per role, each described', () => {
    expect(Object.keys(ROLES).sort()).toEqual([...ROLE_NAMES].sort());
    for (const role of ROLE_NAMES) {
      expect(PolicyDocumentSchema.safeParse(ROLES[role]).success).toBe(true);
      expect(ROLE_DESCRIPTIONS[role].length).toBeGreaterThan(10);
    }
  });

  it('keeps an explicit deny on the unprocessed zones for every role but admin', () => {
    const nonAdmin: Role[] = ['registrar', 'analyst', 'viewer', 'public'];
    for (const role of nonAdmin) {
      for (const zone of ['landing', 'raw', 'quarantine'] as const) {
        // Even a broad extra Allow attached beside the role cannot open them.
        const broad = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] };
        const decision = evaluate([ROLES[role], broad], { action: 'acad:ReadRows', resource: ds(zone, 'attendance') });
        expect(decision).toEqual({ decision: 'Deny', reason: 'ExplicitDeny', statement: 'DenyUnprocessedZones' });
      }
    }
  });

  it('lets only the registrar read direct identifiers unmasked, whatever broad Allow sits beside the others', () => {
    const broad = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] };
    for (const role of ROLE_NAMES) {
      for (const context of [pii('direct'), { ...pii('direct'), 'acad:Masked': false }]) {
        const decision = evaluate([ROLES[role], broad], { action: 'acad:ViewPii', resource: ds('trusted', 'admissions'), context });
        expect({ role, decision: decision.decision }).toEqual({ role, decision: role === 'registrar' ? 'Allow' : 'Deny' });
      }
    }
    expect(evaluate(ROLES.admin, { action: 'acad:ViewPii', resource: ds('trusted', 'admissions'), context: pii('direct') })).toEqual({
      decision: 'Deny',
      reason: 'ExplicitDeny',
      statement: 'DenyDirectIdentifiersUnmasked',
    });
  });

  it('resolves a role name or passes custom policies through', () => {
    expect(policiesFor('viewer')).toEqual([ROLES.viewer]);
    const custom = [ROLES.analyst, ROLES.viewer];
    expect(policiesFor(custom)).toBe(custom);
  });
});
