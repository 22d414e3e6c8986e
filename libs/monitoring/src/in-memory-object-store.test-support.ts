import { Readable } from 'node:stream';
import type { ListOptions, ListPage, ObjectBody, ObjectInfo, ObjectStore, PutOptions, RefusedEntry } from '@acad/storage';

/** A small in-memory ObjectStore for unit tests of code that only needs the port. */
export class InMemoryObjectStore implements ObjectStore {
  readonly location: string;
  private readonly objects = new Map<string, { bytes: Buffer; info: ObjectInfo }>();

  constructor(name = 'memory') {
    this.location = `memory://${name}`;
  }

  async put(key: string, body: ObjectBody, options?: PutOptions): Promise<ObjectInfo> {
    const bytes = await toBuffer(body);
    const info: ObjectInfo = { key, size: bytes.length, lastModified: new Date(), metadata: options?.metadata };
    this.objects.set(key, { bytes, info });
    return info;
  }

  async putIfAbsent(key: string, body: ObjectBody, options?: PutOptions): Promise<boolean> {
    if (this.objects.has(key)) return false;
    await this.put(key, body, options);
    return true;
  }

  async get(key: string): Promise<Readable> {
    return Readable.from([await this.getBytes(key)]);
  }

  async getBytes(key: string): Promise<Buffer> {
    const entry = this.objects.get(key);
    if (!entry) throw new Error(`no object ${key}`);
    return entry.bytes;
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    return this.objects.get(key)?.info;
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    const maxKeys = options?.maxKeys ?? 1000;
    const keys = [...this.objects.keys()]
      .filter((k) => k.startsWith(prefix) && (options?.continuationToken === undefined || k > options.continuationToken))
      .sort();
    const page = keys.slice(0, maxKeys);
    return {
      objects: page.flatMap((k) => this.objects.get(k)?.info ?? []),
      nextToken: keys.length > maxKeys ? page[page.length - 1] : undefined,
    };
  }

  async *listAll(prefix: string): AsyncIterable<ObjectInfo> {
    let continuationToken: string | undefined;
    do {
      // Small pages so callers are exercised across page boundaries.
      const page = await this.list(prefix, { maxKeys: 2, continuationToken });
      yield* page.objects;
      continuationToken = page.nextToken;
    } while (continuationToken !== undefined);
  }

  // Every key put here is served: nothing is refused.
  // eslint-disable-next-line require-yield
  async *listRefused(): AsyncIterable<RefusedEntry> {
    return;
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }

  async deleteIfUnchanged(key: string, read: ObjectInfo): Promise<boolean> {
    const now = this.objects.get(key)?.info;
    if (!now) return true;
    if (now.size !== read.size || now.lastModified.getTime() !== read.lastModified.getTime() || now.etag !== read.etag) return false;
    this.objects.delete(key);
    return true;
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    await this.put(toKey, await this.getBytes(fromKey));
  }
}

async function toBuffer(body: ObjectBody): Promise<Buffer> {
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
