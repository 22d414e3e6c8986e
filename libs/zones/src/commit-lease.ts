import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ObjectStore } from '@acad/storage';
import { processIsGone } from './process-alive';
import { LeaseLost, LeaseUnavailable } from './zone-errors';

interface LeaseRecord {
  owner: string;
  state: 'held' | 'released';
  expiresAt: string;
  /** Where the holder runs, so a worker on the same host can tell a crashed holder at once. */
  host?: string;
  pid?: number;
}

/** A holder on this host whose process is gone (killed, crashed) holds nothing. */
function holderIsGone(record: LeaseRecord): boolean {
  if (record.host !== hostname() || record.pid === undefined || record.pid === process.pid) return false;
  return processIsGone(record.pid);
}

export interface LeaseOptions {
  owner: string;
  /** How long the lease lasts without renewal. */
  ttlMs?: number;
  /** How long to wait for a busy lease before giving up. */
  waitMs?: number;
  now?: () => Date;
}

/**
 * A lease built from put-if-absent writes only: each change of hands is a new generation
 * object, so two workers can never both take the same generation, and an expired holder
 * cannot overwrite the record of the worker that took over. A lease whose holder expired, or
 * ran on this host and has died, is free.
 */
export class CommitLease {
  private constructor(
    private readonly store: ObjectStore,
    private readonly prefix: string,
    private readonly options: Required<LeaseOptions>,
    private generation: number,
  ) {}

  static async acquire(store: ObjectStore, name: string, options: LeaseOptions): Promise<CommitLease> {
    const full: Required<LeaseOptions> = { ttlMs: 10 * 60_000, waitMs: 60_000, now: () => new Date(), ...options };
    const prefix = `_leases/${name}/`;
    const deadline = Date.now() + full.waitMs;
    for (let attempt = 0; ; attempt++) {
      const latest = await latestGeneration(store, prefix);
      const free =
        !latest || latest.record.state === 'released' || new Date(latest.record.expiresAt) <= full.now() || holderIsGone(latest.record);
      if (free) {
        const generation = (latest?.generation ?? 0) + 1;
        const lease = new CommitLease(store, prefix, full, generation);
        if (await lease.write(generation, 'held')) {
          await lease.prune();
          return lease;
        }
      }
      if (Date.now() >= deadline) throw new LeaseUnavailable(name, latest?.record.owner ?? 'another worker');
      await sleep(Math.min(50 * 2 ** Math.min(attempt, 4), 500) + Math.floor(Math.random() * 50));
    }
  }

  /** Extends the lease; throws LeaseLost if another worker took it over. */
  async renew(): Promise<void> {
    await this.assertHeld();
    if (!(await this.write(this.generation + 1, 'held'))) throw new LeaseLost(this.prefix);
    this.generation += 1;
  }

  /** Throws LeaseLost unless this worker's generation is still the latest, held (not released) and unexpired. */
  async assertHeld(): Promise<void> {
    const latest = await latestGeneration(this.store, this.prefix);
    if (
      !latest ||
      latest.generation !== this.generation ||
      latest.record.state !== 'held' ||
      latest.record.owner !== this.options.owner ||
      new Date(latest.record.expiresAt) <= this.options.now()
    ) {
      throw new LeaseLost(this.prefix);
    }
  }

  async release(): Promise<void> {
    if (await this.write(this.generation + 1, 'released')) this.generation += 1;
  }

  private async write(generation: number, state: LeaseRecord['state']): Promise<boolean> {
    const record: LeaseRecord = {
      owner: this.options.owner,
      state,
      expiresAt: new Date(this.options.now().getTime() + this.options.ttlMs).toISOString(),
      host: hostname(),
      pid: process.pid,
    };
    return this.store.putIfAbsent(`${this.prefix}${String(generation).padStart(12, '0')}.json`, JSON.stringify(record));
  }

  /** Old generations are history only; keep the last few. */
  private async prune(): Promise<void> {
    for await (const info of this.store.listAll(this.prefix)) {
      const generation = Number(info.key.slice(this.prefix.length, -'.json'.length));
      if (generation < this.generation - 4) await this.store.delete(info.key);
    }
  }
}

async function latestGeneration(store: ObjectStore, prefix: string): Promise<{ generation: number; record: LeaseRecord } | undefined> {
  let last: string | undefined;
  for await (const info of store.listAll(prefix)) if (!last || info.key > last) last = info.key;
  if (!last) return undefined;
  try {
    const record = JSON.parse((await store.getBytes(last)).toString('utf8')) as LeaseRecord;
    return { generation: Number(last.slice(prefix.length, -'.json'.length)), record };
  } catch {
    // Pruned between list and read: treat as busy and look again.
    return {
      generation: Number(last.slice(prefix.length, -'.json'.length)),
      record: { owner: 'unknown', state: 'held', expiresAt: new Date(Date.now() + 1000).toISOString() },
    };
  }
}
