import { glueTableName } from '@acad/access';
import { compileDataBrewRules, datasetRules } from '@acad/quality';
import type { DatasetContract } from '@acad/schemas';
import { Aws } from 'aws-cdk-lib';
import { CfnDataset, CfnJob, CfnRuleset } from 'aws-cdk-lib/aws-databrew';
import type { CfnTable } from 'aws-cdk-lib/aws-glue';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnKey } from 'aws-cdk-lib/aws-kms';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { glueDatabaseName, type StackConfig } from '../stack-config';
import { pascalCase } from './glue-catalog';
import { stackTags, tagList } from './stack-tags';

/** What a profile job looks for; finding any of these in trusted means protection missed a column. */
export const PII_ENTITY_TYPES = ['USA_ALL', 'PERSON_NAME', 'EMAIL', 'PHONE_NUMBER', 'DATE'] as const;

export function dataBrewName(config: StackConfig, contract: DatasetContract): string {
  return `${config.prefix}-trusted-${contract.name}`;
}

/**
 * Per trusted dataset: a DataBrew dataset over its Glue table, a ruleset compiled from the same
 * quality rules by the compiler `acad quality export --format databrew` uses,
 * and a profile job that validates the ruleset and detects PII entities.
 */
export function addDataBrew(
  scope: Construct,
  config: StackConfig,
  contracts: readonly DatasetContract[],
  deps: { tables: ReadonlyMap<string, CfnTable>; role: CfnRole; key: CfnKey; platformBucket: CfnBucket },
): void {
  for (const contract of contracts) {
    const base = pascalCase(contract.name);
    const name = dataBrewName(config, contract);
    const ruleset = compileDataBrewRules(contract, datasetRules(contract));
    const skipped = ruleset.skipped.map((s) => s.ruleId).join(', ');
    const dataset = new CfnDataset(scope, `${base}BrewDataset`, {
      name,
      input: {
        dataCatalogInputDefinition: { databaseName: glueDatabaseName(config), tableName: glueTableName('trusted', contract.name) },
      },
      tags: tagList(stackTags(config)),
    });
    const table = deps.tables.get(contract.name);
    if (table) dataset.addResourceDependency(table);
    const rules = new CfnRuleset(scope, `${base}BrewRuleset`, {
      name: `${name}-rules`,
      description: `Quality rules of ${contract.name}${skipped ? `; left to Glue Data Quality: ${skipped}` : ''}`.slice(0, 1024),
      targetArn: dataBrewArn(config, 'dataset', name),
      rules: ruleset.rules.map(cfnRule),
      tags: tagList(stackTags(config)),
    });
    rules.addResourceDependency(dataset);
    new CfnJob(scope, `${base}ProfileJob`, {
      type: 'PROFILE',
      name: `${name}-profile`,
      datasetName: dataset.ref,
      roleArn: deps.role.attrArn,
      outputLocation: { bucket: deps.platformBucket.ref, key: `databrew/profiles/${contract.name}/` },
      encryptionMode: 'SSE-KMS',
      encryptionKeyArn: deps.key.attrArn,
      maxCapacity: 5,
      timeout: 120,
      jobSample: { mode: 'FULL_DATASET' },
      profileConfiguration: { entityDetectorConfiguration: { entityTypes: [...PII_ENTITY_TYPES] } },
      validationConfigurations: [{ rulesetArn: dataBrewArn(config, 'ruleset', `${name}-rules`), validationMode: 'CHECK_ALL' }],
      tags: tagList(stackTags(config)),
    }).addResourceDependency(rules);
  }
}

/** CloudFormation returns no ARN for DataBrew resources (only their name), so it is built from the name. */
function dataBrewArn(config: StackConfig, kind: 'dataset' | 'ruleset', name: string): string {
  return `arn:${Aws.PARTITION}:databrew:${config.region}:${Aws.ACCOUNT_ID}:${kind}/${name}`;
}

type DataBrewRule = ReturnType<typeof compileDataBrewRules>['rules'][number];

/** A compiled rule (the DataBrew API's shape) in the typed CloudFormation shape. */
function cfnRule(rule: DataBrewRule): CfnRuleset.RuleProperty {
  return {
    name: rule.Name ?? '',
    disabled: rule.Disabled,
    checkExpression: rule.CheckExpression ?? '',
    substitutionMap:
      rule.SubstitutionMap && Object.entries(rule.SubstitutionMap).map(([valueReference, value]) => ({ valueReference, value })),
    threshold: rule.Threshold && { value: rule.Threshold.Value ?? 0, type: rule.Threshold.Type, unit: rule.Threshold.Unit },
    columnSelectors: rule.ColumnSelectors?.map((c) => ({ name: c.Name, regex: c.Regex })),
  };
}
