import { glueTableName } from '@acad/access';
import { compileDataBrewRules, datasetRules } from '@acad/quality';
import type { DatasetContract } from '@acad/schemas';
import { getAtt, ref, type Resource } from '../resource';
import { bucketName, glueDatabaseName, type StackConfig } from '../stack-config';
import { pascalCase, trustedTableId } from './glue-catalog';
import { DATABREW_ROLE_ID } from './iam-roles';
import { DATA_KEY_ID } from './kms-key';
import { bucketId } from './s3-buckets';
import { stackTags } from './stack-tags';

/** What a profile job looks for; finding any of these in trusted means protection missed a column. */
export const PII_ENTITY_TYPES = ['USA_ALL', 'PERSON_NAME', 'EMAIL', 'PHONE_NUMBER', 'DATE'] as const;

export function dataBrewName(config: StackConfig, contract: DatasetContract): string {
  return `${config.prefix}-trusted-${contract.name}`;
}

/**
 * Per trusted dataset: a DataBrew dataset over its Glue table, a ruleset compiled from the same
 * quality rules, and a profile job that validates the ruleset and detects PII entities.
 */
export function dataBrewResources(config: StackConfig, contracts: readonly DatasetContract[]): Resource[] {
  return contracts.flatMap((contract) => {
    const base = pascalCase(contract.name);
    const name = dataBrewName(config, contract);
    const ruleset = compileDataBrewRules(contract, datasetRules(contract));
    const skipped = ruleset.skipped.map((s) => s.ruleId).join(', ');
    const dataset: Resource = {
      type: 'AWS::DataBrew::Dataset',
      id: `${base}BrewDataset`,
      properties: {
        Name: name,
        Input: {
          DataCatalogInputDefinition: { DatabaseName: glueDatabaseName(config), TableName: glueTableName('trusted', contract.name) },
        },
        Tags: stackTags(config),
      },
      dependsOn: [trustedTableId(contract)],
    };
    const rules: Resource = {
      type: 'AWS::DataBrew::Ruleset',
      id: `${base}BrewRuleset`,
      properties: {
        Name: `${name}-rules`,
        Description: `Quality rules of ${contract.name}${skipped ? `; left to Glue Data Quality: ${skipped}` : ''}`.slice(0, 1024),
        TargetArn: getAtt(dataset.id, 'Arn'),
        Rules: ruleset.rules,
        Tags: stackTags(config),
      },
      dependsOn: [dataset.id],
    };
    const job: Resource = {
      type: 'AWS::DataBrew::Job',
      id: `${base}ProfileJob`,
      properties: {
        Type: 'PROFILE',
        Name: `${name}-profile`,
        DatasetName: ref(dataset.id),
        RoleArn: getAtt(DATABREW_ROLE_ID, 'Arn'),
        OutputLocation: { Bucket: bucketName(config, 'platform'), Key: `databrew/profiles/${contract.name}/` },
        EncryptionMode: 'SSE-KMS',
        EncryptionKeyArn: getAtt(DATA_KEY_ID, 'Arn'),
        MaxCapacity: 5,
        Timeout: 120,
        JobSample: { Mode: 'FULL_DATASET' },
        Configuration: { EntityDetectorConfiguration: { EntityTypes: [...PII_ENTITY_TYPES] } },
        ValidationConfigurations: [{ RulesetArn: getAtt(rules.id, 'Arn'), ValidationMode: 'CHECK_ALL' }],
        Tags: stackTags(config),
      },
      dependsOn: [dataset.id, rules.id, DATABREW_ROLE_ID, DATA_KEY_ID, bucketId('platform')],
    };
    return [dataset, rules, job];
  });
}
