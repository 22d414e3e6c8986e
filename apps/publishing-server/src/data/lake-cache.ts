import type { Settings } from '@acad/config';
import { openLakeQuery, readSnapshot, type LakeQuery, type LakeSnapshot, type ZoneStores } from '@acad/zones';

export interface OpenLake {
  seq: number;
  lake: LakeQuery;
  snapshot: LakeSnapshot;
}

// How long a replaced lake stays open for requests that still use it.
const RETIRE_AFTER_MS = 30_000;

/**
 * One locked-down engine over the committed lake, reopened when the commit log moves on.
 * The log is looked at most once per `checkEveryMs`, so a busy server does not list it per request.
 */
export class LakeCache {
  private current?: OpenLake;
  private opening?: Promise<OpenLake>;
  private checkedAt = 0;
  private readonly retired = new Set<NodeJS.Timeout>();

  constructor(
    private readonly stores: ZoneStores,
    private readonly settings: Pick<Settings, 'duckdbMemoryLimit' | 'duckdbThreads'>,
    private readonly checkEveryMs = 1000,
  ) {}

  async snapshot(): Promise<LakeSnapshot> {
    return (await this.get()).snapshot;
  }

  async get(): Promise<OpenLake> {
    const now = Date.now();
    if (this.current && now - this.checkedAt < this.checkEveryMs) return this.current;
    if (this.opening) return this.opening;
    this.opening = this.refresh().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  async close(): Promise<void> {
    for (const timer of this.retired) clearTimeout(timer);
    await this.current?.lake.close();
    this.current = undefined;
  }

  private async refresh(): Promise<OpenLake> {
    const snapshot = await readSnapshot(this.stores.platform);
    this.checkedAt = Date.now();
    if (this.current && this.current.seq === snapshot.seq) {
      this.current.snapshot = snapshot;
      return this.current;
    }
    const lake = await openLakeQuery(this.stores, { memoryLimit: this.settings.duckdbMemoryLimit, threads: this.settings.duckdbThreads });
    const previous = this.current;
    this.current = { seq: snapshot.seq, lake, snapshot };
    if (previous) {
      const timer = setTimeout(() => {
        this.retired.delete(timer);
        void previous.lake.close();
      }, RETIRE_AFTER_MS);
      timer.unref();
      this.retired.add(timer);
    }
    return this.current;
  }
}
