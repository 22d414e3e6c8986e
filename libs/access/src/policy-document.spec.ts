import { InvalidPolicyDocument } from './access-errors';
import { PLATFORM_ACTIONS, expandActions, parsePolicyDocument } from './policy-document';

const valid = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReadTrusted',
      Effect: 'Allow',
      Action: ['acad:ReadRows', 'acad:Read*'],
      Resource: 'acad:dataset/trusted/*',
      Condition: { StringEquals: { 'acad:PiiClass': ['none', 'quasi'] }, 'ForAnyValue:StringLike': { 'acad:Tags': 'x*' } },
    },
  ],
};

describe('parsePolicyDocument', () => {
  it('accepts a well-formed document', () => {
    expect(parsePolicyDocument(valid).Statement[0].Sid).toBe('ReadTrusted');
  });

  it.each([
    ['a wrong version', { ...valid, Version: '2008-10-17' }, 'Version'],
    ['no statements', { ...valid, Statement: [] }, 'Statement'],
    ['an unknown effect', { ...valid, Statement: [{ ...valid.Statement[0], Effect: 'Maybe' }] }, 'Statement.0.Effect'],
    ['a misspelt action', { ...valid, Statement: [{ ...valid.Statement[0], Action: 'acad:ReadDatset' }] }, 'Statement.0.Action'],
    ['a foreign action', { ...valid, Statement: [{ ...valid.Statement[0], Action: 's3:GetObject' }] }, 'Statement.0.Action'],
    ['a foreign resource', { ...valid, Statement: [{ ...valid.Statement[0], Resource: 'arn:aws:s3:::x' }] }, 'Statement.0.Resource'],
    [
      'an unknown operator',
      { ...valid, Statement: [{ ...valid.Statement[0], Condition: { DateLessThan: { k: 'v' } } }] },
      'Statement.0.Condition',
    ],
    ['an unknown key (NotAction)', { ...valid, Statement: [{ ...valid.Statement[0], NotAction: 'acad:Query' }] }, 'Statement.0'],
    ['a Sid with spaces', { ...valid, Statement: [{ ...valid.Statement[0], Sid: 'read all' }] }, 'Statement.0.Sid'],
  ])('rejects %s, naming the path', (_label, doc, path) => {
    let error: unknown;
    try {
      parsePolicyDocument(doc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidPolicyDocument);
    const invalid = error as InvalidPolicyDocument;
    expect(invalid.code).toBe('INVALID_POLICY_DOCUMENT');
    expect(invalid.problems.some((p) => p.startsWith(`${path}`))).toBe(true);
  });
});

describe('expandActions', () => {
  it('expands patterns case-insensitively to platform actions', () => {
    expect(expandActions('acad:read*')).toEqual([
      'acad:ReadDataset',
      'acad:ReadRows',
      'acad:ReadCatalog',
      'acad:ReadDashboard',
      'acad:ReadMonitoring',
    ]);
    expect(expandActions(['acad:Manage*', 'acad:Query'])).toEqual(['acad:Query', 'acad:ManageKeys', 'acad:ManageTokens']);
    expect(expandActions('*')).toEqual([...PLATFORM_ACTIONS]);
  });
});
