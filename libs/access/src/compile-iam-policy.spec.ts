import { PolicyNotCompilable } from './access-errors';
import { compileIamPolicy, expandResource, type IamPolicyDocument, type IamStatement } from './compile-iam-policy';
import type { IamTarget } from './iam-target';
import { ZONES } from './platform-resources';
import { parsePolicyDocument, type PolicyStatement } from './policy-document';
import { ROLE_NAMES } from './roles';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const target: IamTarget = {
  accountId: '123456789012',
  region: 'eu-west-1',
  bucketNames: {
    landing: 'acad-landing',
    raw: 'acad-raw',
    quarantine: 'acad-quarantine',
    trusted: 'acad-trusted',
    curated: 'acad-curated',
  },
  glueDatabase: 'acad',
  athenaWorkgroup: 'acad-analytics',
  athenaResultsBucket: 'acad-athena-results',
  kmsKeyArn: KEY,
};
const BUCKETS = [...Object.values(target.bucketNames), 'acad-athena-results'];
const GLUE = 'arn:aws:glue:eu-west-1:123456789012:';
const WORKGROUP = 'arn:aws:athena:eu-west-1:123456789012:workgroup/acad-analytics';

const compileStatements = (...statements: PolicyStatement[]): IamStatement[] =>
  compileIamPolicy([parsePolicyDocument({ Version: '2012-10-17', Statement: statements })], target).Statement.filter(
    (s) => s.Sid !== 'DenyInsecureTransport',
  );

describe('compileIamPolicy of the built-in roles', () => {
  const compiled: [string, IamPolicyDocument][] = ROLE_NAMES.map((role) => [role, compileIamPolicy(role, target)]);

  it.each(compiled)('%s: no Principal, no "*" action, no broad action on every resource', (_role, policy) => {
    const json = JSON.stringify(policy);
    expect(json).not.toContain('"Principal"');
    expect(json).not.toContain('"Principal":"*"');
    for (const statement of policy.Statement) {
      expect(statement.Action).not.toContain('*');
      if (statement.Resource.includes('*')) {
        // Only CloudWatch reads that support no resource-level permission get "*", always named.
        expect(statement.Action.every((a) => /^cloudwatch:(GetMetricData|GetMetricStatistics|ListMetrics)$/.test(a))).toBe(true);
      }
    }
  });

  it.each(compiled)('%s: every resource is one of the configured buckets, Glue database, workgroup or key', (_role, policy) => {
    for (const resource of policy.Statement.flatMap((s) => s.Resource)) {
      if (resource.startsWith('arn:aws:s3:::')) {
        const bucket = resource.slice('arn:aws:s3:::'.length).split('/')[0];
        expect(BUCKETS).toContain(bucket);
      } else if (resource.startsWith('arn:aws:glue:')) {
        expect([`${GLUE}catalog`, `${GLUE}database/acad`].includes(resource) || resource.startsWith(`${GLUE}table/acad/`)).toBe(true);
      } else if (resource.startsWith('arn:aws:athena:')) {
        expect(resource).toBe(WORKGROUP);
      } else if (resource.startsWith('arn:aws:kms:')) {
        expect(resource).toBe(KEY);
      } else if (resource !== '*') {
        expect(resource).toBe('arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*');
      }
    }
  });

  it.each(compiled)('%s: denies S3 without TLS on every bucket, and fits an IAM managed policy', (_role, policy) => {
    const tls = policy.Statement.find((s) => s.Sid === 'DenyInsecureTransport');
    expect(tls).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Action: ['s3:*'],
      Resource: BUCKETS.flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]),
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(JSON.stringify(policy).replace(/\s/g, '').length).toBeLessThanOrEqual(6144);
    const sids = policy.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    expect(sids.every((sid) => /^[A-Za-z0-9]+$/.test(sid))).toBe(true);
  });

  it.each(compiled)('%s: a Deny compiled from a role never names a resource every dataset shares', (_role, policy) => {
    const shared = [WORKGROUP, `${GLUE}catalog`, `${GLUE}database/acad`, 'arn:aws:s3:::acad-athena-results'];
    for (const statement of policy.Statement.filter((s) => s.Effect === 'Deny' && s.Sid !== 'DenyInsecureTransport')) {
      expect(statement.Resource.filter((r) => shared.includes(r))).toEqual([]);
    }
  });

  it('denies the unprocessed zones to non-admin roles on AWS too', () => {
    const analyst = compileIamPolicy('analyst', target).Statement;
    const denied = analyst.filter((s) => s.Effect === 'Deny' && s.Action.includes('s3:GetObject')).flatMap((s) => s.Resource);
    expect(denied).toEqual(['arn:aws:s3:::acad-landing/*', 'arn:aws:s3:::acad-raw/*', 'arn:aws:s3:::acad-quarantine/*']);
  });

  it("keeps admin's raw reads: a Deny of Download alone cannot deny s3:GetObject that ReadRows also needs", () => {
    const admin = compileIamPolicy('admin', target).Statement;
    expect(admin.filter((s) => s.Effect === 'Deny').map((s) => s.Sid)).toEqual(['DenyInsecureTransport']);
    expect(
      admin.some((s) => s.Effect === 'Allow' && s.Action.includes('s3:GetObject') && s.Resource.includes('arn:aws:s3:::acad-raw/*')),
    ).toBe(true);
  });

  it('leaves out an Allow whose acad: conditions IAM cannot check (public rows need suppression)', () => {
    const pub = compileIamPolicy('public', target).Statement;
    expect(pub.some((s) => s.Effect === 'Allow' && s.Action.some((a) => a.startsWith('s3:') || a.startsWith('kms:')))).toBe(false);
    expect(pub.find((s) => s.Effect === 'Allow' && s.Action.includes('glue:GetTable'))?.Resource).toContain(
      `${GLUE}table/acad/curated_admissions_funnel`,
    );
  });
});

describe('compileIamPolicy mapping', () => {
  it('maps ReadRows on one dataset to its prefix, table and encryption context', () => {
    expect(
      compileStatements({ Sid: 'Att', Effect: 'Allow', Action: 'acad:ReadRows', Resource: 'acad:dataset/trusted/attendance' }),
    ).toEqual([
      { Sid: 'Att1', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::acad-trusted/attendance/*'] },
      {
        Sid: 'Att2',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: ['arn:aws:s3:::acad-trusted'],
        Condition: { StringLike: { 's3:prefix': 'attendance/*' } },
      },
      {
        Sid: 'Att3',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: [KEY],
        Condition: { StringEquals: { 'kms:EncryptionContext:zone': 'trusted', 'kms:EncryptionContext:dataset': 'attendance' } },
      },
      { Sid: 'Att4', Effect: 'Allow', Action: ['glue:GetDatabase'], Resource: [`${GLUE}catalog`, `${GLUE}database/acad`] },
      {
        Sid: 'Att5',
        Effect: 'Allow',
        Action: ['glue:GetPartition', 'glue:GetPartitions', 'glue:GetTable'],
        Resource: [`${GLUE}table/acad/trusted_attendance`, `${GLUE}catalog`, `${GLUE}database/acad`],
      },
    ]);
  });

  it('maps Query to the Athena workgroup and results prefix, with the data it reads', () => {
    const statements = compileStatements({ Effect: 'Allow', Action: 'acad:Query', Resource: 'acad:dataset/curated/admissions_*' });
    const athena = statements.find((s) => s.Action.includes('athena:StartQueryExecution'));
    expect(athena?.Resource).toEqual([WORKGROUP]);
    expect(athena?.Action).toEqual([
      'athena:GetQueryExecution',
      'athena:GetQueryResults',
      'athena:GetWorkGroup',
      'athena:StartQueryExecution',
      'athena:StopQueryExecution',
    ]);
    expect(statements.find((s) => s.Action.includes('s3:PutObject'))?.Resource).toEqual([
      'arn:aws:s3:::acad-athena-results/acad-analytics/*',
    ]);
    expect(statements.find((s) => s.Action.includes('kms:Decrypt'))?.Condition).toEqual({
      StringEquals: { 'kms:EncryptionContext:zone': 'curated' },
      StringLike: { 'kms:EncryptionContext:dataset': 'admissions_*' },
    });
    expect(statements[0].Sid).toBe('Statement11');
  });

  it('maps Ingest to writes under the landing prefix only', () => {
    expect(compileStatements({ Sid: 'In', Effect: 'Allow', Action: 'acad:Ingest', Resource: 'acad:dataset/*/attendance' })).toEqual([
      { Sid: 'In1', Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::acad-landing/attendance/*'] },
      {
        Sid: 'In2',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey'],
        Resource: [KEY],
        Condition: { StringEquals: { 'kms:EncryptionContext:zone': 'landing', 'kms:EncryptionContext:dataset': 'attendance' } },
      },
    ]);
  });

  it('compiles nothing for actions IAM cannot express (dashboards, tokens, PII columns)', () => {
    expect(
      compileStatements({ Effect: 'Allow', Action: ['acad:ReadDashboard', 'acad:ManageTokens', 'acad:ViewPii'], Resource: '*' }),
    ).toEqual([]);
  });

  it('rejects an invalid target and a resource with no IAM form', () => {
    expect(() => compileIamPolicy('viewer', { ...target, accountId: '42' })).toThrow(/12-digit/);
    expect(() => compileStatements({ Effect: 'Allow', Action: 'acad:ReadRows', Resource: 'acad:dataset/trusted/a/b' })).toThrow(
      PolicyNotCompilable,
    );
    expect(() => compileStatements({ Effect: 'Allow', Action: 'acad:ReadRows', Resource: 'acad:d*' })).toThrow(PolicyNotCompilable);
  });
});

describe('expandResource', () => {
  it.each([
    ['acad:dataset/trusted/attendance', [{ kind: 'dataset', zone: 'trusted', name: 'attendance' }]],
    ['acad:dataset/*/students', ZONES.map((zone) => ({ kind: 'dataset', zone, name: 'students' }))],
    ['acad:dataset/?aw/x', [{ kind: 'dataset', zone: 'raw', name: 'x' }]],
    ['acad:dataset/*', ZONES.map((zone) => ({ kind: 'dataset', zone, name: '*' }))],
    ['acad:catalog', [{ kind: 'catalog' }]],
    ['acad:dashboard/*', [{ kind: 'dashboard' }]],
    ['acad:something-else', []],
  ])('%s', (pattern, expected) => {
    expect(expandResource(pattern)).toEqual(expected);
  });
});
