import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAVED_QUERY_ID, SqlWorkspaceStore, TooManySavedQueries } from './sql-workspace-store';

describe('SqlWorkspaceStore', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'acad-sql-store-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const run = (sql: string, rows = 1) => ({ sql, ranAt: new Date().toISOString(), rows, durationMs: 3 });

  it("keeps each user's latest runs, newest first, up to the limit, in 0600 files under a 0700 folder", async () => {
    const store = new SqlWorkspaceStore(home, { history: 3, savedPerUser: 5 });
    for (let i = 1; i <= 5; i++) await store.remember('ana', run(`select ${i}`));
    await store.remember('ben', run('select 42', 1));
    await store.remember('ben', run('select 42', 7));
    expect(store.history('ana').map((e) => e.sql)).toEqual(['select 5', 'select 4', 'select 3']);
    // The same text run again moves to the top, once.
    expect(store.history('ben').map((e) => [e.sql, e.rows])).toEqual([['select 42', 7]]);
    expect(store.history('nobody')).toEqual([]);
    expect(statSync(join(home, 'sql-workspace')).mode & 0o777).toBe(0o700);
    const files = readdirSync(join(home, 'sql-workspace', 'history'));
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(file).toMatch(/^[0-9a-f]{32}\.json$/);
      expect(statSync(join(home, 'sql-workspace', 'history', file)).mode & 0o777).toBe(0o600);
    }
  });

  it('loses no run when several finish at once', async () => {
    const store = new SqlWorkspaceStore(home);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.remember('ana', run(`select ${i}`))));
    expect(new Set(store.history('ana').map((e) => e.sql)).size).toBe(20);
  });

  it('saves queries under unguessable ids, lists them to their owner only, and lets only the owner delete', async () => {
    const store = new SqlWorkspaceStore(home);
    const first = await store.save('ana', 'Weekly rate', 'select 1', new Date('2026-01-01T00:00:00Z'));
    const second = await store.save('ana', 'Courses', 'select 2', new Date('2026-01-02T00:00:00Z'));
    await store.save('ben', 'Mine', 'select 3');
    expect(first.id).toMatch(SAVED_QUERY_ID);
    expect(first.id).not.toBe(second.id);
    expect(store.savedBy('ana').map((q) => q.title)).toEqual(['Courses', 'Weekly rate']);
    expect(store.find(first.id)).toEqual(first);
    expect(await store.remove('ben', first.id)).toBe(false);
    expect(store.find(first.id)).toEqual(first);
    expect(await store.remove('ana', first.id)).toBe(true);
    expect(store.find(first.id)).toBeUndefined();
    expect(JSON.parse(readFileSync(join(home, 'sql-workspace', 'saved', `${second.id}.json`), 'utf8'))).toEqual(second);
  });

  it('never turns an id into another path', () => {
    const store = new SqlWorkspaceStore(home);
    for (const id of ['../history/x', '..%2F..%2Fetc', 'a'.repeat(15), '/etc/passwd']) expect(store.find(id)).toBeUndefined();
  });

  it('refuses a save past the per-user limit, with a message for a person', async () => {
    const store = new SqlWorkspaceStore(home, { history: 50, savedPerUser: 2 });
    await store.save('ana', 'a', 'select 1');
    await store.save('ana', 'b', 'select 2');
    await expect(store.save('ana', 'c', 'select 3')).rejects.toThrow(TooManySavedQueries);
    await expect(store.save('ben', 'c', 'select 3')).resolves.toMatchObject({ owner: 'ben' });
  });
});
