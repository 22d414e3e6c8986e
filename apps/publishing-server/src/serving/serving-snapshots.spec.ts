import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '@acad/config';
import { DuckDbEngine } from '@acad/engine';
import { appendCommit, createZoneStores, type CommitEntry, type ZoneStores } from '@acad/zones';
import { childProcessBuilder, ServingSnapshots, ServingUnavailable, type ServingSet } from './serving-snapshots';

function commit(seq: number, fields: Partial<CommitEntry>): CommitEntry {
  return {
    seq,
    kind: 'refresh',
    dataset: 'attendance',
    batchId: `b${seq}`,
    file: `f${seq}.csv`,
    contentSha256: '0'.repeat(64),
    committedAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
    runId: 'run',
    rows: { read: 0, accepted: 0, duplicates: 0, quarantined: 0 },
    quality: { passed: 0, warned: 0, failed: 0, score: 1 },
    raw: [],
    quarantine: [],
    trusted: {},
    curated: {},
    ...fields,
  };
}

async function until(check: () => Promise<boolean>, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A lake of one curated product, written directly (every audience that may query sees it whole).
describe('ServingSnapshots', () => {
  let home: string;
  let stores: ZoneStores;
  let serving: ServingSnapshots;
  const weekly = (n: number) => `attendance_weekly/part-${n}.parquet`;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'acad-serving-'));
    const settings = loadSettings({ env: { ACAD_HOME: home }, cwd: home });
    stores = createZoneStores(settings);
    const writer = await DuckDbEngine.open({ mode: 'pipeline' });
    for (const n of [1, 2]) await writer.writeParquet(`SELECT ${n} AS week, 10 AS students`, join(home, 'zones', 'curated', weekly(n)));
    await writer.close();
    await appendCommit(stores.platform, commit(1, { curated: { attendance_weekly: weekly(1) } }));
    serving = new ServingSnapshots(stores, home, childProcessBuilder(settings), 0);
  });
  afterAll(async () => {
    await serving.close();
    rmSync(home, { recursive: true, force: true });
  });

  const files = (set: ServingSet, audience: 'server' | 'analyst') => {
    const snapshot = set.snapshots[audience];
    if (!snapshot) throw new Error(`no snapshot for ${audience}`);
    return snapshot;
  };
  const week = async (set: ServingSet, audience: 'server' | 'analyst') => {
    const engine = await DuckDbEngine.openReadOnly(files(set, audience).databases);
    try {
      return (await engine.query<{ week: number }>('SELECT week FROM curated.attendance_weekly'))[0].week;
    } finally {
      await engine.close();
    }
  };

  it('builds the first snapshots in a private folder and waits for them', async () => {
    const first = await serving.current();
    expect(first.seq).toBe(1);
    expect(Object.keys(first.snapshots).sort()).toEqual(['admin', 'analyst', 'registrar', 'server']);
    expect(await week(first, 'analyst')).toBe(1);
    expect(statSync(serving.dir).mode & 0o777).toBe(0o700);
    for (const name of await readdir(serving.dir)) expect(statSync(join(serving.dir, name)).mode & 0o777).toBe(0o600);
  });

  it('keeps serving the last snapshots while a newer commit builds, then removes what nobody holds', async () => {
    const first = await serving.current();
    const held = serving.hold(files(first, 'analyst'));
    await appendCommit(stores.platform, commit(2, { curated: { attendance_weekly: weekly(2) } }));
    // The commit is seen now; its build runs in the background and the old set answers meanwhile.
    expect((await serving.current()).seq).toBe(1);
    await until(async () => (await serving.current()).seq === 2);
    const second = await serving.current();
    expect(await week(second, 'server')).toBe(2);
    const gone = (set: ServingSet) =>
      files(set, 'server')
        .databases.map((d) => d.path)
        .filter((p) => !existsSync(p));
    const analystFiles = files(first, 'analyst').databases.map((d) => d.path);
    // Held files stay; the server's old catalog (the same as the analyst's here) too, until released.
    expect(analystFiles.every((p) => existsSync(p))).toBe(true);
    held();
    await until(async () => analystFiles.every((p) => !existsSync(p)));
    expect(gone(second)).toEqual([]);
  });

  it('reports a build that fails as ServingUnavailable, naming no data', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'acad-serving-broken-'));
    try {
      const settings = loadSettings({ env: { ACAD_HOME: broken }, cwd: broken });
      const brokenStores = createZoneStores(settings);
      await appendCommit(brokenStores.platform, commit(1, { curated: { attendance_weekly: weekly(9) } }));
      const failing = new ServingSnapshots(brokenStores, broken, childProcessBuilder(settings), 0);
      await expect(failing.current()).rejects.toBeInstanceOf(ServingUnavailable);
      await failing.close();
      expect((await readdir(join(broken, 'serving'))).filter((n) => n.startsWith('.build-'))).toEqual([]);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
