import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '@acad/monitoring';

export const HistoryEntrySchema = z.object({
  sql: z.string(),
  ranAt: z.string(),
  rows: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const SavedQuerySchema = z.object({
  id: z.string(),
  /** The user who saved it; only they may delete it. */
  owner: z.string(),
  title: z.string(),
  sql: z.string(),
  savedAt: z.string(),
});
export type SavedQuery = z.infer<typeof SavedQuerySchema>;

/** An id as `save` makes them: 16 URL-safe characters, so a shared link is not guessed. */
export const SAVED_QUERY_ID = /^[A-Za-z0-9_-]{16}$/;

export interface SqlWorkspaceLimits {
  /** Runs kept per user, newest first. */
  history: number;
  /** Saved queries a user may have. */
  savedPerUser: number;
}

/** A user already has as many saved queries as one may (409). */
export class TooManySavedQueries extends Error {
  readonly code = 'TOO_MANY_SAVED_QUERIES';
  readonly statusCode = 409;
  constructor(limit: number) {
    super(`You have ${limit} saved queries, as many as one may keep; delete one first.`);
    this.name = 'TooManySavedQueries';
  }
}

/**
 * The SQL page's per-user state under `<ACAD_HOME>/sql-workspace` (0700): each user's recent runs in
 * `history/<key>.json` and each saved query in `saved/<id>.json` (0600). A user's key is a hash of
 * their name, so no name becomes a path. Every change replaces its file atomically; changes to one
 * file are made one at a time, so two runs finishing together both stay in the history.
 */
export class SqlWorkspaceStore {
  private readonly dir: string;
  private readonly writes = new Map<string, Promise<unknown>>();

  constructor(
    home: string,
    private readonly limits: SqlWorkspaceLimits = { history: 50, savedPerUser: 100 },
  ) {
    this.dir = join(home, 'sql-workspace');
  }

  history(user: string): HistoryEntry[] {
    return z.array(HistoryEntrySchema).parse(this.read(this.historyFile(user)) ?? []);
  }

  /** Adds a run at the top of the user's history (an earlier run of the same text leaves), dropping the oldest beyond the limit. */
  remember(user: string, entry: HistoryEntry): Promise<void> {
    const file = this.historyFile(user);
    return this.serially(file, () => {
      const earlier = this.history(user).filter((e) => e.sql !== entry.sql);
      return this.write(file, [entry, ...earlier].slice(0, this.limits.history));
    });
  }

  /** The user's own saved queries, newest first. */
  savedBy(user: string): SavedQuery[] {
    return this.names(join(this.dir, 'saved'))
      .map((n) => this.find(n.slice(0, -'.json'.length)))
      .filter((q): q is SavedQuery => q?.owner === user)
      .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  find(id: string): SavedQuery | undefined {
    if (!SAVED_QUERY_ID.test(id)) return undefined;
    const found = this.read(join(this.dir, 'saved', `${id}.json`));
    return found === undefined ? undefined : SavedQuerySchema.parse(found);
  }

  async save(owner: string, title: string, sql: string, at = new Date()): Promise<SavedQuery> {
    const key = join(this.dir, 'saved');
    return this.serially(key, async () => {
      if (this.savedBy(owner).length >= this.limits.savedPerUser) throw new TooManySavedQueries(this.limits.savedPerUser);
      const query: SavedQuery = { id: randomBytes(12).toString('base64url'), owner, title, sql, savedAt: at.toISOString() };
      await this.write(join(key, `${query.id}.json`), query);
      return query;
    });
  }

  /** Deletes a saved query of `owner`'s; false when there is none by that id and owner. */
  async remove(owner: string, id: string): Promise<boolean> {
    const key = join(this.dir, 'saved');
    return this.serially(key, async () => {
      const query = this.find(id);
      if (query?.owner !== owner) return false;
      await rm(join(key, `${id}.json`), { force: true });
      return true;
    });
  }

  private historyFile(user: string): string {
    const key = createHash('sha256').update(user).digest('hex').slice(0, 32);
    return join(this.dir, 'history', `${key}.json`);
  }

  private serially<T>(key: string, change: () => Promise<T>): Promise<T> {
    const previous = this.writes.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(change);
    this.writes.set(key, next);
    void next
      .finally(() => {
        if (this.writes.get(key) === next) this.writes.delete(key);
      })
      .catch(() => undefined);
    return next;
  }

  private async write(file: string, value: unknown): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    await writeFileAtomically(file, `${JSON.stringify(value)}\n`);
  }

  private read(file: string): unknown {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private names(folder: string): string[] {
    try {
      return readdirSync(folder).filter((n) => n.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
