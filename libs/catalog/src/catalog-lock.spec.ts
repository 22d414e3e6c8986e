import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { CatalogLockTimeout } from './catalog-errors';
import { withCatalogLock } from './catalog-lock';

describe('withCatalogLock', () => {
  let dir: string;
  let lockFile: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acad-lock-'));
    lockFile = join(dir, 'catalog.lock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('serialises read-modify-write so no increment is lost, and removes the lock afterwards', async () => {
    const counter = join(dir, 'counter');
    await writeFile(counter, '0');
    await Promise.all(
      Array.from({ length: 40 }, () =>
        withCatalogLock(lockFile, {}, async () => {
          const value = Number(await readFile(counter, 'utf8'));
          await delay(1);
          await writeFile(counter, String(value + 1));
        }),
      ),
    );
    expect(await readFile(counter, 'utf8')).toBe('40');
    await expect(stat(lockFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('excludes callers that reach the same file by different paths (only the lock file protects them)', async () => {
    const counter = join(dir, 'counter');
    await writeFile(counter, '0');
    // Different path strings get different in-process queues, so only `open wx` keeps them apart.
    const paths = [lockFile, `${dir}/./catalog.lock`, `${dir}/../${dir.split('/').pop()}/catalog.lock`];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        withCatalogLock(paths[i % paths.length], {}, async () => {
          const value = Number(await readFile(counter, 'utf8'));
          await delay(1);
          await writeFile(counter, String(value + 1));
        }),
      ),
    );
    expect(await readFile(counter, 'utf8')).toBe('30');
  });

  it('holds the lock file, with its owner, while the work runs', async () => {
    const seen = await withCatalogLock(lockFile, {}, async () => JSON.parse(await readFile(lockFile, 'utf8')));
    expect(seen).toEqual({ pid: process.pid, host: hostname(), token: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('waits for a live holder and gives up with CATALOG_LOCK_TIMEOUT', async () => {
    await writeFile(lockFile, JSON.stringify({ pid: process.pid, host: hostname(), token: 'someone-else' }));
    const started = Date.now();
    const attempt = withCatalogLock(lockFile, { timeoutMs: 150 }, async () => 'ran');
    await expect(attempt).rejects.toThrow(CatalogLockTimeout);
    await expect(attempt).rejects.toMatchObject({ code: 'CATALOG_LOCK_TIMEOUT' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(JSON.parse(await readFile(lockFile, 'utf8')).token).toBe('someone-else');
  });

  it('breaks a lock whose process on this host has exited', async () => {
    const exited = spawnSync(process.execPath, ['-e', '']);
    await writeFile(lockFile, JSON.stringify({ pid: exited.pid, host: hostname(), token: 'crashed' }));
    await expect(withCatalogLock(lockFile, { timeoutMs: 1000 }, async () => 'ran')).resolves.toBe('ran');
  });

  it('breaks a lock older than staleMs, even from another host or never written', async () => {
    const old = new Date(Date.now() - 60_000);
    await writeFile(lockFile, JSON.stringify({ pid: 1, host: 'elsewhere', token: 'old' }));
    await utimes(lockFile, old, old);
    await expect(withCatalogLock(lockFile, { staleMs: 30_000, timeoutMs: 1000 }, async () => 'ran')).resolves.toBe('ran');
    await writeFile(lockFile, '');
    await utimes(lockFile, old, old);
    await expect(withCatalogLock(lockFile, { staleMs: 30_000, timeoutMs: 1000 }, async () => 'ran again')).resolves.toBe('ran again');
  });

  it('does not remove a lock that another owner took over meanwhile', async () => {
    const other = JSON.stringify({ pid: process.pid, host: hostname(), token: 'took-over' });
    await withCatalogLock(lockFile, {}, async () => writeFile(lockFile, other));
    expect(await readFile(lockFile, 'utf8')).toBe(other);
  });

  it('releases the lock when the work throws', async () => {
    await expect(withCatalogLock(lockFile, {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(withCatalogLock(lockFile, { timeoutMs: 100 }, async () => 'next')).resolves.toBe('next');
  });
});
