import { openLakeQuery, readSnapshot, resolveAsOf, type ZoneStores } from '@acad/zones';
import type { OpenLake } from './lake-cache';

/**
 * `asOf` on the dataset and dashboard APIs: a commit number (`42`), a day (`2025-10-01`, as at
 * the end of it, UTC) or a moment (`2025-10-01T09:00:00Z`), parsed as `acad query --as-of` parses it.
 */
export const AS_OF_PATTERN =
  '^([0-9]{1,12}|[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2}))?)$';

export const asOfQueryProperty = {
  type: 'string',
  pattern: AS_OF_PATTERN,
  maxLength: 40,
  description:
    'Read the lake as committed at that time: a commit number (42), a day (2025-10-01, as at its end, UTC) or a moment (2025-10-01T09:00:00Z). ' +
    'A time before the retention window (its files vacuumed), before the first commit or in the future is answered 404 AS_OF_UNAVAILABLE.',
} as const;

// How many past lakes stay open at once (each holds its data in memory), and how long an evicted
// one stays open for requests still reading it.
const OPEN_LIMIT = 4;
const RETIRE_AFTER_MS = 30_000;

/**
 * Lakes as they were committed at past times, opened on demand from the commit log (trusted and
 * curated up to the resolved commit, every file checked against its commit) and kept by commit
 * number, the least recently asked closed first.
 */
export class AsOfLakes {
  private readonly open = new Map<number, Promise<OpenLake>>();
  private readonly retiring = new Set<NodeJS.Timeout>();

  constructor(
    private readonly stores: ZoneStores,
    private readonly limits: { memoryLimit?: string; threads?: number },
  ) {}

  /** The lake as at `asOf`; AsOfUnavailable (with why) when the log cannot answer for that time. */
  async at(asOf: string): Promise<OpenLake> {
    const seq = await resolveAsOf(this.stores.platform, asOf);
    let lake = this.open.get(seq);
    if (lake) {
      this.open.delete(seq);
    } else {
      lake = this.openAt(seq);
      // A failed open is not kept: the next request tries again (and gets the same reason).
      lake.catch(() => this.open.get(seq) === lake && this.open.delete(seq));
    }
    this.open.set(seq, lake);
    this.evict();
    return lake;
  }

  async close(): Promise<void> {
    for (const timer of this.retiring) clearTimeout(timer);
    this.retiring.clear();
    const open = [...this.open.values()];
    this.open.clear();
    for (const lake of open) await lake.then((l) => l.lake.close()).catch(() => undefined);
  }

  private async openAt(seq: number): Promise<OpenLake> {
    const [snapshot, lake] = await Promise.all([
      readSnapshot(this.stores.platform, { upTo: seq }),
      openLakeQuery(this.stores, { ...this.limits, upTo: seq }),
    ]);
    return { seq, lake, snapshot };
  }

  private evict(): void {
    while (this.open.size > OPEN_LIMIT) {
      const [seq, oldest] = this.open.entries().next().value as [number, Promise<OpenLake>];
      this.open.delete(seq);
      const timer = setTimeout(() => {
        this.retiring.delete(timer);
        void oldest.then((l) => l.lake.close()).catch(() => undefined);
      }, RETIRE_AFTER_MS);
      timer.unref();
      this.retiring.add(timer);
    }
  }
}

/** The lake a request reads: the current one, or the one as at its `asOf`. */
export function lakeFor(lakes: { current: { get(): Promise<OpenLake> }; past: AsOfLakes }, asOf: string | undefined): Promise<OpenLake> {
  return asOf === undefined ? lakes.current.get() : lakes.past.at(asOf);
}
