import { createWriteStream } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ObjectStore } from '@acad/storage';

/**
 * A folder only this process's user can read, where objects are staged for the engine
 * (DuckDB reads local files) and where it writes files before they are uploaded.
 */
export class PrivateStaging {
  private counter = 0;
  private constructor(readonly dir: string) {}

  static async create(): Promise<PrivateStaging> {
    const dir = await mkdtemp(join(tmpdir(), 'acad-stage-'));
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
    const target = this.path(key.split('/').pop() ?? 'object');
    await pipeline(await store.get(key), createWriteStream(target, { mode: 0o600 }));
    return target;
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
