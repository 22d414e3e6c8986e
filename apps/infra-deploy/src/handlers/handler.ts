import type { AwsClients } from '../aws-clients';
import type { ResourceType } from '../resource';
import type { AccountContext, Attributes } from '../resolve';

export type Properties = Record<string, unknown>;

/** What a handler needs besides its inputs: the clients, a retrying `call`, the account. */
export interface HandlerContext {
  readonly clients: AwsClients;
  /** Sends one request, retrying throttling with backoff. Every AWS call goes through here. */
  readonly call: <T>(operation: () => Promise<T>) => Promise<T>;
  readonly account: AccountContext;
  /** Set for an S3-compatible server: bucket features it lacks are reported, not failed. */
  readonly s3Endpoint?: string;
}

/** A resource as it exists, in the same shape as its desired properties. */
export interface ActualResource {
  readonly properties: Properties;
  readonly attributes: Attributes;
  /** Desired properties this endpoint cannot hold (an S3-compatible server without lifecycle, …). */
  readonly unsupported?: readonly string[];
}

export interface DeleteOptions {
  readonly force: boolean;
  /** The resource's desired properties, for what is only known there (a key's pending window). */
  readonly desired: Properties;
}

/**
 * One resource type's AWS I/O. `read` only describes (get/list/describe calls); the others
 * change exactly what they are asked to. A handler never decides what is desired.
 */
export interface ResourceHandler {
  readonly type: ResourceType;
  /** Properties only sent on create or never read back; the diff leaves them out. */
  readonly writeOnly?: readonly string[];
  /** Properties that cannot change in place. */
  readonly createOnly?: readonly string[];
  read(desired: Properties, ctx: HandlerContext): Promise<ActualResource | undefined>;
  /** Top-level properties that differ; defaults to comparing the desired ones with `actual`. */
  diff?(desired: Properties, actual: ActualResource): string[];
  create(desired: Properties, ctx: HandlerContext): Promise<Attributes>;
  update(desired: Properties, actual: ActualResource, changed: readonly string[], ctx: HandlerContext): Promise<Attributes>;
  /** Why deleting would lose something and needs `--force`; undefined when it may go. */
  refuseDelete?(actual: ActualResource, ctx: HandlerContext, options: DeleteOptions): Promise<string | undefined>;
  delete(actual: ActualResource, ctx: HandlerContext, options: DeleteOptions): Promise<void>;
}

/** True for the SDK's "no such resource" errors, by name or HTTP 404. */
export function isNotFound(error: unknown, ...names: string[]): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return names.includes(e.name ?? '') || e.$metadata?.httpStatusCode === 404;
}

/** Runs a read that may find nothing: the not-found errors named become `undefined`. */
export async function orAbsent<T>(read: () => Promise<T>, ...names: string[]): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error, ...names)) return undefined;
    throw error;
  }
}

/** JSON with object keys sorted, so equal documents compare equal whatever their key order. */
export function canonical(value: unknown): string {
  const sort = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(sort);
    if (node === null || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort()
        .map((k) => [k, sort(record[k])]),
    );
  };
  return JSON.stringify(sort(value)) ?? 'undefined';
}

/** The desired top-level properties whose value differs from the actual one. */
export function diffProperties(desired: Properties, actual: Properties, skip: readonly string[] = []): string[] {
  return Object.keys(desired).filter((key) => !skip.includes(key) && canonical(desired[key]) !== canonical(actual[key]));
}

/** `{ Key, Value }` tag lists (S3, KMS-style keys) compared in key order. */
export function sortedTags(tags: readonly { Key?: string; Value?: string }[] | undefined): { Key: string; Value: string }[] {
  return [...(tags ?? [])].map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })).sort((a, b) => a.Key.localeCompare(b.Key));
}
