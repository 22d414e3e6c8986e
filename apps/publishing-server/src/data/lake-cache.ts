import type { Settings } from '@acad/config';
import { openServingSnapshot, type LakeQuery, type LakeSnapshot, type ServingSnapshot } from '@acad/zones';
import type { ServingSnapshots } from '../serving/serving-snapshots';

export interface OpenLake {
  seq: number;
  lake: LakeQuery;
  snapshot: LakeSnapshot;
}

// How long a replaced lake stays open for requests that still use it.
const RETIRE_AFTER_MS = 30_000;

/**
 * The server's own lake: a locked-down engine over the server's serving snapshot (every published
 * dataset as stored, attached read-only: nothing is copied into memory), reopened when a newer
 * snapshot has been built.
 */
export class LakeCache {
  private current?: OpenLake & { release: () => void };
  private opening?: { seq: number; promise: Promise<OpenLake> };
  private readonly retired = new Map<NodeJS.Timeout, OpenLake & { release: () => void }>();

  constructor(
    private readonly serving: ServingSnapshots,
    private readonly settings: Pick<Settings, 'duckdbMemoryLimit' | 'duckdbThreads'>,
  ) {}

  async snapshot(): Promise<LakeSnapshot> {
    return (await this.get()).snapshot;
  }

  async get(): Promise<OpenLake> {
    const set = await this.serving.current();
    if (this.current?.seq === set.seq) return this.current;
    if (this.opening?.seq !== set.seq) {
      const promise = this.open(set.seq, set.lake, set.snapshots.server);
      this.opening = { seq: set.seq, promise };
      void promise
        .finally(() => {
          if (this.opening?.promise === promise) this.opening = undefined;
        })
        .catch(() => undefined);
    }
    return this.opening.promise;
  }

  async close(): Promise<void> {
    const open = [...this.retired.values(), ...(this.current ? [this.current] : [])];
    for (const timer of this.retired.keys()) clearTimeout(timer);
    this.retired.clear();
    this.current = undefined;
    for (const lake of open) {
      await lake.lake.close();
      lake.release();
    }
  }

  private async open(seq: number, snapshot: LakeSnapshot, served: ServingSnapshot | undefined): Promise<OpenLake> {
    if (!served) throw new Error('The server has no serving snapshot of its own');
    const release = this.serving.hold(served);
    let lake: LakeQuery;
    try {
      lake = await openServingSnapshot(served, { memoryLimit: this.settings.duckdbMemoryLimit, threads: this.settings.duckdbThreads });
    } catch (error) {
      release();
      throw error;
    }
    const previous = this.current;
    if (previous && previous.seq > seq) {
      // A newer lake opened meanwhile: this one is not needed.
      await lake.close();
      release();
      return previous;
    }
    this.current = { seq, lake, snapshot, release };
    if (previous) {
      const timer = setTimeout(() => {
        this.retired.delete(timer);
        void previous.lake.close().finally(previous.release);
      }, RETIRE_AFTER_MS);
      timer.unref();
      this.retired.set(timer, previous);
    }
    return this.current;
  }
}
