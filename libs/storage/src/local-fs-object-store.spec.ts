import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { LocalFsObjectStore } from './local-fs-object-store';
import { describeConditionalWriteContract, describeObjectStoreContract, failingStream } from './object-store.contract.test-support';
import { raceForKeys } from './put-if-absent-racer.test-support';
import { InvalidObjectKey, ObjectKeyConflict, ObjectPathRefused } from './storage-errors';

const roots: string[] = [];

async function tempRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'acad-storage-'));
  roots.push(root);
  return root;
}

afterEach(() => Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true }))));

describeObjectStoreContract('LocalFsObjectStore', async () => new LocalFsObjectStore(join(await tempRoot(), 'zone')));
describeConditionalWriteContract('LocalFsObjectStore', async () => new LocalFsObjectStore(join(await tempRoot(), 'zone')));

describe('LocalFsObjectStore', () => {
  let root: string;
  let store: LocalFsObjectStore;
  beforeEach(async () => {
    root = join(await tempRoot(), 'raw');
    store = new LocalFsObjectStore(root);
  });

  it('keeps objects as plain files under the root, created on first write', async () => {
    expect(store.location).toBe(pathToFileURL(root).href);
    expect((await store.list('')).objects).toEqual([]);
    expect(existsSync(root)).toBe(false);

    await store.put('attendance/2025/part-0.csv', 'id\n1\n');
    expect(await readdir(join(root, 'attendance', '2025'))).toEqual(['part-0.csv']);
  });

  it('never shows a partly written object, and publishes it whole at the end', async () => {
    const body = new PassThrough();
    const writing = store.put('slow/object.bin', body);
    body.write(Buffer.alloc(100_000, 1));
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(await store.head('slow/object.bin')).toBeUndefined();
    expect(existsSync(join(root, 'slow', 'object.bin'))).toBe(false);
    expect((await store.list('')).objects).toEqual([]);

    body.end(Buffer.alloc(50_000, 2));
    expect(await writing).toMatchObject({ size: 150_000 });
    expect(await readdir(join(root, '.tmp'))).toEqual([]);
  });

  it('removes the temp file of a failed stream', async () => {
    await expect(store.put('broken.csv', failingStream('disk gone'))).rejects.toThrow('disk gone');
    expect(await readdir(join(root, '.tmp'))).toEqual([]);
  });

  it('orders keys by their bytes like S3, even where a folder name is a prefix of a sibling', async () => {
    const keys = ['k/a-1', 'k/a.1', 'k/a/1', 'k/a/2', 'k/a0', 'k/é', 'k/\uFFFD', 'k/\u{1F600}'];
    for (const key of [...keys].reverse()) await store.put(key, key);
    expect((await store.list('k/')).objects.map((o) => o.key)).toEqual(keys);

    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = await store.list('k/', { maxKeys: 3, continuationToken: token });
      pages.push(page.objects.map((o) => o.key));
      token = page.nextToken;
    } while (token);
    expect(pages).toEqual([keys.slice(0, 3), keys.slice(3, 6), keys.slice(6)]);
  });

  it('uses the last key of a page as its continuation token', async () => {
    for (const key of ['p/1', 'p/2', 'p/3']) await store.put(key, key);
    expect((await store.list('p/', { maxKeys: 2 })).nextToken).toBe('p/2');
    expect((await store.list('p/', { continuationToken: 'p/1' })).objects.map((o) => o.key)).toEqual(['p/2', 'p/3']);
  });

  it('hides its own temp and metadata folders and refuses keys inside them', async () => {
    await store.put('visible', 'x', { metadata: { a: '1' } });
    expect((await store.list('')).objects.map((o) => o.key)).toEqual(['visible']);
    expect((await readdir(root)).sort()).toEqual(['.meta', '.tmp', 'visible']);
    await expect(store.put('.tmp/x', 'x')).rejects.toBeInstanceOf(InvalidObjectKey);
    await expect(store.get('.meta/visible')).rejects.toThrow(/reserved by the local store/);
  });

  it('reports a key that clashes with a folder, or a folder with a file, as ObjectKeyConflict', async () => {
    await store.put('a', 'file');
    await store.put('b/c', 'nested');
    await expect(store.put('a/x', 'under a file')).rejects.toBeInstanceOf(ObjectKeyConflict);
    await expect(store.put('b', 'over a folder')).rejects.toMatchObject({ code: 'OBJECT_KEY_CONFLICT', key: 'b' });
    await expect(store.putIfAbsent('b', 'over a folder')).rejects.toBeInstanceOf(ObjectKeyConflict);
    await expect(store.copy('a', 'b')).rejects.toBeInstanceOf(ObjectKeyConflict);
    expect(await readdir(join(root, '.tmp'))).toEqual([]);
  });

  it('removes folders emptied by a delete, like S3 implied folders', async () => {
    await store.put('x/y/z/leaf', 'leaf', { metadata: { m: '1' } });
    await store.put('x/keep', 'keep');
    await store.delete('x/y/z/leaf');
    expect(await readdir(join(root, 'x'))).toEqual(['keep']);
    expect(await readdir(join(root, '.meta'))).toEqual([]);
  });

  it('never follows a symbolic link under its root: reads, writes and deletes through one are refused, listings leave it out', async () => {
    // Outside the store: what a link dropped into the zone folder points at.
    const outside = join(await tempRoot(), 'elsewhere');
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'secret.csv'), 'outside the lake');
    await store.put('own/real.csv', 'inside');
    await symlink(outside, join(root, 'attendance'));
    await symlink(join(outside, 'secret.csv'), join(root, 'own', 'linked.csv'));

    expect((await store.list('')).objects.map((o) => o.key)).toEqual(['own/real.csv']);
    expect((await store.list('attendance/')).objects).toEqual([]);
    const refused = async (prefix: string) => {
      const entries = [];
      for await (const entry of store.listRefused(prefix)) entries.push(entry);
      return entries;
    };
    expect(await refused('')).toEqual([
      { key: 'attendance', reason: 'a symbolic link, which the store never follows' },
      { key: 'own/linked.csv', reason: 'a symbolic link, which the store never follows' },
    ]);
    expect((await refused('attendance/')).map((e) => e.key)).toEqual(['attendance']);
    expect(await refused('own/real')).toEqual([]);

    for (const key of ['attendance/secret.csv', 'own/linked.csv']) {
      await expect(store.get(key)).rejects.toBeInstanceOf(ObjectPathRefused);
      await expect(store.getBytes(key)).rejects.toBeInstanceOf(ObjectPathRefused);
      await expect(store.head(key)).rejects.toMatchObject({ code: 'OBJECT_PATH_REFUSED', key });
      await expect(store.delete(key)).rejects.toBeInstanceOf(ObjectPathRefused);
      await expect(store.deleteIfUnchanged(key, { key, size: 16, lastModified: new Date() })).rejects.toBeInstanceOf(ObjectPathRefused);
      await expect(store.copy(key, 'own/copy.csv')).rejects.toBeInstanceOf(ObjectPathRefused);
    }
    await expect(store.get('attendance/secret.csv')).rejects.toThrow(/attendance is a symbolic link, which the store never follows/);
    await expect(store.put('attendance/new.csv', 'x')).rejects.toBeInstanceOf(ObjectPathRefused);
    await expect(store.putIfAbsent('attendance/new.csv', 'x')).rejects.toBeInstanceOf(ObjectPathRefused);
    await expect(store.copy('own/real.csv', 'attendance/copied.csv')).rejects.toBeInstanceOf(ObjectPathRefused);
    // Nothing outside was read into the store, written or deleted.
    expect(await readdir(outside)).toEqual(['secret.csv']);
    expect(readFileSync(join(outside, 'secret.csv'), 'utf8')).toBe('outside the lake');
    expect(existsSync(join(root, 'own', 'copy.csv'))).toBe(false);
  });

  it('lets exactly one of several processes win each key with putIfAbsent', async () => {
    const keyCount = 40;
    const racers = ['child-a', 'child-b', 'child-c'].map((writer) => startRacer(root, keyCount, writer));
    await Promise.all(racers.map((racer) => racer.ready));
    racers.forEach((racer) => racer.go());
    const inProcess = Promise.all(
      ['parent-a', 'parent-b'].map(async (writer) => ({ writer, won: await raceForKeys(root, keyCount, writer) })),
    );
    const results = [...(await Promise.all(racers.map((racer) => racer.result))), ...(await inProcess)];

    const wins = results.flatMap(({ writer, won }) => won.map((key) => ({ key, writer })));
    expect(wins.map((w) => w.key).sort()).toEqual(Array.from({ length: keyCount }, (_, i) => `race/key-${i}`).sort());
    for (const { key, writer } of wins) expect((await store.getBytes(key)).toString()).toBe(writer);
    // The children took part: they won some keys or lost cleanly, never crashed.
    expect(results.filter((r) => r.writer.startsWith('child'))).toHaveLength(3);
  }, 30_000);
});

interface Racer {
  ready: Promise<void>;
  go(): void;
  result: Promise<{ writer: string; won: string[] }>;
}

function startRacer(root: string, keyCount: number, writer: string): Racer {
  const script = join(__dirname, 'put-if-absent-racer.test-support.ts');
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), script, root, String(keyCount), writer], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<{ writer: string; won: string[] }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`racer ${writer} exited with ${code}: ${stderr}`));
      resolve({ writer, won: JSON.parse(stdout.slice('ready\n'.length)) as string[] });
    });
  });
  // Surface a crash before "ready" instead of waiting forever.
  result.catch(() => markReady());
  return { ready, go: () => child.stdin.end('go\n'), result };
}
