import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listAllPages } from './list-all-pages';
import { LocalFsObjectStore } from './local-fs-object-store';
import type { ListOptions } from './object-store';

describe('listAllPages', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'acad-list-all-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('follows continuation tokens until the last page', async () => {
    const store = new LocalFsObjectStore(dir);
    const keys = Array.from({ length: 7 }, (_, i) => `logs/${i}`);
    for (const key of keys) await store.put(key, key);
    await store.put('other', 'x');

    const requests: ListOptions[] = [];
    // Small pages force several round trips through the real store.
    const smallPages = {
      list: (prefix: string, options?: ListOptions) => (requests.push({ ...options }), store.list(prefix, { ...options, maxKeys: 3 })),
    };
    const seen: string[] = [];
    for await (const info of listAllPages(smallPages, 'logs/')) seen.push(info.key);

    expect(seen).toEqual(keys);
    expect(requests.map((r) => r.continuationToken)).toEqual([undefined, 'logs/2', 'logs/5']);
  });
});
