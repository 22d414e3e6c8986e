import { partitionFiles, readSnapshot, type CommitEntry, type LakeSnapshot } from './commit-log';
import { CommitLease } from './commit-lease';
import type { DataZone } from './zone';
import type { ZoneContext } from './zone-context';

/** How long the lake keeps what a reader "as at" an earlier date needs (a census date of last year). */
export const DEFAULT_RETENTION_DAYS = 400;

const DAY_MS = 24 * 60 * 60 * 1000;
const VACUUMED_ZONES = ['raw', 'quarantine', 'trusted', 'curated'] as const satisfies readonly DataZone[];

export interface VacuumOptions {
  /** Commits younger than this many days stay readable as at their time (default 400). */
  retentionDays?: number;
  /** Report what would go; remove nothing. */
  dryRun?: boolean;
}

export interface RemovedFile {
  zone: (typeof VACUUMED_ZONES)[number];
  key: string;
  bytes: number;
  /** `orphan`: no commit ever listed it (a batch stopped before its commit); `superseded`: replaced before the retention window. */
  why: 'orphan' | 'superseded';
}

export interface VacuumReport {
  /** The oldest moment still readable as at its time. */
  keepsFrom: string;
  retentionDays: number;
  dryRun: boolean;
  removed: RemovedFile[];
  bytes: number;
  /** Files that stay: listed by the current state or by a commit within the window. */
  kept: number;
}

/**
 * `acad vacuum`: removes the data files no committed state within the retention window needs.
 * A file stays when the lake's state at any moment of the window lists it: the state at the
 * window's start and every file a commit since then wrote. Raw and quarantine files stay as long
 * as any commit lists them (they are the record of what was delivered). The rest is either an
 * orphan — written by a batch that never committed (killed before its commit, or a failed gate on
 * an engine that left files) — or superseded before the window. The commit lease is held
 * throughout, so no batch is writing while files are judged; files are listed under it, so a
 * batch that commits later cannot lose anything.
 */
export async function vacuumLake(
  ctx: Pick<ZoneContext, 'stores' | 'owner' | 'now' | 'logger' | 'runId'>,
  options: VacuumOptions = {},
): Promise<VacuumReport> {
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  if (!Number.isFinite(retentionDays) || retentionDays < 0)
    throw new RangeError(`retention must be a number of days ≥ 0, not ${retentionDays}`);
  const now = ctx.now?.() ?? new Date();
  const keepsFrom = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  const lease = await CommitLease.acquire(ctx.stores.platform, 'commit', { owner: ctx.owner, ...(ctx.now ? { now: ctx.now } : {}) });
  try {
    const { entries } = await readSnapshot(ctx.stores.platform);
    // The lake as the window opened: the state after the last commit made before it (the log's own replay).
    const before = entries.filter((e) => e.committedAt < keepsFrom);
    const opened = before.length > 0 ? await readSnapshot(ctx.stores.platform, { upTo: Math.max(...before.map((e) => e.seq)) }) : undefined;
    const kept = keptReferences(entries, keepsFrom, opened);
    const listed = referencesOf(entries);
    const removed: RemovedFile[] = [];
    let keptFiles = 0;
    for (const zone of VACUUMED_ZONES) {
      for await (const info of ctx.stores[zone].listAll('')) {
        if (covers(kept[zone], info.key)) {
          keptFiles++;
          continue;
        }
        removed.push({ zone, key: info.key, bytes: info.size, why: covers(listed[zone], info.key) ? 'superseded' : 'orphan' });
      }
    }
    if (!options.dryRun) {
      for (const file of removed) {
        await lease.renew();
        await ctx.stores[file.zone].delete(file.key);
      }
    }
    const report: VacuumReport = {
      keepsFrom,
      retentionDays,
      dryRun: options.dryRun === true,
      removed,
      bytes: removed.reduce((n, f) => n + f.bytes, 0),
      kept: keptFiles,
    };
    ctx.logger.info(
      { removed: removed.length, bytes: report.bytes, dryRun: report.dryRun, retentionDays, runId: ctx.runId },
      'lake vacuumed',
    );
    return report;
  } finally {
    await lease.release();
  }
}

type References = Record<(typeof VACUUMED_ZONES)[number], Set<string>>;

const emptyReferences = (): References => ({ raw: new Set(), quarantine: new Set(), trusted: new Set(), curated: new Set() });

/** Every file or folder (Athena writes folders) an entry lists, by zone. */
function addEntry(refs: References, entry: CommitEntry): void {
  for (const key of entry.raw) refs.raw.add(key);
  for (const key of entry.quarantine) refs.quarantine.add(key);
  for (const value of Object.values(entry.trusted)) for (const key of partitionFiles(value)) refs.trusted.add(key);
  for (const key of Object.values(entry.curated)) refs.curated.add(key);
}

function referencesOf(entries: readonly CommitEntry[]): References {
  const refs = emptyReferences();
  for (const entry of entries) addEntry(refs, entry);
  return refs;
}

/**
 * What the window needs: the trusted and curated files of the lake as the window opened, every file
 * a commit inside the window listed, and every raw and quarantine file of any commit.
 */
function keptReferences(entries: readonly CommitEntry[], keepsFrom: string, opened: LakeSnapshot | undefined): References {
  const refs = emptyReferences();
  for (const entry of entries) {
    for (const key of entry.raw) refs.raw.add(key);
    for (const key of entry.quarantine) refs.quarantine.add(key);
    if (entry.committedAt >= keepsFrom) addEntry(refs, entry);
  }
  for (const partitions of opened?.trusted.values() ?? [])
    for (const files of partitions.values()) for (const key of files) refs.trusted.add(key);
  for (const key of opened?.curated.values() ?? []) refs.curated.add(key);
  return refs;
}

/** A key is covered by a listed key, or by a listed folder (ending in `/`) it lies in. */
function covers(refs: ReadonlySet<string>, key: string): boolean {
  if (refs.has(key)) return true;
  for (let i = key.lastIndexOf('/'); i > 0; i = key.lastIndexOf('/', i - 1)) if (refs.has(key.slice(0, i + 1))) return true;
  return false;
}
