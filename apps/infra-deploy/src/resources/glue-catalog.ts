import { catalogEntryFromContract, glueTableInput } from '@acad/catalog';
import type { DatasetContract } from '@acad/schemas';
import type { Resource } from '../resource';
import { bucketName, glueDatabaseName, type StackConfig } from '../stack-config';
import { bucketId } from './s3-buckets';

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
 * Raw and quarantine are envelope-encrypted objects Athena cannot read, so they get no table.
 */
export function glueCatalogResources(config: StackConfig, contracts: readonly DatasetContract[]): Resource[] {
  const database: Resource = {
    type: 'AWS::Glue::Database',
    id: GLUE_DATABASE_ID,
    properties: {
      DatabaseInput: {
        Name: glueDatabaseName(config),
        Description: 'Academics Data Platform datasets; tables are named <zone>_<dataset>',
      },
    },
    dependsOn: [],
  };
  return [database, ...contracts.map((contract) => tableResource(config, contract))];
}

function tableResource(config: StackConfig, contract: DatasetContract): Resource {
  const entry = catalogEntryFromContract(contract, 'trusted', { location: trustedLocation(config, contract), now: SYNTH_TIME });
  return {
    type: 'AWS::Glue::Table',
    id: trustedTableId(contract),
    // A name, not a Ref: the deployer finds the table by it before the database exists.
    properties: { DatabaseName: glueDatabaseName(config), TableInput: glueTableInput(entry) },
    dependsOn: [GLUE_DATABASE_ID, bucketId('trusted')],
  };
}

export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => `${part[0].toUpperCase()}${part.slice(1)}`)
    .join('');
}
