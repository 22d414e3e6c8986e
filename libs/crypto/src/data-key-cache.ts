import { createHash } from 'node:crypto';
import { canonicalContext, type EncryptionContext } from './encryption-context';

export interface DataKeyCacheOptions {
  /** Most unwrapped keys held at once; the least recently used goes first. Default 1000. */
  maxEntries?: number;
  /** How long an unwrapped key may be reused, in milliseconds. Default 5 minutes. */
  ttlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Entry {
  key: Buffer;
  expiresAt: number;
}

/**
 * Bounded LRU of unwrapped data keys, so reading many objects (or one object many times)
 * that share a wrapped key costs one KMS Decrypt. The cache key hashes key id, wrapped bytes
 * AND context: a hit must never skip the context check the unwrap would have done.
 */
export class DataKeyCache {
  readonly maxEntries: number;
  readonly ttlMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();

  constructor(options: DataKeyCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 1000;
    this.ttlMs = options.ttlMs ?? 5 * 60 * 1000;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
    if (!(this.ttlMs > 0)) throw new RangeError('ttlMs must be positive');
  }

  get size(): number {
    return this.entries.size;
  }

  /** A copy of the cached key, or undefined when absent or expired. */
  get(wrapped: Buffer, keyId: string, context: EncryptionContext): Buffer | undefined {
    const id = cacheId(wrapped, keyId, context);
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    if (entry.expiresAt <= this.now()) {
      entry.key.fill(0);
      return undefined;
    }
    this.entries.set(id, entry); // most recently used goes to the back
    return Buffer.from(entry.key);
  }

  set(wrapped: Buffer, keyId: string, context: EncryptionContext, plaintext: Buffer): void {
    const id = cacheId(wrapped, keyId, context);
    this.entries.get(id)?.key.fill(0);
    this.entries.delete(id);
    this.entries.set(id, { key: Buffer.from(plaintext), expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const [oldest, entry] = this.entries.entries().next().value as [string, Entry];
      entry.key.fill(0);
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    for (const entry of this.entries.values()) entry.key.fill(0);
    this.entries.clear();
  }
}

function cacheId(wrapped: Buffer, keyId: string, context: EncryptionContext): string {
  return createHash('sha256')
    .update(keyId, 'utf8')
    .update('\0')
    .update(canonicalContext(context), 'utf8')
    .update('\0')
    .update(wrapped)
    .digest('base64');
}
