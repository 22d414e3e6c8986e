import type { ObjectStore } from '@acad/storage';
import type { BatchSummary } from './batch-summary';

const LOG_PREFIX = '_log/';

/** One committed batch: the manifest that makes its files visible (PRODUCT.md §3). */
export interface CommitEntry {
  seq: number;
  /** A batch of a dataset, or a refresh of curated products that earlier batches left stale. */
  kind?: 'batch' | 'refresh';
  dataset: string;
  batchId: string;
  file: string;
  contentSha256: string;
  committedAt: string;
  runId: string;
  rows: BatchSummary['rows'];
  quality: BatchSummary['quality'];
  /** Keys in the raw zone written by this batch. */
  raw: string[];
  /** Keys in the quarantine zone written by this batch. */
  quarantine: string[];
  /**
   * Trusted partitions this batch changed: partition path → the partition's files now, in order
   * (empty: the partition was emptied). Entries of earlier versions hold one key or null.
   */
  trusted: Record<string, readonly string[] | string | null>;
  /** Curated products this batch rebuilt: product → key now current. */
  curated: Record<string, string>;
  /** Products that read this dataset but were not rebuilt (a later batch or refresh will). */
  curatedStale?: string[];
  /**
   * 2 from the entries that bind each sealed object to its identity (`sealedObjectContext`) and
   * record `sha256`; left out by earlier entries, whose objects are bound to dataset and zone only.
   */
  format?: typeof COMMIT_FORMAT;
  /**
   * SHA-256 (hex) of every data file this entry wrote, by `<zone>/<key>`: trusted and curated
   * Parquet files as stored, sealed objects by their envelope digest (which a key rewrap keeps).
   * Checked whenever a file is read (`acad verify` checks them all). Files Athena wrote by CTAS
   * are not listed: their bytes never pass through the worker.
   */
  sha256?: Record<string, string>;
}

/** The commit entry format written now (see `CommitEntry.format`). */
export const COMMIT_FORMAT = 2;

/**
 * Batches committed together by one log object, atomically: every batch of the group is visible,
 * or none is. Each batch keeps its own manifest (rows, raw, quarantine); the group's trusted and
 * curated changes are carried by the last one. Replay expands a group into its batches.
 */
export interface CommitGroup {
  seq: number;
  kind: 'group';
  batches: CommitEntry[];
}

/** One object of the commit log. */
export type LogRecord = CommitEntry | CommitGroup;

/** What is visible after replaying the log: only committed files. */
export interface LakeSnapshot {
  seq: number;
  entries: CommitEntry[];
  /** dataset → partition path → its trusted files (never empty). */
  trusted: Map<string, Map<string, readonly string[]>>;
  /** product → curated key. */
  curated: Map<string, string>;
  /** Products behind trusted: a batch since their last build left them stale. */
  staleCurated: Set<string>;
  /** `<zone>/<key>` → the SHA-256 its commit recorded, for every file an entry listed in `sha256`. */
  sha256: Map<string, string>;
}

export function logKey(seq: number): string {
  return `${LOG_PREFIX}${String(seq).padStart(12, '0')}.json`;
}

// Log entries never change once written, so a process may keep them.
const entryCache = new Map<string, CommitEntry[]>();

/**
 * Replays the commit log of the platform store into the visible state of the lake; with `upTo`,
 * the state as it was once commit `upTo` was made (later entries are left out).
 */
export async function readSnapshot(platform: ObjectStore, options: { upTo?: number } = {}): Promise<LakeSnapshot> {
  const keys: string[] = [];
  for await (const info of platform.listAll(LOG_PREFIX)) {
    if (info.key.endsWith('.json') && (options.upTo === undefined || info.key <= logKey(options.upTo))) keys.push(info.key);
  }
  keys.sort();
  const entries: CommitEntry[] = [];
  for (const key of keys) {
    const cacheKey = `${platform.location}|${key}`;
    let batches = entryCache.get(cacheKey);
    if (!batches) {
      const record = JSON.parse((await platform.getBytes(key)).toString('utf8')) as LogRecord;
      batches = record.kind === 'group' ? record.batches : [record];
      entryCache.set(cacheKey, batches);
    }
    entries.push(...batches);
  }
  const snapshot: LakeSnapshot = { seq: 0, entries, trusted: new Map(), curated: new Map(), staleCurated: new Set(), sha256: new Map() };
  for (const entry of entries) {
    snapshot.seq = Math.max(snapshot.seq, entry.seq);
    for (const [file, hash] of Object.entries(entry.sha256 ?? {})) snapshot.sha256.set(file, hash);
    if (entry.kind !== 'refresh') {
      const partitions = snapshot.trusted.get(entry.dataset) ?? new Map<string, readonly string[]>();
      for (const [partition, value] of Object.entries(entry.trusted)) {
        const files = partitionFiles(value);
        if (files.length === 0) partitions.delete(partition);
        else partitions.set(partition, files);
      }
      snapshot.trusted.set(entry.dataset, partitions);
    }
    for (const product of entry.curatedStale ?? []) snapshot.staleCurated.add(product);
    for (const [product, key] of Object.entries(entry.curated)) {
      snapshot.curated.set(product, key);
      snapshot.staleCurated.delete(product);
    }
  }
  return snapshot;
}

/** A commit entry's files of one trusted partition, whichever version wrote the entry. */
export function partitionFiles(value: readonly string[] | string | null | undefined): readonly string[] {
  if (value === null || value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** The SHA-256 the commit log recorded for a zone's file, or undefined (an entry from before hashes, or a file Athena wrote). */
export function recordedSha256(snapshot: LakeSnapshot, zone: string, key: string): string | undefined {
  return snapshot.sha256.get(`${zone}/${key}`);
}

/** Every trusted file of a dataset in the snapshot. */
export function datasetFiles(snapshot: LakeSnapshot, dataset: string): string[] {
  return [...(snapshot.trusted.get(dataset)?.values() ?? [])].flat();
}

export function findBatch(snapshot: LakeSnapshot, dataset: string, batchId: string): CommitEntry | undefined {
  return snapshot.entries.find((e) => e.kind !== 'refresh' && e.dataset === dataset && e.batchId === batchId);
}

/**
 * Commits a batch, or a group of batches: a put-if-absent of the next log object. False when
 * another commit took that place.
 */
export async function appendCommit(platform: ObjectStore, record: LogRecord): Promise<boolean> {
  return platform.putIfAbsent(logKey(record.seq), JSON.stringify(record, null, 2), { contentType: 'application/json' });
}

/** An "as at" the commit log cannot answer: before the first commit, after the last, or not a date or a commit number. */
export class AsOfUnavailable extends Error {
  readonly code = 'AS_OF_UNAVAILABLE';
  constructor(
    readonly asOf: string,
    problem: string,
  ) {
    super(`Cannot read the lake as at ${asOf}: ${problem}`);
    this.name = 'AsOfUnavailable';
  }
}

/**
 * The commit that answers "as at `asOf`": a commit number (`42`), a day (`2025-10-01`, the state at
 * the end of that day, UTC) or a moment (`2025-10-01T09:00:00Z`) — the last commit made by then.
 * A day not yet begun or a moment not yet come is refused: the lake as at then is not known.
 */
export async function resolveAsOf(platform: ObjectStore, asOf: string, now: Date = new Date()): Promise<number> {
  const { seq, entries } = await readSnapshot(platform);
  if (/^\d+$/.test(asOf)) {
    const n = Number(asOf);
    if (n < 1 || n > seq) throw new AsOfUnavailable(asOf, seq === 0 ? 'the lake has no commit yet' : `commits run from 1 to ${seq}`);
    return n;
  }
  const day = /^\d{4}-\d{2}-\d{2}$/.test(asOf);
  const moment = new Date(day ? `${asOf}T23:59:59.999Z` : asOf);
  if (Number.isNaN(moment.getTime()))
    throw new AsOfUnavailable(asOf, 'expected a commit number, a day (2025-10-01) or a moment (2025-10-01T09:00:00Z)');
  // A day that has begun may be asked for (its commits so far); a later one is not known yet.
  if ((day ? new Date(`${asOf}T00:00:00.000Z`) : moment).getTime() > now.getTime())
    throw new AsOfUnavailable(asOf, `it is in the future (now is ${now.toISOString()})`);
  const until = moment.toISOString();
  const made = entries.filter((e) => e.committedAt <= until);
  if (made.length === 0)
    throw new AsOfUnavailable(
      asOf,
      entries.length ? `the first commit was made at ${entries[0].committedAt}` : 'the lake has no commit yet',
    );
  return Math.max(...made.map((e) => e.seq));
}
