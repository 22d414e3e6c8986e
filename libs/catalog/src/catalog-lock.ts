import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { CatalogLockTimeout } from './catalog-errors';

export interface CatalogLockOptions {
  /** A lock file older than this is abandoned and may be broken. Default 30 s. */
  readonly staleMs?: number;
  /** Give up waiting after this long. Default 15 s. */
  readonly timeoutMs?: number;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

// One queue per lock file, so async callers in this process wait in line instead of polling the file.
const queues = new Map<string, Promise<void>>();

/**
 * Runs `work` while holding `lockFile` against other processes (created with `open wx`) and
 * against other callers in this process. A lock left by a crashed holder is broken when its
 * process is gone (same host) or it is older than `staleMs`.
 */
export async function withCatalogLock<T>(lockFile: string, options: CatalogLockOptions, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(lockFile) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  const tail = previous.then(() => mine);
  queues.set(lockFile, tail);
  await previous;
  try {
    const owner = await acquire(lockFile, options);
    try {
      return await work();
    } finally {
      await release(lockFile, owner);
    }
  } finally {
    done();
    if (queues.get(lockFile) === tail) queues.delete(lockFile);
  }
}

async function acquire(lockFile: string, options: CatalogLockOptions): Promise<LockOwner> {
  const staleMs = options.staleMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex') };
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    // The lock appears with its owner already in it (written aside, then hard-linked into
    // place, which fails atomically if the lock exists): a process killed at any moment never
    // leaves an ownerless lock that only the stale timeout could clear.
    const candidate = `${lockFile}.${owner.token}`;
    const handle = await open(candidate, 'wx', 0o644);
    try {
      await handle.writeFile(JSON.stringify(owner), 'utf8');
    } finally {
      await handle.close();
    }
    try {
      await link(candidate, lockFile);
      return owner;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(candidate, { force: true });
    }
    await breakIfStale(lockFile, staleMs);
    if (Date.now() - started >= timeoutMs) throw new CatalogLockTimeout(lockFile, timeoutMs);
    await delay(Math.min(2 + attempt * 2, 50) + Math.random() * 5);
  }
}

async function release(lockFile: string, owner: LockOwner): Promise<void> {
  // Only remove the lock if it is still ours; someone may have broken it as stale.
  const current = await readOwner(lockFile);
  if (current?.token === owner.token) await rm(lockFile, { force: true });
}

async function breakIfStale(lockFile: string, staleMs: number): Promise<void> {
  const judged = await inspect(lockFile);
  if (!judged || !isStale(judged.owner, judged.mtimeMs, staleMs)) return;
  // Move the lock aside atomically, then check it is the one judged stale: if a fresh lock
  // replaced it in between, put that one back.
  const aside = `${lockFile}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await inspect(aside);
  if (moved && (moved.mtimeMs !== judged.mtimeMs || moved.owner?.token !== judged.owner?.token)) {
    await link(aside, lockFile).catch(() => undefined);
  }
  await rm(aside, { force: true });
}

function isStale(owner: LockOwner | undefined, mtimeMs: number, staleMs: number): boolean {
  if (Date.now() - mtimeMs > staleMs) return true;
  return owner !== undefined && owner.host === hostname() && !processIsAlive(owner.pid);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function inspect(file: string): Promise<{ owner: LockOwner | undefined; mtimeMs: number } | undefined> {
  try {
    const { mtimeMs } = await stat(file);
    return { owner: await readOwner(file), mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string') {
      return { pid: parsed.pid, host: parsed.host, token: parsed.token };
    }
    return undefined;
  } catch {
    // Missing, or created but not yet written by its owner.
    return undefined;
  }
}
