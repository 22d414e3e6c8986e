import { DATASET_CONTRACTS, type DatasetContract } from '@acad/schemas';
import type { Resource } from './resource';
import { topologicalOrder } from './resource-graph';
import { dataQualityRulesetResources } from './resources/data-quality-rulesets';
import { glueCatalogResources } from './resources/glue-catalog';
import { kmsResources } from './resources/kms-key';
import { bucketResources } from './resources/s3-buckets';
import type { StackConfig } from './stack-config';

/**
 * Derives the desired AWS resources of a stack, without calling AWS, in an order where each
 * resource comes after everything it depends on.
 */
export function synthesize(config: StackConfig, contracts: readonly DatasetContract[] = DATASET_CONTRACTS): Resource[] {
  return topologicalOrder([
    ...kmsResources(config),
    ...bucketResources(config),
    ...glueCatalogResources(config, contracts),
    ...dataQualityRulesetResources(config, contracts),
  ]);
}
