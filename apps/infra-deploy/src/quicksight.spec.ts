import { describeCuratedProducts, type CuratedProductColumns } from '@acad/zones';
import { quickSightReaders, quickSightType } from './resources/quicksight';
import { synthesizeTemplate, type CloudFormationTemplate } from './synth';
import { DEV, PROD, PROD_WITH_QUICKSIGHT, propertiesOf, resourcesOfType, templateOf } from './template.test-support';

const group = (role: string) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:quicksight:\${AWS::Region}:\${AWS::AccountId}:group/default/acad-prod-${role}`,
});

describe('QuickSight in the stack', () => {
  let products: CuratedProductColumns[];
  let template: CloudFormationTemplate;

  beforeAll(async () => {
    products = await describeCuratedProducts();
    template = synthesizeTemplate(PROD_WITH_QUICKSIGHT, undefined, { validate: false, curatedProducts: products });
  }, 60_000);

  it('is off by default: the dev and prod stacks hold no QuickSight resource and no QuickSight role', () => {
    for (const config of [DEV, PROD]) {
      expect(config.quickSight).toBeUndefined();
      const types = Object.values(templateOf(config).Resources).map((r) => r.Type);
      expect(types.filter((t) => t.startsWith('AWS::QuickSight::'))).toEqual([]);
      expect(templateOf(config).Resources['QuickSightAthenaRole']).toBeUndefined();
    }
  });

  it('reads curated products only as the platform’s policies allow them as they are: not viewer or public, which need suppression', () => {
    expect(quickSightReaders('student_attendance_risk')).toEqual(['admin', 'registrar', 'analyst']);
    expect(quickSightReaders('attendance_weekly')).toEqual(['admin', 'registrar', 'analyst']);
  });

  it('adds an Athena data source through the workgroup, as a role QuickSight alone may assume, over SSL', () => {
    const [[id, source]] = resourcesOfType(template, 'AWS::QuickSight::DataSource');
    expect(id).toBe('QuickSightAthenaSource');
    expect(source.Properties).toMatchObject({
      AwsAccountId: { Ref: 'AWS::AccountId' },
      DataSourceId: 'acad-prod-athena',
      Type: 'ATHENA',
      DataSourceParameters: {
        AthenaParameters: { WorkGroup: { Ref: 'AthenaWorkGroup' }, RoleArn: { 'Fn::GetAtt': ['QuickSightAthenaRole', 'Arn'] } },
      },
      SslProperties: { DisableSsl: false },
    });
    expect((source.Properties?.['Permissions'] as Array<{ Principal: unknown }>).map((p) => p.Principal)).toEqual(
      ['admin', 'registrar', 'analyst'].map(group),
    );
    const role = propertiesOf<{ AssumeRolePolicyDocument: unknown; RoleName: string }>(template, 'QuickSightAthenaRole');
    expect(role.RoleName).toBe('acad-prod-quicksight');
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'quicksight.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    // What the role is allowed: curated objects and tables, the workgroup and its results; never trusted or the zones before it.
    const { PolicyDocument } = propertiesOf<{ PolicyDocument: { Statement: Array<{ Effect: string; Resource: unknown }> } }>(
      template,
      'QuickSightAthenaRolePolicy',
    );
    const allowed = JSON.stringify(PolicyDocument.Statement.filter((s) => s.Effect === 'Allow').map((s) => s.Resource));
    expect(allowed).toContain('arn:aws:s3:::acad-prod-curated/*');
    expect(allowed).toContain('table/acad_prod/curated_*');
    for (const zone of ['trusted', 'raw', 'quarantine', 'landing']) expect(allowed).not.toContain(`acad-prod-${zone}`);
    expect(allowed).not.toContain('trusted_');
  });

  it('adds one direct-query dataset per curated product over its Glue table, typed as the engine describes it, with row-level permissions', () => {
    const dataSets = resourcesOfType(template, 'AWS::QuickSight::DataSet').filter(([id]) => id.endsWith('QuickSightDataSet'));
    expect(dataSets.map(([, r]) => r.Properties?.['DataSetId'])).toEqual(products.map((p) => `acad-prod-${p.name}`));

    const risk = propertiesOf<Record<string, unknown>>(template, 'StudentAttendanceRiskQuickSightDataSet');
    expect(risk).toMatchObject({
      ImportMode: 'DIRECT_QUERY',
      PhysicalTableMap: {
        product: {
          RelationalTable: {
            DataSourceArn: { 'Fn::GetAtt': ['QuickSightAthenaSource', 'Arn'] },
            Catalog: 'AwsDataCatalog',
            Schema: 'acad_prod',
            Name: 'curated_student_attendance_risk',
            InputColumns: [
              { Name: 'student_key', Type: 'STRING' },
              { Name: 'course_code', Type: 'STRING' },
              { Name: 'section', Type: 'STRING' },
              { Name: 'attendance_rate', Type: 'DECIMAL' },
              { Name: 'longest_absence_run', Type: 'INTEGER' },
              { Name: 'last_attended', Type: 'DATETIME' },
              { Name: 'at_risk', Type: 'BOOLEAN' },
            ],
          },
        },
      },
      RowLevelPermissionDataSet: {
        Arn: { 'Fn::GetAtt': ['StudentAttendanceRiskQuickSightRowPermissions', 'Arn'] },
        PermissionPolicy: 'GRANT_ACCESS',
        FormatVersion: 'VERSION_2',
        Status: 'ENABLED',
      },
    });
    expect((risk['Permissions'] as Array<{ Principal: unknown; Actions: string[] }>).map((p) => p.Principal)).toEqual(
      ['admin', 'registrar', 'analyst'].map(group),
    );
    expect((risk['Permissions'] as Array<{ Actions: string[] }>)[0].Actions).not.toContain('quicksight:DeleteDataSet');

    // The rules: every row for exactly the reading roles' groups (an empty field value grants all rows).
    const rules = propertiesOf<{
      PhysicalTableMap: { rules: { CustomSql: { SqlQuery: unknown; Columns: unknown } } };
      Permissions: unknown[];
    }>(template, 'StudentAttendanceRiskQuickSightRowPermissions');
    expect(rules.PhysicalTableMap.rules.CustomSql.SqlQuery).toEqual({
      'Fn::Sub':
        'SELECT "GroupArn", CAST(NULL AS varchar) AS "student_key" FROM (VALUES ' +
        ['admin', 'registrar', 'analyst']
          .map((role) => `('arn:\${AWS::Partition}:quicksight:\${AWS::Region}:\${AWS::AccountId}:group/default/acad-prod-${role}')`)
          .join(', ') +
        ') AS t ("GroupArn")',
    });
    expect(rules.PhysicalTableMap.rules.CustomSql.Columns).toEqual([
      { Name: 'GroupArn', Type: 'STRING' },
      { Name: 'student_key', Type: 'STRING' },
    ]);
    expect(rules.Permissions).toHaveLength(1);
  });

  it('lets the deployer administer only the stack’s own QuickSight resources', () => {
    const policy = JSON.stringify(propertiesOf(template, 'InfraDeployRolePolicy'));
    expect(policy).toContain('"Sid":"AdministerQuickSight"');
    expect(policy).toContain(':datasource/acad-prod-*');
    expect(JSON.stringify(propertiesOf(templateOf(PROD), 'InfraDeployRolePolicy'))).not.toContain('quicksight');
  });

  it('maps engine types to QuickSight column types and refuses one it does not know', () => {
    expect(['VARCHAR', 'BIGINT', 'INTEGER', 'DOUBLE', 'DECIMAL(18,2)', 'DATE', 'TIMESTAMP', 'BOOLEAN'].map(quickSightType)).toEqual([
      'STRING',
      'INTEGER',
      'INTEGER',
      'DECIMAL',
      'DECIMAL',
      'DATETIME',
      'DATETIME',
      'BOOLEAN',
    ]);
    expect(() => quickSightType('BLOB')).toThrow('No QuickSight column type for the engine type BLOB');
  });
});
