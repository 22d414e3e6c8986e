import { ExecuteChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { createChangeSet, describeStack, type ChangeSetPlan, type DeployTarget } from './change-set';
import { DeployFailed } from './deploy-errors';
import { firstFailure, newestEventId, watchStackEvents, type ProgressEvent } from './stack-events';
import type { CloudFormationTemplate } from './synth';

export interface ApplyReport {
  readonly stackName: string;
  readonly changeSetName: string;
  readonly status: string;
  readonly events: readonly ProgressEvent[];
  /** Set when the change set was made here (not given by name). */
  readonly plan?: ChangeSetPlan;
  readonly noChanges?: boolean;
}

const SUCCESS = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE']);

/**
 * Executes a change set (the one named, or a new one for `template`) and reports the stack's events
 * until CloudFormation is done. A failed update is rolled back by CloudFormation; that throws
 * DeployFailed naming the first resource that failed and why.
 */
export async function applyStack(
  target: DeployTarget,
  source: { template: CloudFormationTemplate; changeSetName: string } | { existingChangeSet: string },
  onEvent: (event: ProgressEvent) => void,
): Promise<ApplyReport> {
  const { cloudFormation: client, stackName } = target;
  let plan: ChangeSetPlan | undefined;
  let changeSetName: string;
  if ('existingChangeSet' in source) changeSetName = source.existingChangeSet;
  else {
    plan = await createChangeSet(target, source.template, source.changeSetName);
    changeSetName = plan.changeSetName;
    if (plan.changes.length === 0) return { stackName, changeSetName, status: 'NO_CHANGES', events: [], plan, noChanges: true };
  }
  const stack = await describeStack(target);
  if (!stack) throw new DeployFailed(`stack ${stackName} has no change set ${changeSetName} to execute`);
  const since = await newestEventId(client, stack.stackId);
  await client.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
  const { status, events } = await watchStackEvents(
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
  if (!SUCCESS.has(status)) {
    const failure = firstFailure(events);
    const cause = failure ? `${failure.logicalId} (${failure.type}): ${failure.reason}` : 'no resource reported a reason';
    const rolledBack = /ROLLBACK_COMPLETE$/.test(status) ? '; CloudFormation rolled the stack back' : '';
    throw new DeployFailed(`apply of ${stackName} ended ${status}${rolledBack}. First failure: ${cause}`);
  }
  return { stackName, changeSetName, status, events, ...(plan ? { plan } : {}) };
}
