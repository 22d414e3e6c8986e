import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AttendanceContract, column } from '@acad/schemas';
import { qualifiedName } from './catalog-entry';
import { sampleBatch, sampleEntry } from './catalog-entry.test-support';
import { CatalogCorrupt, IncompatibleSchemaChange, InvalidCatalogRecord } from './catalog-errors';
import { catalogEntryFromContract } from './entry-from-contract';
import { LocalCatalogStore } from './local-catalog-store';

const run = promisify(execFile);

describe('LocalCatalogStore', () => {
  let home: string;
  let store: LocalCatalogStore;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'acad-catalog-'));
    store = await LocalCatalogStore.open(home, { now: () => new Date('2025-09-03T00:00:00Z') });
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  describe('entries', () => {
    it('starts empty under <home>/catalog', async () => {
      expect(store.folder).toBe(join(home, 'catalog'));
      expect(await store.list()).toEqual([]);
      expect(await store.get('trusted', 'attendance')).toBeUndefined();
    });

    it('upserts entries, lists them by qualified name and keeps the first createdAt', async () => {
      await store.upsert(sampleEntry({ zone: 'trusted', name: 'attendance' }));
      await store.upsert(sampleEntry({ zone: 'raw', name: 'attendance' }));
      await store.upsert(
        sampleEntry({
          zone: 'trusted',
          name: 'attendance',
          rowCount: 42,
          createdAt: '2025-09-05T00:00:00.000Z',
          updatedAt: '2025-09-05T00:00:00.000Z',
        }),
      );
      expect((await store.list()).map(qualifiedName)).toEqual(['raw.attendance', 'trusted.attendance']);
      expect(await store.get('trusted', 'attendance')).toMatchObject({
        rowCount: 42,
        createdAt: '2025-09-01T00:00:00.000Z',
        updatedAt: '2025-09-05T00:00:00.000Z',
      });
      // A second process opening the same home sees the same catalog.
      expect(await (await LocalCatalogStore.open(home)).get('trusted', 'attendance')).toEqual(await store.get('trusted', 'attendance'));
    });

    it('refuses an invalid entry with CATALOG_RECORD_INVALID naming the field, changing nothing', async () => {
      await store.upsert(sampleEntry());
      const before = await readFile(store.stateFile, 'utf8');
      const bad = sampleEntry({ upstream: ['attendance'] });
      await expect(store.upsert(bad)).rejects.toThrow(InvalidCatalogRecord);
      await expect(store.upsert(bad)).rejects.toMatchObject({
        code: 'CATALOG_RECORD_INVALID',
        message: expect.stringContaining('upstream.0'),
      });
      expect(await readFile(store.stateFile, 'utf8')).toBe(before);
    });

    it('upserts several entries in one change, or none when any is invalid', async () => {
      await store.upsertMany([
        sampleEntry({ zone: 'raw' }),
        sampleEntry({ zone: 'trusted', upstream: ['raw.attendance', 'landing:attendance/a.csv'] }),
      ]);
      expect((await store.list()).map((e) => `${e.zone}.${e.name}`)).toEqual(['raw.attendance', 'trusted.attendance']);
      const before = await readFile(store.stateFile, 'utf8');
      await expect(
        store.upsertMany([sampleEntry({ zone: 'curated', name: 'ok' }), sampleEntry({ zone: 'curated', name: 'Bad Name' })]),
      ).rejects.toThrow(InvalidCatalogRecord);
      expect(await readFile(store.stateFile, 'utf8')).toBe(before);
    });

    it('stores entries built from contracts, finds them by search and answers lineage', async () => {
      await store.upsert(
        catalogEntryFromContract(AttendanceContract, 'raw', { location: '/lake/raw/attendance', now: '2025-09-01T00:00:00Z' }),
      );
      await store.upsert(
        catalogEntryFromContract(AttendanceContract, 'trusted', { location: '/lake/trusted/attendance', now: '2025-09-01T00:00:00Z' }),
      );
      await store.upsert(
        sampleEntry({
          zone: 'curated',
          name: 'attendance_weekly',
          upstream: ['trusted.attendance'],
          columnLineage: { status: ['trusted.attendance.status'] },
        }),
      );
      expect((await store.search('tokenized')).map(qualifiedName)).toEqual(['trusted.attendance']);
      const lineage = await store.lineage('trusted.attendance');
      expect(lineage.upstream.children.map((n) => n.name)).toEqual(['raw.attendance']);
      expect(lineage.downstream.children.map((n) => n.name)).toEqual(['curated.attendance_weekly']);
      const columns = await store.columnLineage('curated.attendance_weekly.status');
      expect(columns.upstream.children[0]).toMatchObject({
        name: 'trusted.attendance.status',
        children: [{ name: 'raw.attendance.status', known: true, children: [] }],
      });
    });
  });

  describe('batches', () => {
    it("returns a dataset's batches newest first, once per batch id, up to a limit", async () => {
      await store.recordBatch(sampleBatch({ batchId: 'b1' }));
      await store.recordBatch(sampleBatch({ dataset: 'admissions', batchId: 'a1', outputs: [] }));
      await store.recordBatch(sampleBatch({ batchId: 'b2', status: 'rejected' }));
      await store.recordBatch(sampleBatch({ batchId: 'b2', status: 'committed' }));
      await store.recordBatch(sampleBatch({ batchId: 'b3' }));
      expect((await store.batches('attendance')).map((b) => [b.batchId, b.status])).toEqual([
        ['b3', 'committed'],
        ['b2', 'committed'],
        ['b1', 'committed'],
      ]);
      expect((await store.batches('attendance', { limit: 1 })).map((b) => b.batchId)).toEqual(['b3']);
      expect((await store.batches('admissions')).map((b) => b.batchId)).toEqual(['a1']);
    });

    it('finds given batches as last recorded, by dataset and id', async () => {
      await store.recordBatch(sampleBatch({ batchId: 'b2', status: 'rejected' }));
      await store.recordBatch(sampleBatch({ dataset: 'admissions', batchId: 'b2', status: 'rejected', outputs: [] }));
      await store.recordBatch(sampleBatch({ batchId: 'b2', status: 'committed' }));
      await store.recordBatch(sampleBatch({ batchId: 'b21' }));
      await store.recordBatch(sampleBatch({ batchId: 'b3' }));
      const found = await store.findBatches('attendance', ['b2', 'b21', 'b9']);
      expect([...found.keys()].sort()).toEqual(['b2', 'b21']);
      expect(found.get('b2')).toMatchObject({ dataset: 'attendance', batchId: 'b2', status: 'committed' });
      expect((await store.findBatches('admissions', ['b2'])).get('b2')).toMatchObject({ dataset: 'admissions', status: 'rejected' });
      expect((await store.findBatches('students', ['b2'])).size).toBe(0);
      expect((await store.findBatches('attendance', [])).size).toBe(0);
    });

    it('marks the outputs of a committed batch successful, and the dataset with its quality score', async () => {
      await store.upsert(sampleEntry({ zone: 'trusted', name: 'attendance' }));
      await store.upsert(sampleEntry({ zone: 'curated', name: 'attendance_weekly' }));
      await store.recordBatch(
        sampleBatch({ outputs: ['trusted.attendance', 'curated.attendance_weekly'], finishedAt: '2025-09-02T10:00:05.000Z' }),
      );
      await store.recordBatch(
        sampleBatch({
          batchId: 'late',
          status: 'rejected',
          finishedAt: '2025-09-04T00:00:00.000Z',
          quality: { passed: 0, warned: 0, failed: 3, score: 0 },
        }),
      );
      expect(await store.get('trusted', 'attendance')).toMatchObject({ lastSuccessAt: '2025-09-02T10:00:05.000Z', qualityScore: 0.95 });
      const weekly = await store.get('curated', 'attendance_weekly');
      expect(weekly?.lastSuccessAt).toBe('2025-09-02T10:00:05.000Z');
      expect(weekly?.qualityScore).toBeUndefined();
    });

    it('refuses an invalid batch without writing it', async () => {
      await expect(
        store.recordBatch(sampleBatch({ rows: { read: -1, accepted: 0, duplicates: 0, quarantined: 0 } })),
      ).rejects.toMatchObject({
        code: 'CATALOG_RECORD_INVALID',
      });
      expect(await store.batches('attendance')).toEqual([]);
    });
  });

  describe('contract history', () => {
    it('records versions, ignores a repeat and refuses an incompatible change unless forced with a migration', async () => {
      expect(await store.recordContract(AttendanceContract)).toEqual({ recorded: true, version: 1, changes: [] });
      expect(await store.recordContract(AttendanceContract)).toEqual({ recorded: false, version: 1, changes: [] });
      const v2 = { ...AttendanceContract, version: 2, columns: [...AttendanceContract.columns, column('room', 'text', 'Room.')] };
      expect((await store.recordContract(v2)).changes).toEqual([
        { column: 'room', kind: 'added-optional', detail: 'was added as optional' },
      ]);

      const v3 = { ...v2, version: 3, columns: v2.columns.filter((c) => c.name !== 'room') };
      await expect(store.recordContract(v3)).rejects.toThrow(IncompatibleSchemaChange);
      await expect(store.recordContract(v3)).rejects.toMatchObject({
        code: 'SCHEMA_INCOMPATIBLE',
        message: expect.stringContaining('"room"'),
      });
      expect((await store.contractHistory('attendance')).map((h) => h.version)).toEqual([1, 2]);

      await store.recordContract(v3, { force: true, migration: 'room dropped; old files keep it and readers ignore it' });
      const history = await store.contractHistory('attendance');
      expect(history.map((h) => [h.version, h.migration])).toEqual([
        [1, undefined],
        [2, undefined],
        [3, 'room dropped; old files keep it and readers ignore it'],
      ]);
      expect(history[2].recordedAt).toBe('2025-09-03T00:00:00.000Z');
      expect(await store.contractHistory('admissions')).toEqual([]);
    });
  });

  describe('crash safety', () => {
    it('ignores a batch line torn by a crash and appends cleanly after it', async () => {
      await store.recordBatch(sampleBatch({ batchId: 'b1' }));
      await appendFile(store.batchesFile, JSON.stringify(sampleBatch({ batchId: 'torn' })).slice(0, 60));
      expect((await store.batches('attendance')).map((b) => b.batchId)).toEqual(['b1']);
      await store.recordBatch(sampleBatch({ batchId: 'b2' }));
      expect((await store.batches('attendance')).map((b) => b.batchId)).toEqual(['b2', 'b1']);
    });

    it('ignores and cleans up a temp file left by a crash mid-write', async () => {
      await store.upsert(sampleEntry());
      const leftover = join(store.folder, 'catalog.json.4242.deadbeef0000.tmp');
      await writeFile(leftover, '{"formatVersion":1,"entries":[{"na');
      expect((await store.list()).map(qualifiedName)).toEqual(['trusted.attendance']);
      await LocalCatalogStore.open(home);
      expect((await readdir(store.folder)).sort()).toEqual(['catalog.json']);
      expect((await store.list()).map(qualifiedName)).toEqual(['trusted.attendance']);
    });

    it('reports a damaged catalog.json as CATALOG_CORRUPT instead of starting over', async () => {
      await store.upsert(sampleEntry());
      await writeFile(store.stateFile, '{"formatVersion":1,"entr');
      await expect(store.list()).rejects.toThrow(CatalogCorrupt);
      await expect(store.upsert(sampleEntry({ name: 'other' }))).rejects.toMatchObject({ code: 'CATALOG_CORRUPT' });
    });
  });

  describe('concurrency', () => {
    it('loses nothing when many async callers upsert and record at once', async () => {
      const other = await LocalCatalogStore.open(home);
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 ? store : other)
            .upsert(sampleEntry({ zone: 'curated', name: `product_${i}` }))
            .then(() => (i % 2 ? other : store).recordBatch(sampleBatch({ batchId: `b${i}`, outputs: [`curated.product_${i}`] }))),
        ),
      );
      expect(await store.list()).toHaveLength(30);
      expect(await store.batches('attendance')).toHaveLength(30);
      expect((await store.list()).every((e) => e.lastSuccessAt === '2025-09-02T10:00:05.000Z')).toBe(true);
    });

    it('loses nothing when two processes write the same catalog at once', async () => {
      const writer = join(__dirname, 'catalog-writer.test-support.ts');
      const tsx = require.resolve('tsx/cjs');
      const child = (prefix: string) => run(process.execPath, ['--require', tsx, writer, home, prefix, '15'], { timeout: 20_000 });
      await Promise.all([child('alpha'), child('beta'), store.upsert(sampleEntry({ zone: 'trusted', name: 'attendance' }))]);
      const names = (await store.list()).map(qualifiedName);
      expect(names).toHaveLength(31);
      for (let i = 0; i < 15; i++) expect(names).toEqual(expect.arrayContaining([`curated.alpha_${i}`, `curated.beta_${i}`]));
      expect(await store.batches('alpha')).toHaveLength(15);
      expect(await store.batches('beta')).toHaveLength(15);
      expect((await store.list()).filter((e) => e.zone === 'curated').every((e) => e.lastSuccessAt !== undefined)).toBe(true);
      expect(await readdir(store.folder)).not.toContain('catalog.lock');
    }, 30_000);
  });
});
