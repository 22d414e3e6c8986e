import { datasetRules, toDqdl } from '@acad/quality';
import type { DatasetContract } from '@acad/schemas';
import { CfnDataQualityRuleset, type CfnDatabase, type CfnTable } from 'aws-cdk-lib/aws-glue';
import type { Construct } from 'constructs';
import type { StackConfig } from '../stack-config';
import { pascalCase } from './glue-catalog';
import { stackTags } from './stack-tags';

export function dataQualityRulesetName(config: StackConfig, contract: DatasetContract): string {
  return `${config.prefix}-trusted-${contract.name}`;
}

/** One Glue Data Quality ruleset per trusted table, written from the same rules the platform evaluates. */
export function addDataQualityRulesets(
  scope: Construct,
  config: StackConfig,
  contracts: readonly DatasetContract[],
  database: CfnDatabase,
  tables: ReadonlyMap<string, CfnTable>,
): void {
  for (const contract of contracts) {
    const table = tables.get(contract.name);
    if (!table) throw new Error(`no trusted table for ${contract.name}`);
    new CfnDataQualityRuleset(scope, `${pascalCase(contract.name)}Ruleset`, {
      name: dataQualityRulesetName(config, contract),
      description: `Quality rules of ${contract.name} (contract version ${contract.version}); references name datasets by alias`,
      ruleset: toDqdl(datasetRules(contract)),
      targetTable: { databaseName: database.ref, tableName: table.ref },
      // Glue rulesets take tags as a map, unlike buckets and keys.
      tags: stackTags(config),
    });
  }
}
