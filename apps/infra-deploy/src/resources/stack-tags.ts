import { RemovalPolicy, type CfnTag } from 'aws-cdk-lib';
import type { StackConfig } from '../stack-config';

/** Tags every resource carries, so cost and ownership can be read per stack. */
export function stackTags(config: StackConfig): Record<string, string> {
  return { project: 'academics-data-platform', 'acad:prefix': config.prefix, 'acad:stack': config.stack };
}

/** The same tags as CloudFormation's list form (most resource types; Glue takes the map). */
export function tagList(tags: Readonly<Record<string, string>>): CfnTag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/**
 * Marks the data resources of a `destroy --force` template. CloudFormation applies a changed
 * DeletionPolicy only with a property change, so the tag carries the new policy into the stack.
 */
export function removalTag(removal: RemovalPolicy): Record<string, string> {
  return removal === RemovalPolicy.RETAIN ? {} : { 'acad:removal': 'delete-with-stack' };
}
