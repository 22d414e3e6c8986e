import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '@acad/config';
import { DuckDbEngine } from '@acad/engine';
import { appendCommit, createZoneStores, type CommitEntry, type ZoneStores } from '@acad/zones';
import { childProcessBuilder, ServingSnapshots } from '../serving/serving-snapshots';
import { QueryRunner, SandboxRefused } from './query-runner';

function refresh(seq: number, key: string): CommitEntry {
  return {
    seq,
    kind: 'refresh',
    dataset: 'attendance',
    batchId: `r${seq}`,
    file: '',
    contentSha256: '0'.repeat(64),
    committedAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
    runId: 'run',
    rows: { read: 0, accepted: 0, duplicates: 0, quarantined: 0 },
    quality: { passed: 0, warned: 0, failed: 0, score: 1 },
    raw: [],
    quarantine: [],
    trusted: {},
    curated: { attendance_weekly: key },
  };
}

async function until(check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

// One process for every query: jobs queue, and an idle process gives its snapshot back.
describe('QueryRunner with a pool of one', () => {
  let home: string;
  let stores: ZoneStores;
  let serving: ServingSnapshots;
  let runner: QueryRunner;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'acad-query-runner-'));
    const settings = loadSettings({ env: { ACAD_HOME: home }, cwd: home });
    stores = createZoneStores(settings);
    const writer = await DuckDbEngine.open({ mode: 'pipeline' });
    for (const n of [1, 2]) {
      await writer.writeParquet(`SELECT ${n} AS week, 10 * ${n} AS students`, join(home, 'zones', 'curated', `w/part-${n}.parquet`));
    }
    await writer.close();
    await appendCommit(stores.platform, refresh(1, 'w/part-1.parquet'));
    serving = new ServingSnapshots(stores, home, childProcessBuilder(settings), 0);
    runner = new QueryRunner(serving, { timeoutMs: 20_000, rowCap: 5, processes: 1, spares: 0, idleMs: 1000 });
  });
  afterAll(async () => {
    await runner.close();
    await serving.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('queues what the one process cannot run yet, and answers every user in turn', async () => {
    const answers = await Promise.all([
      runner.run('analyst', 'a', 'SELECT week FROM curated.attendance_weekly'),
      runner.run('registrar', 'b', 'SELECT students FROM curated.attendance_weekly'),
      runner.run('analyst', 'c', 'FROM range(100)'),
    ]);
    expect(answers.map((a) => [a.rows, a.truncated])).toEqual([
      [[[1]], false],
      [[[10]], false],
      [[[0], [1], [2], [3], [4]], true],
    ]);
    expect(answers[0].relations).toEqual(['curated.attendance_weekly']);
    await expect(runner.run('analyst', 'a', 'SELECT 1; SELECT 2')).rejects.toBeInstanceOf(SandboxRefused);
  }, 120_000);

  it('answers from a newer commit once it is built, and the files only the old one used go', async () => {
    const paths = async () => (await serving.current()).snapshots.analyst?.databases.map((d) => d.path) ?? [];
    const old = await paths();
    await appendCommit(stores.platform, refresh(2, 'w/part-2.parquet'));
    let week = 0;
    const end = Date.now() + 90_000;
    // Commit 2 builds in the background; commit 1 answers meanwhile.
    while (week !== 2 && Date.now() < end) {
      week = Number((await runner.run('analyst', 'a', 'SELECT week FROM curated.attendance_weekly')).rows[0][0]);
    }
    expect(week).toBe(2);
    const current = await paths();
    const stale = old.filter((p) => !current.includes(p));
    expect(stale.length).toBeGreaterThan(0);
    await until(() => stale.every((p) => !existsSync(p)));
    expect(current.every(existsSync)).toBe(true);
  }, 120_000);

  it('lets an idle process give its snapshot back, so the files of a replaced commit go without another query', async () => {
    const held = (await serving.current()).snapshots.analyst?.databases.map((d) => d.path) ?? [];
    expect((await runner.run('analyst', 'a', 'SELECT week FROM curated.attendance_weekly')).rows).toEqual([[2]]);
    await appendCommit(stores.platform, refresh(3, 'w/part-1.parquet'));
    const end = Date.now() + 90_000;
    while ((await serving.current()).seq !== 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    const current = (await serving.current()).snapshots.analyst?.databases.map((d) => d.path) ?? [];
    const replaced = held.filter((p) => !current.includes(p));
    expect(replaced.length).toBeGreaterThan(0);
    // No query runs: only the idle process letting go of commit 2 lets those files be removed.
    await until(() => replaced.every((p) => !existsSync(p)));
  }, 120_000);
});
