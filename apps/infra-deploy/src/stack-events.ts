import { DescribeStackEventsCommand, type CloudFormationClient, type StackEvent } from '@aws-sdk/client-cloudformation';

export interface ProgressEvent {
  readonly time: string;
  readonly logicalId: string;
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
}

/** Stack-level statuses after which CloudFormation does nothing more until asked (not the *_CLEANUP_IN_PROGRESS ones). */
const FINAL = /(_COMPLETE|_FAILED)$/;

export interface EventWatch {
  readonly client: CloudFormationClient;
  /** The stack's id (its ARN): events of a deleted stack are only found by id. */
  readonly stackId: string;
  readonly stackName: string;
  readonly pollSeconds: number;
  readonly maxWaitSeconds: number;
  readonly onEvent: (event: ProgressEvent) => void;
}

/** The newest event id, read before an operation starts, so only what follows is reported. */
export async function newestEventId(client: CloudFormationClient, stackId: string): Promise<string | undefined> {
  const page = await client.send(new DescribeStackEventsCommand({ StackName: stackId }));
  return page.StackEvents?.[0]?.EventId;
}

/**
 * Polls the stack's events, reporting each new one (oldest first), until the stack itself reaches
 * a final status; returns that status and every event seen.
 */
export async function watchStackEvents(watch: EventWatch, since: string | undefined): Promise<{ status: string; events: ProgressEvent[] }> {
  const seen: ProgressEvent[] = [];
  let watermark = since;
  const deadline = Date.now() + watch.maxWaitSeconds * 1000;
  for (;;) {
    const fresh = await eventsAfter(watch.client, watch.stackId, watermark);
    if (fresh.length > 0) watermark = fresh[fresh.length - 1].EventId;
    for (const raw of fresh) {
      const event = progressEvent(raw);
      seen.push(event);
      watch.onEvent(event);
      const isStack = raw.ResourceType === 'AWS::CloudFormation::Stack' && raw.LogicalResourceId === watch.stackName;
      if (isStack && FINAL.test(event.status)) return { status: event.status, events: seen };
    }
    if (Date.now() > deadline) return { status: 'TIMED_OUT', events: seen };
    await new Promise((resolve) => setTimeout(resolve, watch.pollSeconds * 1000));
  }
}

async function eventsAfter(client: CloudFormationClient, stackId: string, watermark: string | undefined): Promise<StackEvent[]> {
  // Events come newest first; read pages back until the last event already reported.
  const newestFirst: StackEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribeStackEventsCommand({ StackName: stackId, ...(nextToken ? { NextToken: nextToken } : {}) }));
    for (const event of page.StackEvents ?? []) {
      if (event.EventId === watermark) return newestFirst.reverse();
      newestFirst.push(event);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return newestFirst.reverse();
}

function progressEvent(event: StackEvent): ProgressEvent {
  return {
    time: event.Timestamp?.toISOString() ?? '',
    logicalId: event.LogicalResourceId ?? '',
    type: event.ResourceType ?? '',
    status: event.ResourceStatus ?? '',
    ...(event.ResourceStatusReason ? { reason: event.ResourceStatusReason } : {}),
  };
}

/** The first resource that failed, the cause of a rollback. */
export function firstFailure(events: readonly ProgressEvent[]): ProgressEvent | undefined {
  return events.find((e) => e.status.endsWith('_FAILED') && e.reason);
}
