import { statSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDbEngine } from '@acad/engine';
import { appendCommit, readSnapshot, type CommitEntry } from './commit-log';
import { buildServingSnapshots, builtServingSnapshots, CommitNotFound, removeServingFiles } from './build-serving-snapshots';
import { openServingSnapshot } from './serving-snapshot';
import { localZoneStores, tempDir } from './zone-fixture.test-support';
import type { ZoneStores } from './zone';

function commit(seq: number, fields: Partial<CommitEntry>): CommitEntry {
  return {
    seq,
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

const ALL = { 'trusted.attendance': 'SELECT * FROM trusted.attendance', 'curated.weekly': 'SELECT * FROM curated.weekly' };
const NARROW = { 'trusted.attendance': 'SELECT student FROM trusted.attendance', 'trusted.absent': 'SELECT 1 AS x' };

describe('buildServingSnapshots', () => {
  let home: Awaited<ReturnType<typeof tempDir>>;
  let stores: ZoneStores;
  let dir: string;

  beforeAll(async () => {
    home = await tempDir('acad-serving-');
    stores = localZoneStores(home.path);
    dir = join(home.path, 'serving');
    const writer = await DuckDbEngine.open({ mode: 'pipeline' });
    const trusted = join(home.path, 'zones', 'trusted');
    const curated = join(home.path, 'zones', 'curated');
    await writer.writeParquet(
      "SELECT range AS student, 'present' AS status FROM range(100)",
      join(trusted, 'attendance/m=1/part-1.parquet'),
    );
    await writer.writeParquet('SELECT 1 AS week, 100 AS students', join(curated, 'weekly/part-1.parquet'));
    await writer.writeParquet('SELECT 2 AS week, 7 AS students', join(curated, 'weekly/part-2.parquet'));
    await writer.close();
    await appendCommit(
      stores.platform,
      commit(1, { trusted: { 'm=1': ['attendance/m=1/part-1.parquet'] }, curated: { weekly: 'weekly/part-1.parquet' } }),
    );
    await appendCommit(stores.platform, commit(2, { kind: 'refresh', curated: { weekly: 'weekly/part-2.parquet' } }));
  });
  afterAll(() => home.remove());

  it('writes one read-only snapshot per audience, shares relation files, and keeps them private', async () => {
    const built = await buildServingSnapshots(stores, dir, 1, { server: ALL, admin: ALL, analyst: NARROW }, { threads: 1 });
    expect(built['admin']).toEqual(built['server']);
    expect(built['server'].relations).toEqual(['curated.weekly', 'trusted.attendance']);
    // A relation the lake does not hold is left out.
    expect(built['analyst'].relations).toEqual(['trusted.attendance']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const names = await readdir(dir);
    expect(names).toHaveLength(5); // 3 relation files (2 shared by server and admin) + 2 catalogs
    for (const name of names) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);

    const server = await openServingSnapshot(built['server'], { threads: 1 });
    const analyst = await openServingSnapshot(built['analyst'], { threads: 1 });
    try {
      expect(await server.engine.query('SELECT count(*) AS n, max(status) AS s FROM trusted.attendance')).toEqual([
        { n: 100, s: 'present' },
      ]);
      expect(await server.engine.query('SELECT * FROM curated.weekly')).toEqual([{ week: 1, students: 100 }]);
      expect(await analyst.engine.query('SELECT * FROM trusted.attendance LIMIT 1')).toEqual([{ student: 0 }]);
      await expect(analyst.engine.query('SELECT * FROM curated.weekly')).rejects.toThrow(/does not exist/);
      expect(analyst.engine.isLockedDown).toBe(true);
      await expect(analyst.engine.run('DROP VIEW trusted.attendance')).rejects.toThrow(/read-only/);
      await expect(server.engine.run('DELETE FROM curated.weekly')).rejects.toThrow(
        /read-only|cannot be modified|Can only delete from base table/,
      );
      const [file] = built['server'].databases.filter((d) => d.alias.startsWith('r_'));
      await expect(server.engine.run(`DELETE FROM ${file.alias}.main.relation`)).rejects.toThrow(/read-only/);
    } finally {
      await server.close();
      await analyst.close();
    }
  });

  it('reuses what a later commit did not change, and builds the lake as it stood at the commit asked for', async () => {
    const first = await buildServingSnapshots(stores, dir, 1, { server: ALL }, { threads: 1 });
    const mtimes = new Map((await readdir(dir)).map((n) => [n, statSync(join(dir, n)).mtimeMs]));
    const again = await buildServingSnapshots(stores, dir, 1, { server: ALL }, { threads: 1 });
    expect(again).toEqual(first);
    expect(builtServingSnapshots(await readSnapshot(stores.platform, { upTo: 1 }), dir, { server: ALL })).toEqual(first);
    expect(
      builtServingSnapshots(await readSnapshot(stores.platform, { upTo: 1 }), dir, { other: { 'trusted.attendance': 'SELECT 1' } }),
    ).toBeUndefined();
    for (const [name, mtime] of mtimes) expect(statSync(join(dir, name)).mtimeMs).toBe(mtime);

    const second = await buildServingSnapshots(stores, dir, 2, { server: ALL }, { threads: 1 });
    const paths = (s: typeof second) => s['server'].databases.map((d) => d.path);
    // The refresh changed curated.weekly only: trusted.attendance's file is the same one.
    expect(paths(second).filter((p) => paths(first).includes(p))).toHaveLength(1);
    const lake = await openServingSnapshot(second['server']);
    expect(await lake.engine.query('SELECT * FROM curated.weekly')).toEqual([{ week: 2, students: 7 }]);
    await lake.close();
    await expect(buildServingSnapshots(stores, dir, 3, { server: ALL })).rejects.toBeInstanceOf(CommitNotFound);
  });

  it('removes files nobody keeps and temporary files of builders that died', async () => {
    const current = await buildServingSnapshots(stores, dir, 2, { server: ALL }, { threads: 1 });
    const dead = join(dir, '.build-999999999-abcdef.duckdb');
    const live = join(dir, `.build-${process.pid}-abcdef.duckdb`);
    writeFileSync(dead, '');
    writeFileSync(live, '');
    const keep = new Set(current['server'].databases.map((d) => d.path));
    const removed = await removeServingFiles(dir, keep);
    expect(removed).toContain('.build-999999999-abcdef.duckdb');
    expect((await readdir(dir)).sort()).toEqual(
      [...keep]
        .map((p) => p.slice(dir.length + 1))
        .concat(live.slice(dir.length + 1))
        .sort(),
    );
  });
});
