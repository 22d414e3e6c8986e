import { DataKeyCache, type DataKeyCacheOptions } from './data-key-cache';
import type { EncryptionContext } from './encryption-context';
import type { DataKey, KeyProvider } from './key-provider';

/**
 * Wraps a provider with a `DataKeyCache` for unwraps. New data keys are never cached for
 * encryption: every object still gets a fresh one. Concurrent unwraps of the same key share
 * one provider call.
 */
export class CachingKeyProvider implements KeyProvider {
  readonly cache: DataKeyCache;
  private readonly inFlight = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly inner: KeyProvider,
    cache: DataKeyCache | DataKeyCacheOptions = {},
  ) {
    this.cache = cache instanceof DataKeyCache ? cache : new DataKeyCache(cache);
  }

  get id(): string {
    return this.inner.id;
  }

  generateDataKey(context: EncryptionContext): Promise<DataKey> {
    return this.inner.generateDataKey(context);
  }

  async decryptDataKey(wrapped: Buffer, keyId: string, context: EncryptionContext): Promise<Buffer> {
    const hit = this.cache.get(wrapped, keyId, context);
    if (hit) return hit;
    const flightId = `${keyId}\0${JSON.stringify(context)}\0${wrapped.toString('base64')}`;
    let pending = this.inFlight.get(flightId);
    if (!pending) {
      pending = this.inner.decryptDataKey(wrapped, keyId, context).then((key) => {
        this.cache.set(wrapped, keyId, context, key);
        return key;
      });
      pending.finally(() => this.inFlight.delete(flightId)).catch(() => undefined);
      this.inFlight.set(flightId, pending);
    }
    return Buffer.from(await pending);
  }
}
