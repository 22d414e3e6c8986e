import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { applyStack } from './apply';
import { describeStack, type DeployTarget } from './change-set';
import { DeployFailed } from './deploy-errors';
import { firstFailure, newestEventId, watchStackEvents, type ProgressEvent } from './stack-events';
import type { CloudFormationTemplate } from './synth';

export interface KeptResource {
  readonly logicalId: string;
  readonly type: string;
  readonly name: string;
}

export interface DestroyReport {
  readonly stackName: string;
  readonly status: string;
  readonly events: readonly ProgressEvent[];
  /** Resources CloudFormation leaves in the account (DeletionPolicy Retain): the data and its key. */
  readonly kept: readonly KeptResource[];
  readonly absent?: boolean;
}

/** The resources of `template` that outlive the stack. */
export function retainedResources(template: CloudFormationTemplate): KeptResource[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.DeletionPolicy === 'Retain')
    .map(([logicalId, r]) => ({
      logicalId,
      type: r.Type,
      name: String(r.Properties?.['BucketName'] ?? r.Properties?.['Description'] ?? logicalId),
    }));
}

/**
 * Deletes the stack and waits. Buckets and the key are retained (the template says so); with
 * `force`, the stack is first updated to a template whose buckets and key are deleted with it,
 * and CloudFormation then deletes them (a bucket only when empty; the key after its waiting period).
 */
export async function destroyStack(
  target: DeployTarget,
  templates: { current: CloudFormationTemplate; force?: CloudFormationTemplate },
  changeSetName: string,
  onEvent: (event: ProgressEvent) => void,
): Promise<DestroyReport> {
  const { cloudFormation: client, stackName } = target;
  const stack = await describeStack(target);
  if (!stack) return { stackName, status: 'ABSENT', events: [], kept: [], absent: true };
  const events: ProgressEvent[] = [];
  if (templates.force) {
    const update = await applyStack(target, { template: templates.force, changeSetName }, onEvent);
    events.push(...update.events);
  }
  const since = await newestEventId(client, stack.stackId);
  await client.send(new DeleteStackCommand({ StackName: stackName }));
  const watched = await watchStackEvents(
    {
      client,
      stackId: stack.stackId,
      stackName,
      pollSeconds: target.pollSeconds ?? 5,
      maxWaitSeconds: target.maxWaitSeconds ?? 3600,
      onEvent,
    },
    since,
  );
  events.push(...watched.events);
  if (watched.status !== 'DELETE_COMPLETE') {
    const failure = firstFailure(watched.events);
    throw new DeployFailed(
      `destroy of ${stackName} ended ${watched.status}. First failure: ${failure ? `${failure.logicalId}: ${failure.reason}` : 'no reason reported'}`,
    );
  }
  return { stackName, status: watched.status, events, kept: retainedResources(templates.force ?? templates.current) };
}
