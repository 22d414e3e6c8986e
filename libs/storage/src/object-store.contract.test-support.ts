import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ObjectInfo, ObjectStore } from './object-store';
import { InvalidObjectKey, ObjectNotFound } from './storage-errors';

/** Makes a fresh, empty store for one test. */
export type ObjectStoreFactory = () => Promise<ObjectStore>;

const MB = 1024 * 1024;

/** Deterministic, incompressible bytes (AES-CTR keystream of a seed) streamed in 1 MB chunks. */
export function generatedStream(totalBytes: number, seed: number): { stream: Readable; sha256: string } {
  const keystream = createCipheriv('aes-128-ctr', createHash('md5').update(String(seed)).digest(), Buffer.alloc(16));
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < totalBytes; offset += MB) {
    chunks.push(keystream.update(Buffer.alloc(Math.min(MB, totalBytes - offset))));
  }
  const sha256 = chunks.reduce((hash, chunk) => hash.update(chunk), createHash('sha256')).digest('hex');
  return { stream: Readable.from(chunks), sha256 };
}

export async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A stream that yields some bytes and then fails, like a dropped upload. */
export function failingStream(message: string): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.alloc(64 * 1024, 1));
      } else {
        this.destroy(new Error(message));
      }
    },
  });
}

async function collect(iterable: AsyncIterable<ObjectInfo>): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of iterable) keys.push(info.key);
  return keys;
}

/** Write order that is not key order, so listing must sort rather than echo creation order. */
function shuffled<T>(items: readonly T[]): T[] {
  return [...items].reverse();
}

/**
 * The behaviour every `ObjectStore` adapter must show. Run by each adapter's spec against
 * a real backend (folder on disk, s3rver).
 */
export function describeObjectStoreContract(name: string, makeStore: ObjectStoreFactory): void {
  describe(`${name} — ObjectStore contract`, () => {
    let store: ObjectStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('round-trips strings, Buffers and Uint8Array views byte for byte', async () => {
      const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
      await store.put('text/hello.txt', 'héllo, wörld ✓');
      await store.put('bin/all-bytes', allBytes);
      await store.put('bin/view', backing.subarray(2, 5));

      expect((await store.getBytes('text/hello.txt')).toString('utf8')).toBe('héllo, wörld ✓');
      expect((await store.getBytes('bin/all-bytes')).equals(allBytes)).toBe(true);
      expect([...(await store.getBytes('bin/view'))]).toEqual([1, 2, 3]);
      expect(await store.getBytes('bin/view')).toBeInstanceOf(Buffer);
    });

    it('streams a body of several MB in and out unchanged', async () => {
      const { stream, sha256 } = generatedStream(6 * MB + 12345, 7);
      const info = await store.put('large/part-0.bin', stream);
      expect(info).toMatchObject({ key: 'large/part-0.bin', size: 6 * MB + 12345 });
      expect(await sha256Of(await store.get('large/part-0.bin'))).toBe(sha256);
    });

    it('describes objects with head: size, last modified and metadata', async () => {
      const before = Date.now() - 2000;
      const put = await store.put('meta/a.json', '{"a":1}', { contentType: 'application/json', metadata: { batch: 'b-1' } });
      const head = await store.head('meta/a.json');
      expect(put).toMatchObject({ key: 'meta/a.json', size: 7 });
      expect(head).toMatchObject({ key: 'meta/a.json', size: 7, metadata: { batch: 'b-1' } });
      expect(head?.lastModified).toBeInstanceOf(Date);
      expect(head?.lastModified.getTime()).toBeGreaterThanOrEqual(before);
      expect(head?.lastModified.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
      expect(await store.head('meta/missing.json')).toBeUndefined();
      expect(await store.head('meta')).toBeUndefined();
    });

    it('replaces body and metadata when a key is written again', async () => {
      await store.put('doc', 'first version', { metadata: { v: '1' } });
      await store.put('doc', 'second');
      expect((await store.getBytes('doc')).toString()).toBe('second');
      const head = await store.head('doc');
      expect(head?.size).toBe(6);
      expect(head?.metadata).toBeUndefined();
    });

    it('refuses to read a missing key with ObjectNotFound naming the key and the store', async () => {
      await expect(store.get('nothing/here')).rejects.toBeInstanceOf(ObjectNotFound);
      await expect(store.getBytes('nothing/here')).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND', key: 'nothing/here' });
      await expect(store.get('nothing/here')).rejects.toThrow(`No object with key "nothing/here" in ${store.location}`);
    });

    it('lists in key order across pages of maxKeys', async () => {
      const keys = Array.from({ length: 25 }, (_, i) => `batch/part-${String(i).padStart(2, '0')}.parquet`);
      for (const key of shuffled(keys)) await store.put(key, key);
      await store.put('batch_other/x', 'not under the prefix');

      const first = await store.list('batch/', { maxKeys: 10 });
      const second = await store.list('batch/', { maxKeys: 10, continuationToken: first.nextToken });
      const third = await store.list('batch/', { maxKeys: 10, continuationToken: second.nextToken });

      expect(first.objects.map((o) => o.key)).toEqual(keys.slice(0, 10));
      expect(second.objects.map((o) => o.key)).toEqual(keys.slice(10, 20));
      expect(third.objects.map((o) => o.key)).toEqual(keys.slice(20));
      expect(first.nextToken).toEqual(expect.any(String));
      expect(third.nextToken).toBeUndefined();
      expect(first.objects[0]).toMatchObject({ key: keys[0], size: Buffer.byteLength(keys[0]) });
      expect(first.objects[0].lastModified).toBeInstanceOf(Date);
    });

    it('lists every object under a prefix with listAll', async () => {
      const keys = Array.from({ length: 25 }, (_, i) => `all/${String(i).padStart(3, '0')}`);
      for (const key of shuffled(keys)) await store.put(key, 'x');
      await store.put('allx', 'sibling, not under "all/"');
      expect(await collect(store.listAll('all/'))).toEqual(keys);
    });

    it('filters by prefix, including a partial last segment', async () => {
      const keys = ['admissions/2025/a.csv', 'attendance/2024/b.csv', 'attendance/2025/c.csv', 'attendance_archive/d.csv', 'top.txt'];
      for (const key of shuffled(keys)) await store.put(key, key);

      const keysUnder = async (prefix: string) => (await store.list(prefix)).objects.map((o) => o.key);
      expect(await keysUnder('')).toEqual(keys);
      expect(await keysUnder('attendance/')).toEqual(['attendance/2024/b.csv', 'attendance/2025/c.csv']);
      expect(await keysUnder('attendance')).toEqual(['attendance/2024/b.csv', 'attendance/2025/c.csv', 'attendance_archive/d.csv']);
      expect(await keysUnder('attendance/2024')).toEqual(['attendance/2024/b.csv']);
      expect(await keysUnder('t')).toEqual(['top.txt']);
      expect(await keysUnder('zzz/')).toEqual([]);
    });

    it('deletes objects, and deleting a missing key is not an error', async () => {
      await store.put('del/a', 'a');
      await store.put('del/b', 'b');
      await store.delete('del/a');
      await store.delete('del/a');
      await store.delete('never/existed');

      expect(await store.head('del/a')).toBeUndefined();
      await expect(store.getBytes('del/a')).rejects.toBeInstanceOf(ObjectNotFound);
      expect((await store.list('del/')).objects.map((o) => o.key)).toEqual(['del/b']);
    });

    it('copies body and metadata to a new key and leaves the source', async () => {
      await store.put('src/file one é.csv', 'id,name\n1,a\n', { metadata: { rows: '1' } });
      await store.copy('src/file one é.csv', 'dst/nested/copy.csv');

      expect((await store.getBytes('dst/nested/copy.csv')).toString()).toBe('id,name\n1,a\n');
      expect((await store.head('dst/nested/copy.csv'))?.metadata).toEqual({ rows: '1' });
      expect((await store.getBytes('src/file one é.csv')).toString()).toBe('id,name\n1,a\n');
      await expect(store.copy('src/missing.csv', 'dst/x.csv')).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND', key: 'src/missing.csv' });
      expect(await store.head('dst/x.csv')).toBeUndefined();
    });

    it('writes with putIfAbsent when the key is free', async () => {
      expect(await store.putIfAbsent('manifests/batch-1.json', '{"files":2}', { metadata: { state: 'committed' } })).toBe(true);
      expect((await store.getBytes('manifests/batch-1.json')).toString()).toBe('{"files":2}');
      expect((await store.head('manifests/batch-1.json'))?.metadata).toEqual({ state: 'committed' });
      expect(await store.putIfAbsent('manifests/batch-2.json', Readable.from([Buffer.from('{"files":'), Buffer.from('3}')]))).toBe(true);
      expect((await store.getBytes('manifests/batch-2.json')).toString()).toBe('{"files":3}');
    });

    it('leaves no object behind when the body stream fails', async () => {
      await expect(store.put('broken/upload.csv', failingStream('connection reset'))).rejects.toThrow('connection reset');
      expect(await store.head('broken/upload.csv')).toBeUndefined();
      expect((await store.list('broken/')).objects).toEqual([]);
    });

    it.each(['', '/etc/passwd', '../outside', 'a/../../b', 'a/./b', 'a//b', 'trailing/', 'back\\slash', 'nul\u0000byte', 'C:/windows'])(
      'refuses the invalid key %j in every operation',
      async (key) => {
        await expect(store.put(key, 'x')).rejects.toBeInstanceOf(InvalidObjectKey);
        await expect(store.putIfAbsent(key, 'x')).rejects.toMatchObject({ code: 'INVALID_OBJECT_KEY' });
        await expect(store.get(key)).rejects.toBeInstanceOf(InvalidObjectKey);
        await expect(store.getBytes(key)).rejects.toBeInstanceOf(InvalidObjectKey);
        await expect(store.head(key)).rejects.toBeInstanceOf(InvalidObjectKey);
        await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidObjectKey);
        await expect(store.copy(key, 'ok')).rejects.toBeInstanceOf(InvalidObjectKey);
        await expect(store.copy('ok', key)).rejects.toBeInstanceOf(InvalidObjectKey);
      },
    );

    it('refuses prefixes that leave the root and page sizes S3 cannot serve', async () => {
      await expect(store.list('../')).rejects.toBeInstanceOf(InvalidObjectKey);
      await expect(store.list('/abs')).rejects.toBeInstanceOf(InvalidObjectKey);
      expect(() => store.listAll('a/../')).toThrow(InvalidObjectKey);
      await expect(store.list('', { maxKeys: 0 })).rejects.toBeInstanceOf(RangeError);
      await expect(store.list('', { maxKeys: 1001 })).rejects.toBeInstanceOf(RangeError);
    });
  });
}

/**
 * Put-if-absent and delete-if-unchanged as a real backend enforces them. s3rver ignores
 * `If-None-Match` and `If-Match`, so the S3 adapter proves its side with the exact commands it
 * sends (s3-object-store.commands.spec).
 */
export function describeConditionalWriteContract(name: string, makeStore: ObjectStoreFactory): void {
  describe(`${name} — conditional write contract`, () => {
    it('returns false for a taken key and keeps the first body and metadata', async () => {
      const store = await makeStore();
      expect(await store.putIfAbsent('manifests/batch-1.json', 'first', { metadata: { writer: 'a' } })).toBe(true);
      expect(await store.putIfAbsent('manifests/batch-1.json', 'second', { metadata: { writer: 'b' } })).toBe(false);
      expect((await store.getBytes('manifests/batch-1.json')).toString()).toBe('first');
      expect((await store.head('manifests/batch-1.json'))?.metadata).toEqual({ writer: 'a' });
    });

    it('deletes only the version that was read: a replaced object stays, a gone one counts as deleted', async () => {
      const store = await makeStore();
      await store.put('landing/a.csv', 'x\n1\n');
      const read = (await store.head('landing/a.csv')) as ObjectInfo;
      await store.put('landing/a.csv', 'x\n1\n2\n');
      expect(await store.deleteIfUnchanged('landing/a.csv', read)).toBe(false);
      expect((await store.getBytes('landing/a.csv')).toString()).toBe('x\n1\n2\n');
      const now = (await store.head('landing/a.csv')) as ObjectInfo;
      expect(await store.deleteIfUnchanged('landing/a.csv', now)).toBe(true);
      expect(await store.head('landing/a.csv')).toBeUndefined();
      expect(await store.deleteIfUnchanged('landing/a.csv', now)).toBe(true);
    });

    it('lets exactly one of many concurrent writers win each key', async () => {
      const store = await makeStore();
      const writers = Array.from({ length: 8 }, (_, i) => `writer-${i}`);
      const results = await Promise.all(writers.map(async (writer) => ({ writer, won: await store.putIfAbsent('locks/batch-9', writer) })));
      const winners = results.filter((r) => r.won).map((r) => r.writer);
      expect(winners).toHaveLength(1);
      expect((await store.getBytes('locks/batch-9')).toString()).toBe(winners[0]);
    });
  });
}
