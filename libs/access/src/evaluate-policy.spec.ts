import { AccessDenied } from './access-errors';
import { authorize, evaluate, isAllowed } from './evaluate-policy';
import { parsePolicyDocument, type PolicyDocument } from './policy-document';

const allowTrusted: PolicyDocument = parsePolicyDocument({
  Version: '2012-10-17',
  Statement: [{ Sid: 'ReadTrusted', Effect: 'Allow', Action: 'acad:Read*', Resource: 'acad:dataset/trusted/*' }],
});
const denyStudents: PolicyDocument = parsePolicyDocument({
  Version: '2012-10-17',
  Statement: [{ Sid: 'NoStudents', Effect: 'Deny', Action: 'acad:ReadRows', Resource: 'acad:dataset/*/students' }],
});

describe('evaluate', () => {
  it('denies by default', () => {
    expect(evaluate([], { action: 'acad:ReadRows', resource: 'acad:dataset/trusted/attendance' })).toEqual({
      decision: 'Deny',
      reason: 'ImplicitDeny',
    });
  });

  it('allows through a matching statement and names it', () => {
    expect(evaluate(allowTrusted, { action: 'acad:ReadRows', resource: 'acad:dataset/trusted/attendance' })).toEqual({
      decision: 'Allow',
      reason: 'Allowed',
      statement: 'ReadTrusted',
    });
  });

  it('lets an explicit deny win over an allow, whatever the order', () => {
    const request = { action: 'acad:ReadRows', resource: 'acad:dataset/trusted/students' } as const;
    for (const policies of [
      [allowTrusted, denyStudents],
      [denyStudents, allowTrusted],
    ]) {
      expect(evaluate(policies, request)).toEqual({ decision: 'Deny', reason: 'ExplicitDeny', statement: 'NoStudents' });
    }
    expect(isAllowed([allowTrusted, denyStudents], { action: 'acad:ReadDataset', resource: 'acad:dataset/trusted/students' })).toBe(true);
  });

  it('matches actions case-insensitively and resources case-sensitively', () => {
    const upper = parsePolicyDocument({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'ACAD:READROWS', Resource: 'acad:dataset/trusted/Attendance' }],
    });
    expect(isAllowed(upper, { action: 'acad:ReadRows', resource: 'acad:dataset/trusted/Attendance' })).toBe(true);
    expect(isAllowed(upper, { action: 'acad:ReadRows', resource: 'acad:dataset/trusted/attendance' })).toBe(false);
  });

  it('applies an allow only when its conditions hold', () => {
    const conditional = parsePolicyDocument({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'acad:ViewPii',
          Resource: 'acad:dataset/trusted/*',
          Condition: { StringEquals: { 'acad:PiiClass': 'quasi' } },
        },
      ],
    });
    const request = { action: 'acad:ViewPii', resource: 'acad:dataset/trusted/admissions' } as const;
    expect(evaluate(conditional, { ...request, context: { 'acad:PiiClass': 'quasi' } }).decision).toBe('Allow');
    expect(evaluate(conditional, { ...request, context: { 'acad:PiiClass': 'direct' } }).reason).toBe('ImplicitDeny');
    expect(evaluate(conditional, request).reason).toBe('ImplicitDeny');
  });
});

describe('authorize', () => {
  it('throws AccessDenied naming action and resource only', () => {
    expect(() => authorize([allowTrusted, denyStudents], { action: 'acad:ReadRows', resource: 'acad:dataset/trusted/students' })).toThrow(
      new AccessDenied('acad:ReadRows', 'acad:dataset/trusted/students', 'ExplicitDeny'),
    );
    try {
      authorize([], { action: 'acad:Query', resource: 'acad:dataset/trusted/students', context: { 'acad:Email': 'jane@example.edu' } });
      throw new Error('expected AccessDenied');
    } catch (error) {
      expect(error).toBeInstanceOf(AccessDenied);
      expect((error as AccessDenied).code).toBe('ACCESS_DENIED');
      expect((error as AccessDenied).message).toBe('Access denied: no policy allows acad:Query on acad:dataset/trusted/students.');
    }
  });

  it('returns quietly when allowed', () => {
    expect(authorize(allowTrusted, { action: 'acad:ReadRows', resource: 'acad:dataset/trusted/attendance' })).toBeUndefined();
  });
});
