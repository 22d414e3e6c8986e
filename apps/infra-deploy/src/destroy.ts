import { DestroyRefused } from './deploy-errors';
import type { ActualResource, HandlerContext } from './handlers/handler';
import { assess, type Assessment } from './plan';
import type { Resource } from './resource';
import type { Attributes } from './resolve';

export interface DestroyReport {
  readonly deleted: string[];
  /** Desired resources that did not exist. */
  readonly absent: string[];
}

/**
 * Deletes the stack's resources, dependents first. Checks everything before deleting anything:
 * without `force`, a non-empty bucket or the data key refuses the whole destroy. With `force`,
 * buckets are emptied and the key is scheduled for deletion (KMS keeps it for the pending window).
 */
export async function destroyStack(
  resources: readonly Resource[],
  ctx: HandlerContext,
  options: { force: boolean },
): Promise<DestroyReport> {
  const attributes = new Map<string, Attributes>();
  const existing: (Assessment & { actual: ActualResource })[] = [];
  const absent: string[] = [];
  for (const resource of resources) {
    const assessment = await assess(resource, attributes, ctx);
    const actual = assessment.actual;
    if (actual) {
      attributes.set(resource.id, actual.attributes);
      existing.push({ ...assessment, actual });
    } else {
      absent.push(resource.id);
    }
  }
  const refusals: { id: string; reason: string }[] = [];
  for (const { resource, handler, actual, desired } of existing) {
    const reason = await handler.refuseDelete?.(actual, ctx, { force: options.force, desired: desired.value });
    if (reason) refusals.push({ id: resource.id, reason });
  }
  if (refusals.length > 0) throw new DestroyRefused(refusals);
  const deleted: string[] = [];
  for (const { resource, handler, actual, desired } of [...existing].reverse()) {
    await handler.delete(actual, ctx, { force: options.force, desired: desired.value });
    deleted.push(resource.id);
  }
  return { deleted, absent };
}
