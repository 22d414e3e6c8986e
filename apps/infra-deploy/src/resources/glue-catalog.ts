import type { ColumnSpec, DatasetContract } from '@acad/schemas';
import { ref, type Resource } from '../resource';
import { bucketName, type StackConfig } from '../stack-config';
import { bucketId } from './s3-buckets';

export const TRUSTED_DATABASE_ID = 'TrustedDatabase';

const PARQUET = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: { 'serialization.format': '1' } },
};

/** Glue names: lower-case, underscores (Athena does not like dashes). */
export function trustedDatabaseName(config: StackConfig): string {
  return `${config.prefix.replace(/-/g, '_')}_${config.stack}_trusted`;
}

export function trustedTableId(contract: DatasetContract): string {
  return `${pascalCase(contract.name)}TrustedTable`;
}

/** The trusted Glue database and one table per contract, derived from the contracts. */
export function glueCatalogResources(config: StackConfig, contracts: readonly DatasetContract[]): Resource[] {
  const trustedBucket = bucketName(config, 'trusted');
  const database: Resource = {
    type: 'AWS::Glue::Database',
    id: TRUSTED_DATABASE_ID,
    properties: {
      CatalogId: ref('AWS::AccountId'),
      DatabaseInput: {
        Name: trustedDatabaseName(config),
        Description: 'Typed, validated, de-duplicated datasets (trusted zone) of the academics data platform',
        LocationUri: `s3://${trustedBucket}/`,
      },
    },
    dependsOn: [bucketId('trusted')],
  };
  return [database, ...contracts.map((contract) => tableResource(contract, trustedBucket))];
}

function tableResource(contract: DatasetContract, trustedBucket: string): Resource {
  const partition = contract.partition;
  return {
    type: 'AWS::Glue::Table',
    id: trustedTableId(contract),
    properties: {
      CatalogId: ref('AWS::AccountId'),
      DatabaseName: ref(TRUSTED_DATABASE_ID),
      TableInput: {
        Name: contract.name,
        Description: contract.description,
        TableType: 'EXTERNAL_TABLE',
        Owner: contract.owner,
        Parameters: { classification: 'parquet', 'parquet.compression': 'ZSTD', 'acad:contract_version': String(contract.version) },
        // A partition key lives in folder names, so it cannot also be a data column.
        PartitionKeys: partition ? [{ Name: partition.name, Type: 'string', Comment: `${partition.transform} of ${partition.column}` }] : [],
        StorageDescriptor: {
          Columns: contract.columns.filter((c) => c.name !== partition?.name).map(glueColumn),
          Location: `s3://${trustedBucket}/${contract.name}/`,
          Compressed: true,
          ...PARQUET,
        },
      },
    },
    dependsOn: [TRUSTED_DATABASE_ID],
  };
}

function glueColumn(column: ColumnSpec): Record<string, unknown> {
  return { Name: column.name, Type: glueType(column), Comment: column.description, Parameters: { 'acad:pii': column.pii } };
}

/**
 * Hive type of a trusted column. Identifiers are keyed tokens and direct identifiers are
 * encrypted per value in trusted (PRODUCT.md §5), so both are strings whatever their type.
 */
export function glueType(column: ColumnSpec): string {
  if (column.pii === 'identifier' || column.pii === 'direct') return 'string';
  switch (column.type) {
    case 'text':
    case 'enum':
      return 'string';
    case 'integer':
      return 'bigint';
    case 'decimal':
      return `decimal(18,${column.scale ?? 4})`;
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
  }
}

export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => `${part[0].toUpperCase()}${part.slice(1)}`)
    .join('');
}
