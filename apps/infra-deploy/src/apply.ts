import type { HandlerContext } from './handlers/handler';
import { UnresolvedReference } from './deploy-errors';
import { assess, summarize, type PlannedChange } from './plan';
import type { Resource } from './resource';
import type { Attributes } from './resolve';

export interface ApplyFailure {
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

export interface ApplyReport {
  /** What was done, in order; a resource left `unchanged` needed nothing. */
  readonly done: PlannedChange[];
  readonly failed?: ApplyFailure;
  /** Resources not reached because of the failure; the next apply picks them up. */
  readonly remaining: string[];
  readonly summary: ReturnType<typeof summarize>;
}

/**
 * Brings the stack to its desired state in dependency order. Each resource is read again right
 * before it is changed, so a second apply changes nothing and an apply after a partial failure
 * carries on from what exists. Stops at the first failure and reports how far it got.
 */
export async function applyStack(resources: readonly Resource[], ctx: HandlerContext): Promise<ApplyReport> {
  const attributes = new Map<string, Attributes>();
  const done: PlannedChange[] = [];
  for (const [index, resource] of resources.entries()) {
    try {
      const { handler, desired, actual, change } = await assess(resource, attributes, ctx);
      if (desired.unknown.length > 0 && change.action !== 'unchanged') throw new UnresolvedReference(resource.id, desired.unknown[0]);
      let result: Attributes | undefined = actual?.attributes;
      if (change.action === 'create') result = await handler.create(desired.value, ctx);
      if (change.action === 'update' && actual) result = await handler.update(desired.value, actual, change.properties, ctx);
      if (result) attributes.set(resource.id, result);
      done.push(change);
    } catch (error) {
      const e = error as { name?: string; code?: string; message?: string };
      return {
        done,
        failed: { id: resource.id, code: e.code ?? e.name ?? 'Error', message: e.message ?? String(error) },
        remaining: resources.slice(index + 1).map((r) => r.id),
        summary: summarize(done),
      };
    }
  }
  return { done, remaining: [], summary: summarize(done) };
}
