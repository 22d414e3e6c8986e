import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  waitUntilChangeSetCreateComplete,
  type Change,
  type CloudFormationClient,
} from '@aws-sdk/client-cloudformation';
import { DeployFailed } from './deploy-errors';
import type { CloudFormationTemplate } from './synth';
import { templateSource, type TemplateUploader } from './template-source';

export interface DeployTarget {
  readonly cloudFormation: CloudFormationClient;
  readonly stackName: string;
  readonly uploadTemplate?: TemplateUploader;
  /** Seconds to wait for a change set or stack operation; tests shorten the polling. */
  readonly maxWaitSeconds?: number;
  readonly pollSeconds?: number;
}

export type ResourceAction = 'add' | 'modify' | 'replace' | 'remove' | 'import' | 'other';

export interface PlannedChange {
  readonly action: ResourceAction;
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId?: string;
  /** For modifications: True, Conditional (CloudFormation decides at apply) or False. */
  readonly replacement?: string;
  /** Top-level properties (or attributes) that change. */
  readonly properties: readonly string[];
}

export interface ChangeSetPlan {
  readonly stackName: string;
  readonly changeSetName: string;
  readonly changeSetType: 'CREATE' | 'UPDATE';
  /** Empty change sets are deleted right away; there is nothing to apply. */
  readonly changes: readonly PlannedChange[];
  readonly summary: Record<'add' | 'modify' | 'replace' | 'remove', number>;
}

/** The stack as CloudFormation knows it, or undefined when there is none (or only an unexecuted CREATE change set). */
export async function describeStack(target: DeployTarget): Promise<{ stackId: string; status: string } | undefined> {
  try {
    const { Stacks } = await target.cloudFormation.send(new DescribeStacksCommand({ StackName: target.stackName }));
    const stack = Stacks?.[0];
    return stack?.StackId && stack.StackStatus ? { stackId: stack.StackId, status: stack.StackStatus } : undefined;
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message)) return undefined;
    throw error;
  }
}

const NO_CHANGES = /didn't contain changes|No updates are to be performed/;

/**
 * Creates a change set for `template`, waits until CloudFormation has computed it, and reads its
 * changes (every page). An empty change set is deleted and comes back with no changes.
 */
export async function createChangeSet(
  target: DeployTarget,
  template: CloudFormationTemplate,
  changeSetName: string,
): Promise<ChangeSetPlan> {
  const { cloudFormation: client, stackName } = target;
  const existing = await describeStack(target);
  const changeSetType = !existing || existing.status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
  await client.send(
    new CreateChangeSetCommand({
      StackName: stackName,
      ChangeSetName: changeSetName,
      ChangeSetType: changeSetType,
      ...(await templateSource(stackName, template, target.uploadTemplate)),
      // The stack names its IAM roles (apps find them by name).
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Description: `infra-deploy ${changeSetType.toLowerCase()} of ${stackName}`,
    }),
  );
  const ids = { StackName: stackName, ChangeSetName: changeSetName };
  try {
    await waitUntilChangeSetCreateComplete(
      // The waiter reads once at once, then waits at least a second between reads.
      { client, maxWaitTime: target.maxWaitSeconds ?? 600, minDelay: Math.max(1, target.pollSeconds ?? 5), maxDelay: 30 },
      ids,
    );
  } catch (error) {
    const described = await client.send(new DescribeChangeSetCommand(ids));
    if (described.Status === 'FAILED' && NO_CHANGES.test(described.StatusReason ?? '')) {
      await client.send(new DeleteChangeSetCommand(ids));
      return { stackName, changeSetName, changeSetType, changes: [], summary: summarize([]) };
    }
    throw new DeployFailed(`change set ${changeSetName} of ${stackName} failed: ${described.StatusReason ?? String(error)}`);
  }
  const changes: PlannedChange[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribeChangeSetCommand({ ...ids, ...(nextToken ? { NextToken: nextToken } : {}) }));
    changes.push(...(page.Changes ?? []).flatMap(plannedChange));
    nextToken = page.NextToken;
  } while (nextToken);
  return { stackName, changeSetName, changeSetType, changes, summary: summarize(changes) };
}

function plannedChange(change: Change): PlannedChange[] {
  const rc = change.ResourceChange;
  if (!rc) return [];
  const replaces = rc.Replacement === 'True' || rc.Replacement === 'Conditional';
  const action: ResourceAction =
    rc.Action === 'Add'
      ? 'add'
      : rc.Action === 'Remove'
        ? 'remove'
        : rc.Action === 'Modify'
          ? replaces
            ? 'replace'
            : 'modify'
          : rc.Action === 'Import'
            ? 'import'
            : 'other';
  const properties = [...new Set((rc.Details ?? []).map((d) => d.Target?.Name ?? d.Target?.Attribute ?? '').filter(Boolean))].sort();
  return [
    {
      action,
      logicalId: rc.LogicalResourceId ?? '',
      type: rc.ResourceType ?? '',
      ...(rc.PhysicalResourceId ? { physicalId: rc.PhysicalResourceId } : {}),
      ...(rc.Replacement ? { replacement: rc.Replacement } : {}),
      properties,
    },
  ];
}

function summarize(changes: readonly PlannedChange[]): ChangeSetPlan['summary'] {
  const count = (action: ResourceAction) => changes.filter((c) => c.action === action).length;
  return { add: count('add'), modify: count('modify'), replace: count('replace'), remove: count('remove') };
}
