import { DataKeyCache } from './data-key-cache';

const ctx = { dataset: 'attendance', zone: 'raw' };
const wrapped = (n: number) => Buffer.from(`wrapped-${n}`);
const key = (n: number) => Buffer.alloc(32, n);

describe('DataKeyCache', () => {
  it('returns copies of cached keys, so a caller zeroing its copy cannot spoil the cache', () => {
    const cache = new DataKeyCache();
    cache.set(wrapped(1), 'local:v1', ctx, key(1));
    const first = cache.get(wrapped(1), 'local:v1', ctx);
    expect(first).toEqual(key(1));
    first?.fill(0);
    expect(cache.get(wrapped(1), 'local:v1', { zone: 'raw', dataset: 'attendance' })).toEqual(key(1));
  });

  it('misses when the key id or context differ, so a hit never skips the context check', () => {
    const cache = new DataKeyCache();
    cache.set(wrapped(1), 'local:v1', ctx, key(1));
    expect(cache.get(wrapped(1), 'local:v2', ctx)).toBeUndefined();
    expect(cache.get(wrapped(1), 'local:v1', { dataset: 'attendance', zone: 'trusted' })).toBeUndefined();
    expect(cache.get(wrapped(2), 'local:v1', ctx)).toBeUndefined();
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new DataKeyCache({ maxEntries: 2 });
    cache.set(wrapped(1), 'k', ctx, key(1));
    cache.set(wrapped(2), 'k', ctx, key(2));
    expect(cache.get(wrapped(1), 'k', ctx)).toEqual(key(1)); // 1 is now the most recent
    cache.set(wrapped(3), 'k', ctx, key(3));
    expect(cache.size).toBe(2);
    expect(cache.get(wrapped(2), 'k', ctx)).toBeUndefined();
    expect(cache.get(wrapped(1), 'k', ctx)).toEqual(key(1));
    expect(cache.get(wrapped(3), 'k', ctx)).toEqual(key(3));
  });

  it('expires entries after ttlMs', () => {
    let now = 1_000;
    const cache = new DataKeyCache({ ttlMs: 500, now: () => now });
    cache.set(wrapped(1), 'k', ctx, key(1));
    now = 1_499;
    expect(cache.get(wrapped(1), 'k', ctx)).toEqual(key(1));
    now = 1_500;
    expect(cache.get(wrapped(1), 'k', ctx)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('clears, and rejects nonsense limits', () => {
    const cache = new DataKeyCache();
    cache.set(wrapped(1), 'k', ctx, key(1));
    cache.clear();
    expect(cache.size).toBe(0);
    expect(() => new DataKeyCache({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => new DataKeyCache({ ttlMs: 0 })).toThrow(RangeError);
  });
});
