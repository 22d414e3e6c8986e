import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalFsObjectStore } from '@acad/storage';
import { CommitLease } from './commit-lease';
import { LeaseLost, LeaseUnavailable } from './zone-errors';
import { keysIn, tempDir } from './zone-fixture.test-support';

describe('CommitLease', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let store: LocalFsObjectStore;

  beforeEach(async () => {
    dir = await tempDir('acad-lease-');
    store = new LocalFsObjectStore(dir.path);
  });

  afterEach(async () => {
    await dir.remove();
  });

  it('is held after acquire and free again after release', async () => {
    const a = await CommitLease.acquire(store, 'commit', {
      owner: 'a',
      waitMs: 0,
    });
    await expect(a.assertHeld()).resolves.toBeUndefined();
    await a.release();
    await expect(a.assertHeld()).rejects.toBeInstanceOf(LeaseLost);
    await expect(a.renew()).rejects.toBeInstanceOf(LeaseLost);
    const b = await CommitLease.acquire(store, 'commit', {
      owner: 'b',
      waitMs: 0,
    });
    await expect(b.assertHeld()).resolves.toBeUndefined();
    await b.release();
  });

  it('keeps leases of different names apart', async () => {
    const a = await CommitLease.acquire(store, 'commit', {
      owner: 'a',
      waitMs: 0,
    });
    const b = await CommitLease.acquire(store, 'other', {
      owner: 'b',
      waitMs: 0,
    });
    await expect(a.assertHeld()).resolves.toBeUndefined();
    await expect(b.assertHeld()).resolves.toBeUndefined();
  });

  it('makes a second acquirer wait, then gives up with LeaseUnavailable naming the holder', async () => {
    const a = await CommitLease.acquire(store, 'commit', {
      owner: 'worker-a',
      waitMs: 0,
    });
    const started = Date.now();
    const error = await CommitLease.acquire(store, 'commit', {
      owner: 'worker-b',
      waitMs: 300,
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(error).toBeInstanceOf(LeaseUnavailable);
    expect(error).toMatchObject({
      code: 'LEASE_UNAVAILABLE',
      holder: 'worker-a',
    });
    await expect(a.assertHeld()).resolves.toBeUndefined();
  });

  it('hands the lease to a waiting acquirer as soon as it is released', async () => {
    const a = await CommitLease.acquire(store, 'commit', {
      owner: 'a',
      waitMs: 0,
    });
    const waiting = CommitLease.acquire(store, 'commit', {
      owner: 'b',
      waitMs: 5_000,
    });
    await sleep(100);
    await a.release();
    const b = await waiting;
    await expect(b.assertHeld()).resolves.toBeUndefined();
  });

  describe('when the holder lets it expire', () => {
    let clock: number;
    const now = () => new Date(clock);

    beforeEach(() => {
      clock = Date.parse('2026-01-05T10:00:00Z');
    });

    it('is not taken over before it expires', async () => {
      await CommitLease.acquire(store, 'commit', {
        owner: 'a',
        ttlMs: 1_000,
        waitMs: 0,
        now,
      });
      clock += 999;
      await expect(CommitLease.acquire(store, 'commit', { owner: 'b', waitMs: 0, now })).rejects.toBeInstanceOf(LeaseUnavailable);
    });

    it('is taken over, and the old holder can neither renew, assert nor release it', async () => {
      const a = await CommitLease.acquire(store, 'commit', {
        owner: 'a',
        ttlMs: 1_000,
        waitMs: 0,
        now,
      });
      clock += 1_000;
      await expect(a.assertHeld()).rejects.toBeInstanceOf(LeaseLost);
      const b = await CommitLease.acquire(store, 'commit', {
        owner: 'b',
        ttlMs: 1_000,
        waitMs: 0,
        now,
      });
      await expect(a.renew()).rejects.toBeInstanceOf(LeaseLost);
      await a.release();
      await expect(b.assertHeld()).resolves.toBeUndefined();
      await expect(CommitLease.acquire(store, 'commit', { owner: 'c', waitMs: 0, now })).rejects.toMatchObject({ holder: 'b' });
    });

    it('stays held by a holder that renews in time', async () => {
      const a = await CommitLease.acquire(store, 'commit', {
        owner: 'a',
        ttlMs: 1_000,
        waitMs: 0,
        now,
      });
      clock += 800;
      await a.renew();
      clock += 800;
      await expect(a.assertHeld()).resolves.toBeUndefined();
      await expect(CommitLease.acquire(store, 'commit', { owner: 'b', waitMs: 0, now })).rejects.toBeInstanceOf(LeaseUnavailable);
    });
  });

  it('keeps only the last few generations', async () => {
    for (let i = 0; i < 12; i++)
      await (
        await CommitLease.acquire(store, 'commit', {
          owner: `w${i}`,
          waitMs: 0,
        })
      ).release();
    const keys = await keysIn(store, '_leases/commit/');
    expect(keys.length).toBeLessThanOrEqual(6);
    expect(keys[keys.length - 1]).toBe('_leases/commit/000000000024.json');
  });

  it('lets exactly one of ten concurrent acquirers hold it at a time', async () => {
    let holding = 0;
    let most = 0;
    const order: string[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const lease = await CommitLease.acquire(store, 'commit', {
          owner: `w${i}`,
          waitMs: 20_000,
        });
        holding += 1;
        most = Math.max(most, holding);
        await sleep(10);
        await lease.assertHeld();
        order.push(`w${i}`);
        holding -= 1;
        await lease.release();
      }),
    );
    expect(most).toBe(1);
    expect(order.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `w${i}`).sort());
  }, 30_000);

  describe('held by a process that died', () => {
    const expiresAt = () => new Date(Date.now() + 3_600_000).toISOString();

    it('is free at once for a worker on the same host, without waiting for expiry', async () => {
      // A pid that has certainly exited: a child that ran and finished.
      const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
      await store.putIfAbsent(
        '_leases/commit/000000000001.json',
        JSON.stringify({
          owner: 'crashed',
          state: 'held',
          expiresAt: expiresAt(),
          host: hostname(),
          pid: dead,
        }),
      );
      const started = Date.now();
      const lease = await CommitLease.acquire(store, 'commit', {
        owner: 'me',
        waitMs: 2000,
      });
      expect(Date.now() - started).toBeLessThan(1000);
      await lease.assertHeld();
      await lease.release();
    });

    it('stays busy while a holder on another host has not expired', async () => {
      await store.putIfAbsent(
        '_leases/commit/000000000001.json',
        JSON.stringify({
          owner: 'remote',
          state: 'held',
          expiresAt: expiresAt(),
          host: 'another-host',
          pid: 1,
        }),
      );
      await expect(CommitLease.acquire(store, 'commit', { owner: 'me', waitMs: 300 })).rejects.toThrow(/held by remote/);
    });
  });
});
