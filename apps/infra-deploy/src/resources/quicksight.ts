import { ROLE_NAMES, datasetResource, rowAccess, type Role } from '@acad/access';
import type { CuratedProductColumns } from '@acad/zones';
import { Aws, Fn } from 'aws-cdk-lib';
import type { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { CfnDataSet, CfnDataSource } from 'aws-cdk-lib/aws-quicksight';
import type { Construct } from 'constructs';
import { glueDatabaseName, type StackConfig } from '../stack-config';
import { pascalCase } from './glue-catalog';
import { stackTags, tagList } from './stack-tags';

export const QUICKSIGHT_SOURCE_ID = 'QuickSightAthenaSource';

const DATA_SOURCE_READ = ['quicksight:DescribeDataSource', 'quicksight:DescribeDataSourcePermissions', 'quicksight:PassDataSource'];
const DATA_SET_READ = [
  'quicksight:DescribeDataSet',
  'quicksight:DescribeDataSetPermissions',
  'quicksight:DescribeIngestion',
  'quicksight:ListIngestions',
  'quicksight:PassDataSet',
];

/** The QuickSight group a platform role maps to: `<prefix>-<role>` in the configured namespace. */
export function quickSightGroupArn(config: StackConfig, role: Role): string {
  const namespace = config.quickSight?.namespace ?? 'default';
  return `arn:\${AWS::Partition}:quicksight:\${AWS::Region}:\${AWS::AccountId}:group/${namespace}/${config.prefix}-${role}`;
}

/**
 * The roles that may read a product's rows in QuickSight: those the platform's own policies allow
 * to read them as they are. Roles allowed only with small-cell suppression (viewer, public) are
 * left out: QuickSight cannot suppress small cells, so they read released products through the
 * publishing server instead.
 */
export function quickSightReaders(product: string): Role[] {
  return ROLE_NAMES.filter((role) => rowAccess(role, 'acad:ReadRows', datasetResource('curated', product)) === 'allowed');
}

/**
 * QuickSight for offices that use it: one Athena data source (through the platform's workgroup,
 * as a role that may read curated products only) and, per curated product, a direct-query dataset
 * over its Glue table shared with the groups of the roles that may read it, with row-level
 * permissions granting all rows to exactly those groups (any other user sees none, even if the
 * dataset is shared further).
 */
export function addQuickSight(
  scope: Construct,
  config: StackConfig,
  parts: { workgroup: CfnWorkGroup; role: CfnRole; products: readonly CuratedProductColumns[] },
): { source: CfnDataSource; dataSets: CfnDataSet[] } {
  const tags = tagList(stackTags(config));
  const readersOf = new Map(parts.products.map((p) => [p.name, quickSightReaders(p.name)]));
  const everyReader = ROLE_NAMES.filter((role) => [...readersOf.values()].some((readers) => readers.includes(role)));
  const permissions = (roles: readonly Role[], actions: string[]) =>
    roles.map((role) => ({ principal: Fn.sub(quickSightGroupArn(config, role)), actions }));
  const source = new CfnDataSource(scope, QUICKSIGHT_SOURCE_ID, {
    awsAccountId: Aws.ACCOUNT_ID,
    dataSourceId: `${config.prefix}-athena`,
    name: `${config.prefix} curated products (Athena)`,
    type: 'ATHENA',
    dataSourceParameters: { athenaParameters: { workGroup: parts.workgroup.ref, roleArn: parts.role.attrArn } },
    sslProperties: { disableSsl: false },
    permissions: permissions(everyReader, DATA_SOURCE_READ),
    tags,
  });
  const dataSets = parts.products.flatMap((product) => {
    const readers = readersOf.get(product.name) ?? [];
    if (readers.length === 0) return [];
    const id = pascalCase(product.name);
    // Rules match on a text column of the product; an empty value there grants every row.
    const field = product.columns.find((c) => quickSightType(c.type) === 'STRING')?.name;
    if (!field) throw new Error(`Curated product ${product.name} has no text column for QuickSight row-level permissions`);
    const groups = readers.map((role) => `('${quickSightGroupArn(config, role)}')`).join(', ');
    const rules = new CfnDataSet(scope, `${id}QuickSightRowPermissions`, {
      awsAccountId: Aws.ACCOUNT_ID,
      dataSetId: `${config.prefix}-${product.name}-row-permissions`,
      name: `${product.name} row permissions`,
      importMode: 'DIRECT_QUERY',
      physicalTableMap: {
        rules: {
          customSql: {
            dataSourceArn: source.attrArn,
            name: 'row_permissions',
            sqlQuery: Fn.sub(`SELECT "GroupArn", CAST(NULL AS varchar) AS "${field}" FROM (VALUES ${groups}) AS t ("GroupArn")`),
            columns: [
              { name: 'GroupArn', type: 'STRING' },
              { name: field, type: 'STRING' },
            ],
          },
        },
      },
      // Who may see whom: the platform's administrators only.
      permissions: permissions(
        readers.filter((role) => role === 'admin'),
        DATA_SET_READ,
      ),
      tags,
    });
    const dataSet = new CfnDataSet(scope, `${id}QuickSightDataSet`, {
      awsAccountId: Aws.ACCOUNT_ID,
      dataSetId: `${config.prefix}-${product.name}`,
      name: product.name,
      importMode: 'DIRECT_QUERY',
      physicalTableMap: {
        product: {
          relationalTable: {
            dataSourceArn: source.attrArn,
            catalog: 'AwsDataCatalog',
            schema: glueDatabaseName(config),
            name: `curated_${product.name}`,
            inputColumns: product.columns.map((c) => ({ name: c.name, type: quickSightType(c.type) })),
          },
        },
      },
      permissions: permissions(readers, DATA_SET_READ),
      rowLevelPermissionDataSet: { arn: rules.attrArn, permissionPolicy: 'GRANT_ACCESS', formatVersion: 'VERSION_2', status: 'ENABLED' },
      tags,
    });
    return [rules, dataSet];
  });
  return { source, dataSets };
}

/** A QuickSight input column type for an engine type as the catalog records it (DuckDB's names). */
export function quickSightType(engineType: string): 'STRING' | 'INTEGER' | 'DECIMAL' | 'DATETIME' | 'BOOLEAN' {
  const type = engineType.toUpperCase();
  if (type === 'VARCHAR') return 'STRING';
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)$/.test(type)) return 'INTEGER';
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL(\(\d+,\s*\d+\))?)$/.test(type)) return 'DECIMAL';
  if (/^(DATE|TIMESTAMP( WITH TIME ZONE)?)$/.test(type)) return 'DATETIME';
  if (type === 'BOOLEAN') return 'BOOLEAN';
  throw new Error(`No QuickSight column type for the engine type ${engineType}`);
}
