import { DATASET_CONTRACTS, type DatasetContract } from '@acad/schemas';
import type { Resource } from './resource';
import { topologicalOrder } from './resource-graph';
import { alarmResources } from './resources/alarms';
import { athenaResources } from './resources/athena-workgroup';
import { budgetResources } from './resources/budget';
import { dashboardResources } from './resources/dashboard';
import { dataBrewResources } from './resources/databrew';
import { dataQualityRulesetResources } from './resources/data-quality-rulesets';
import { glueCatalogResources } from './resources/glue-catalog';
import { iamRoleResources } from './resources/iam-roles';
import { kmsResources } from './resources/kms-key';
import { bucketResources } from './resources/s3-buckets';
import type { StackConfig } from './stack-config';

/**
 * Derives the desired AWS resources of a stack, without calling AWS, in an order where each
 * resource comes after everything it depends on.
 */
export function synthesize(config: StackConfig, contracts: readonly DatasetContract[] = DATASET_CONTRACTS): Resource[] {
  const alarms = alarmResources(config, contracts);
  return topologicalOrder([
    ...kmsResources(config),
    ...bucketResources(config),
    ...iamRoleResources(config),
    ...glueCatalogResources(config, contracts),
    ...dataQualityRulesetResources(config, contracts),
    ...dataBrewResources(config, contracts),
    ...athenaResources(config),
    ...alarms,
    ...dashboardResources(config, contracts, alarms),
    ...budgetResources(config),
  ]);
}
