import type { ActualResource, HandlerContext, Properties, ResourceHandler } from './handlers/handler';
import { diffProperties } from './handlers/handler';
import { HANDLERS } from './handlers/index';
import type { Resource, ResourceType } from './resource';
import { resolveProperties, type Attributes, type Resolved } from './resolve';

export type ChangeAction = 'create' | 'update' | 'delete' | 'unchanged';

export interface PlannedChange {
  readonly id: string;
  readonly type: ResourceType;
  readonly action: ChangeAction;
  /** Properties that differ (update), or that will only be known once dependencies exist. */
  readonly properties: readonly string[];
  /** Changed properties that cannot change in place: the resource is made again. */
  readonly replaces: readonly string[];
  /** Properties the endpoint cannot hold (S3-compatible servers); left as they are. */
  readonly unsupported: readonly string[];
}

export interface Plan {
  readonly changes: PlannedChange[];
  readonly summary: Record<ChangeAction, number>;
}

/** A resource's desired state against its actual one, and the attributes later resources need. */
export interface Assessment {
  readonly resource: Resource;
  readonly handler: ResourceHandler;
  readonly desired: Resolved;
  readonly actual: ActualResource | undefined;
  readonly change: PlannedChange;
}

export function handlerFor(resource: Resource): ResourceHandler {
  return HANDLERS[resource.type];
}

/** Reads one resource (describe/get/list calls only) and compares it with what is desired. */
export async function assess(resource: Resource, attributes: ReadonlyMap<string, Attributes>, ctx: HandlerContext): Promise<Assessment> {
  const handler = handlerFor(resource);
  const desired = resolveProperties(resource.properties, attributes, ctx.account);
  const actual = await handler.read(desired.value, ctx);
  const base = { id: resource.id, type: resource.type, unsupported: actual?.unsupported ?? [] };
  if (!actual) return { resource, handler, desired, actual, change: { ...base, action: 'create', properties: [], replaces: [] } };
  const changed = differences(handler, desired.value, actual);
  const properties = [...new Set([...changed])];
  const replaces = properties.filter((p) => handler.createOnly?.includes(p));
  return {
    resource,
    handler,
    desired,
    actual,
    change: { ...base, action: properties.length > 0 ? 'update' : 'unchanged', properties, replaces },
  };
}

function differences(handler: ResourceHandler, desired: Properties, actual: ActualResource): string[] {
  return handler.diff ? handler.diff(desired, actual) : diffProperties(desired, actual.properties, handler.writeOnly);
}

/**
 * The diff of a stack: each resource read in dependency order, attributes of existing ones
 * (ARNs, key ids) filling the references of the next. Sends no write.
 */
export async function planStack(resources: readonly Resource[], ctx: HandlerContext): Promise<Plan> {
  const attributes = new Map<string, Attributes>();
  const changes: PlannedChange[] = [];
  for (const resource of resources) {
    const assessment = await assess(resource, attributes, ctx);
    if (assessment.actual) attributes.set(resource.id, assessment.actual.attributes);
    changes.push(assessment.change);
  }
  return { changes, summary: summarize(changes) };
}

export function summarize(changes: readonly PlannedChange[]): Record<ChangeAction, number> {
  const summary: Record<ChangeAction, number> = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const change of changes) summary[change.action]++;
  return summary;
}
