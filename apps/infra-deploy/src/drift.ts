import {
  DescribeStackDriftDetectionStatusCommand,
  DetectStackDriftCommand,
  DescribeStackResourceDriftsCommand,
} from '@aws-sdk/client-cloudformation';
import type { DeployTarget } from './change-set';
import { DeployFailed } from './deploy-errors';

export interface DriftedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly status: string;
  readonly differences: readonly { path: string; type: string }[];
}

export interface DriftReport {
  readonly stackName: string;
  readonly stackDriftStatus: string;
  readonly drifted: readonly DriftedResource[];
}

/** Runs CloudFormation drift detection and lists the resources changed or deleted outside the stack. */
export async function detectDrift(target: DeployTarget): Promise<DriftReport> {
  const { cloudFormation: client, stackName } = target;
  const { StackDriftDetectionId } = await client.send(new DetectStackDriftCommand({ StackName: stackName }));
  const deadline = Date.now() + (target.maxWaitSeconds ?? 900) * 1000;
  for (;;) {
    const status = await client.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
    if (status.DetectionStatus === 'DETECTION_FAILED' && !status.StackDriftStatus)
      throw new DeployFailed(`drift detection of ${stackName} failed: ${status.DetectionStatusReason ?? 'no reason given'}`);
    if (status.DetectionStatus !== 'DETECTION_IN_PROGRESS') {
      const drifted: DriftedResource[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new DescribeStackResourceDriftsCommand({
            StackName: stackName,
            StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'],
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        nextToken = page.NextToken;
        for (const drift of page.StackResourceDrifts ?? []) {
          drifted.push({
            logicalId: drift.LogicalResourceId ?? '',
            type: drift.ResourceType ?? '',
            status: drift.StackResourceDriftStatus ?? '',
            // Paths and kinds only: actual values may hold whatever someone typed into the console.
            differences: (drift.PropertyDifferences ?? []).map((d) => ({ path: d.PropertyPath ?? '', type: d.DifferenceType ?? '' })),
          });
        }
      } while (nextToken);
      return { stackName, stackDriftStatus: status.StackDriftStatus ?? 'UNKNOWN', drifted };
    }
    if (Date.now() > deadline) throw new DeployFailed(`drift detection of ${stackName} did not finish in time`);
    await new Promise((resolve) => setTimeout(resolve, (target.pollSeconds ?? 5) * 1000));
  }
}
