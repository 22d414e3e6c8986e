import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectStore } from '@acad/storage';
import { processIsGone } from './process-alive';

const PREFIX = 'acad-stage-';
const NAME = /^acad-stage-(\d+)-[A-Za-z0-9]{6}$/;

/**
 * A staging folder whose process has died and that nobody has written to for this long is an
 * orphan: the age guards against a process in another PID namespace sharing the temp folder.
 */
export const ORPHAN_AGE_MS = 10 * 60 * 1000;

let lastSweep = Number.NEGATIVE_INFINITY;

/**
 * A folder only this process's user can read, where objects are staged for the engine
 * (DuckDB reads local files) and where it writes files before they are uploaded.
 * Its name carries the process id, so a later process can remove what a killed one left.
 */
export class PrivateStaging {
  private counter = 0;
  private constructor(readonly dir: string) {}

  static async create(): Promise<PrivateStaging> {
    // At most once per ORPHAN_AGE_MS in a process: a long-running worker or server still sweeps,
    // without listing the temp folder for every batch.
    if (Date.now() - lastSweep >= ORPHAN_AGE_MS) {
      lastSweep = Date.now();
      await removeOrphanedStaging();
    }
    const dir = await mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
    await chmod(dir, 0o700);
    return new PrivateStaging(dir);
  }

  /** A fresh path inside the folder. */
  path(name: string): string {
    this.counter += 1;
    return join(this.dir, `${this.counter}-${name.replace(/[^A-Za-z0-9._=-]/g, '_')}`);
  }

  /** Copies an object to a local file and returns its path. */
  async stage(store: ObjectStore, key: string): Promise<string> {
    return (await this.stageHashed(store, key)).path;
  }

  /** `stage`, with the SHA-256 (hex) of the bytes it copied, hashed as they pass: the file is not read again. */
  async stageHashed(store: ObjectStore, key: string): Promise<{ path: string; sha256: string }> {
    const target = this.path(key.split('/').pop() ?? 'object');
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(await store.get(key), hashing, createWriteStream(target, { mode: 0o600 }));
    return { path: target, sha256: hash.digest('hex') };
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Removes the staging folders that killed processes left in `parent` (decrypted copies of
 * zone objects among them): folders of this user whose process is gone and that have not
 * changed for `minAgeMs`. Returns the folders removed; one that cannot be removed is left.
 */
export async function removeOrphanedStaging(parent = tmpdir(), { minAgeMs = ORPHAN_AGE_MS, now = Date.now() } = {}): Promise<string[]> {
  const names = (await readdir(parent).catch(() => [] as string[])).filter((name) => NAME.test(name));
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(NAME.exec(name)?.[1]);
    const dir = join(parent, name);
    const info = await lstat(dir).catch(() => undefined);
    if (!info?.isDirectory() || info.uid !== process.getuid?.() || now - info.mtimeMs < minAgeMs || !processIsGone(pid)) continue;
    try {
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Another process may be removing it, or it is not ours to remove: leave it.
    }
  }
  return removed;
}
