import { datasetRules, toDqdl } from '@acad/quality';
import type { DatasetContract } from '@acad/schemas';
import { ref, type Resource } from '../resource';
import type { StackConfig } from '../stack-config';
import { GLUE_DATABASE_ID, pascalCase, trustedTableId } from './glue-catalog';
import { stackTags } from './stack-tags';

export function dataQualityRulesetName(config: StackConfig, contract: DatasetContract): string {
  return `${config.prefix}-trusted-${contract.name}`;
}

/** One Glue Data Quality ruleset per trusted table, written from the same rules the platform evaluates. */
export function dataQualityRulesetResources(config: StackConfig, contracts: readonly DatasetContract[]): Resource[] {
  return contracts.map((contract) => ({
    type: 'AWS::Glue::DataQualityRuleset',
    id: `${pascalCase(contract.name)}Ruleset`,
    properties: {
      Name: dataQualityRulesetName(config, contract),
      Description: `Quality rules of ${contract.name} (contract version ${contract.version}); references name datasets by alias`,
      Ruleset: toDqdl(datasetRules(contract)),
      TargetTable: { DatabaseName: ref(GLUE_DATABASE_ID), TableName: ref(trustedTableId(contract)) },
      // Glue rulesets take tags as a map, unlike buckets and keys.
      Tags: stackTags(config),
    },
    dependsOn: [GLUE_DATABASE_ID, trustedTableId(contract)],
  }));
}
