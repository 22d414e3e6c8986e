import { catalogEntryFromContract, glueTableInput } from '@acad/catalog';
import type { DatasetContract } from '@acad/schemas';
import { Aws } from 'aws-cdk-lib';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { bucketName, glueDatabaseName, type StackConfig } from '../stack-config';

export const GLUE_DATABASE_ID = 'GlueDatabase';

// Table inputs carry no timestamps; a fixed one keeps synth output stable.
const SYNTH_TIME = '2000-01-01T00:00:00.000Z';

export function trustedTableId(contract: DatasetContract): string {
  return `${pascalCase(contract.name)}TrustedTable`;
}

/** Where trusted keeps a dataset (`<dataset>/<partition>/part-<batch>.parquet`, libs/zones). */
export function trustedLocation(config: StackConfig, contract: DatasetContract): string {
  return `s3://${bucketName(config, 'trusted')}/${contract.name}/`;
}

/**
 * The platform's one Glue database and a table per contract in trusted. The table input is the
 * catalog's own (`glueTableInput`), so the runtime Glue sync and a deploy never disagree.
 * Only trusted is registered: raw and quarantine hold envelope-encrypted `.parquet.enc` objects
 * that Athena cannot read; they are read through the platform, which holds the keys.
 */
export function addGlueCatalog(
  scope: Construct,
  config: StackConfig,
  contracts: readonly DatasetContract[],
  trustedBucket: CfnBucket,
): { database: CfnDatabase; tables: Map<string, CfnTable> } {
  const database = new CfnDatabase(scope, GLUE_DATABASE_ID, {
    catalogId: Aws.ACCOUNT_ID,
    databaseInput: {
      name: glueDatabaseName(config),
      description: 'Academics Data Platform datasets; tables are named <zone>_<dataset>',
    },
  });
  const tables = new Map(
    contracts.map((contract) => {
      const entry = catalogEntryFromContract(contract, 'trusted', { location: trustedLocation(config, contract), now: SYNTH_TIME });
      const table = new CfnTable(scope, trustedTableId(contract), {
        catalogId: Aws.ACCOUNT_ID,
        databaseName: database.ref,
        tableInput: cfnTableInput(glueTableInput(entry)),
      });
      table.addResourceDependency(trustedBucket);
      return [contract.name, table] as const;
    }),
  );
  return { database, tables };
}

type GlueTableInput = ReturnType<typeof glueTableInput>;
type GlueColumn = NonNullable<GlueTableInput['PartitionKeys']>[number];

/**
 * The Glue API's table input in the typed CloudFormation shape (same fields, camel-cased).
 * CloudFormation's column has no parameters, so the per-column `acad:pii` classes are not in the
 * stack; the table's `acad:pii_classes` parameter is, and the runtime's Glue sync adds the rest.
 */
function cfnTableInput(input: GlueTableInput): CfnTable.TableInputProperty {
  const sd = input.StorageDescriptor;
  const column = (c: GlueColumn): CfnTable.ColumnProperty => ({ name: c.Name ?? '', type: c.Type, comment: c.Comment });
  return {
    name: input.Name,
    description: input.Description,
    owner: input.Owner,
    tableType: input.TableType,
    parameters: input.Parameters,
    partitionKeys: input.PartitionKeys?.map(column),
    storageDescriptor: sd && {
      columns: sd.Columns?.map(column),
      location: sd.Location,
      inputFormat: sd.InputFormat,
      outputFormat: sd.OutputFormat,
      serdeInfo: sd.SerdeInfo && { serializationLibrary: sd.SerdeInfo.SerializationLibrary, parameters: sd.SerdeInfo.Parameters },
    },
  };
}

export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => `${part[0].toUpperCase()}${part.slice(1)}`)
    .join('');
}
