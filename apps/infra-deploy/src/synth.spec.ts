import { trustedTableId } from './resources/glue-catalog';
import { glueTableName } from '@acad/access';
import { catalogEntryFromContract, glueTableInput } from '@acad/catalog';
import { datasetRules, parseDqdl } from '@acad/quality';
import { DATASET_CONTRACTS } from '@acad/schemas';
import { zoneBucketName } from '@acad/zones';
import type { Resource } from './resource';
import { referencedIds } from './resource-graph';
import { BUCKET_ZONES, stackConfigFor } from './stack-config';
import { synthesize } from './synth';

const dev = stackConfigFor('dev', { s3BucketPrefix: 'acad-dev', region: 'eu-west-1' });
const prod = stackConfigFor('prod', { s3BucketPrefix: 'acad-prod', region: 'eu-west-1' });

interface BucketProperties {
  BucketName: string;
  BucketEncryption: { ServerSideEncryptionConfiguration: unknown[] };
  PublicAccessBlockConfiguration: Record<string, boolean>;
  BucketPolicy: { PolicyDocument: { Statement: { Principal?: unknown; Effect: string }[] } };
  VersioningConfiguration?: { Status: string };
  LifecycleConfiguration: { Rules: Record<string, unknown>[] };
}

interface TableProperties {
  TableInput: {
    Name: string;
    PartitionKeys: { Name: string; Type: string }[];
    StorageDescriptor: { Columns: { Name: string; Type: string }[]; SerdeInfo: { SerializationLibrary: string }; Location: string };
  };
}

function props<T = Record<string, unknown>>(resource: Resource | undefined): T {
  if (!resource) throw new Error('resource not found');
  return resource.properties as T;
}

describe('synthesize', () => {
  const resources = synthesize(dev);
  const byId = new Map(resources.map((r) => [r.id, r]));
  const buckets = resources.filter((r) => r.type === 'AWS::S3::Bucket');

  it('creates a rotating KMS key and its alias', () => {
    expect(props(byId.get('DataKey'))).toMatchObject({ EnableKeyRotation: true, KeySpec: 'SYMMETRIC_DEFAULT', PendingWindowInDays: 7 });
    expect(byId.get('DataKeyAlias')).toMatchObject({
      type: 'AWS::KMS::Alias',
      properties: { AliasName: 'alias/acad-dev-data', TargetKeyId: { Ref: 'DataKey' } },
    });
  });

  it('creates one private, KMS-encrypted, TLS-only bucket per zone plus the platform bucket', () => {
    expect(buckets.map((b) => props<BucketProperties>(b).BucketName).sort()).toEqual(
      BUCKET_ZONES.map((zone) => zoneBucketName('acad-dev', zone)).sort(),
    );
    for (const bucket of buckets) {
      const p = props<BucketProperties>(bucket);
      expect(p.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
        {
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['DataKey', 'Arn'] } },
          BucketKeyEnabled: true,
        },
      ]);
      expect(p.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(p.BucketPolicy.PolicyDocument.Statement).toContainEqual({
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${p.BucketName}`, `arn:aws:s3:::${p.BucketName}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
      // The only statement with Principal '*' is a Deny.
      for (const statement of p.BucketPolicy.PolicyDocument.Statement) {
        if (statement.Principal === '*') expect(statement.Effect).toBe('Deny');
      }
    }
  });

  it('versions raw, trusted and curated only', () => {
    const versioned = buckets.filter((b) => props<BucketProperties>(b).VersioningConfiguration?.Status === 'Enabled').map((b) => b.id);
    expect(versioned.sort()).toEqual(['CuratedBucket', 'RawBucket', 'TrustedBucket']);
  });

  it('expires landing after 7 days, noncurrent versions after 90, and moves raw to STANDARD_IA after 30', () => {
    const rules = (id: string): Record<string, unknown>[] => props<BucketProperties>(byId.get(id)).LifecycleConfiguration.Rules;
    expect(rules('LandingBucket')).toContainEqual(expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 7 }));
    for (const id of ['RawBucket', 'TrustedBucket', 'CuratedBucket']) {
      expect(rules(id)).toContainEqual(expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 } }));
    }
    expect(rules('RawBucket')).toContainEqual(
      expect.objectContaining({ Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }] }),
    );
    expect(rules('TrustedBucket').some((r) => 'ExpirationInDays' in r)).toBe(false);
  });

  it('keeps noncurrent versions and deleted keys longer in prod', () => {
    const prodResources = synthesize(prod);
    const raw = props<BucketProperties>(prodResources.find((r) => r.id === 'RawBucket'));
    expect(raw.BucketName).toBe('acad-prod-raw');
    expect(raw.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 365 } }),
    );
    expect(props(prodResources.find((r) => r.id === 'DataKey'))['PendingWindowInDays']).toBe(30);
  });

  it('creates one Glue database and a trusted_<dataset> table per contract, as the catalog sync writes them', () => {
    expect(props(byId.get('GlueDatabase'))['DatabaseInput']).toMatchObject({ Name: 'acad_dev' });
    const tables = resources.filter((r) => r.type === 'AWS::Glue::Table');
    expect(tables.map((t) => props<TableProperties>(t).TableInput.Name)).toEqual(
      DATASET_CONTRACTS.map((c) => glueTableName('trusted', c.name)),
    );
    for (const contract of DATASET_CONTRACTS) {
      const table = tables.find((t) => props<TableProperties>(t).TableInput.Name === `trusted_${contract.name}`);
      const location = `s3://acad-dev-trusted/${contract.name}/`;
      expect(props(table)['TableInput']).toEqual(glueTableInput(catalogEntryFromContract(contract, 'trusted', { location })));
      expect(props(table)['DatabaseName']).toBe('acad_dev');
      expect(table?.dependsOn).toContain('GlueDatabase');
    }
    const attendance = props<TableProperties>(byId.get('AttendanceTrustedTable')).TableInput;
    expect(attendance.PartitionKeys[0].Name).toBe('session_month');
    expect(attendance.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    // The tokenized identifier is a string in trusted.
    expect(attendance.StorageDescriptor.Columns.find((c) => c.Name === 'student_id')?.Type).toBe('string');
  });

  it('writes each dataset ruleset as DQDL of the dataset rules, for its trusted table', () => {
    for (const contract of DATASET_CONTRACTS) {
      const ruleset = resources.find(
        (r) => r.type === 'AWS::Glue::DataQualityRuleset' && props(r)['Name'] === `acad-dev-trusted-${contract.name}`,
      );
      const p = props<{ Ruleset: string; TargetTable: unknown }>(ruleset);
      expect(parseDqdl(p.Ruleset)).toEqual(datasetRules(contract));
      expect(p.Ruleset.length).toBeLessThan(65536);
      expect(p.TargetTable).toEqual({ DatabaseName: { Ref: 'GlueDatabase' }, TableName: { Ref: trustedTableId(contract) } });
    }
  });

  it('lists resources in an order that satisfies every dependency, each reference declared in dependsOn', () => {
    const seen = new Set<string>();
    for (const resource of resources) {
      expect(referencedIds(resource.properties).filter((id) => !resource.dependsOn.includes(id))).toEqual([]);
      for (const dependency of resource.dependsOn) expect(seen.has(dependency)).toBe(true);
      seen.add(resource.id);
    }
    expect(seen.size).toBe(resources.length);
  });
});
