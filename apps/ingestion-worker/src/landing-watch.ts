import type { BatchSummary, LandingFile, RefusedLandingEntry } from '@acad/zones';

/** Size and time of a landing file as one look saw it. */
function signature(file: LandingFile): string {
  return `${file.size}@${file.lastModified.getTime()}`;
}

/**
 * What `watch` runs from each look at landing.
 * - A file runs once two looks in a row saw it the same (size and modification time), so a
 *   copy still being written into landing is left alone until it is whole.
 * - A file that failed its quality gate stays in landing to be fixed (a rejected one has moved to the
 *   rejected area); it runs again only once it changes, rather than being reported again at every look.
 * - An entry landing refuses to read (a symbolic link) is reported once, until it goes away.
 */
export class LandingWatch {
  /** Key → signature at the last look. */
  private readonly seen = new Map<string, string>();
  /** Key → signature of the version that was rejected or failed. */
  private readonly leftAlone = new Map<string, string>();
  /** Refused entries already reported. */
  private readonly refused = new Set<string>();

  /** The refused entries of this look not reported before; one no longer there is forgotten. */
  newlyRefused(entries: readonly RefusedLandingEntry[]): RefusedLandingEntry[] {
    const listed = new Set(entries.map((e) => e.key));
    for (const key of [...this.refused]) if (!listed.has(key)) this.refused.delete(key);
    const fresh = entries.filter((e) => !this.refused.has(e.key));
    for (const entry of fresh) this.refused.add(entry.key);
    return fresh;
  }

  /** The files of this look that are ready to run. */
  ready(listing: readonly LandingFile[]): LandingFile[] {
    const ready = listing.filter((file) => {
      const now = signature(file);
      return this.seen.get(file.key) === now && this.leftAlone.get(file.key) !== now;
    });
    const listed = new Set(listing.map((f) => f.key));
    for (const key of [...this.seen.keys()]) if (!listed.has(key)) this.seen.delete(key);
    for (const key of [...this.leftAlone.keys()]) if (!listed.has(key)) this.leftAlone.delete(key);
    for (const file of listing) this.seen.set(file.key, signature(file));
    return ready;
  }

  /** After a run of `files`: the ones rejected or failed are left alone until they change. */
  ran(files: readonly LandingFile[], summaries: readonly BatchSummary[]): void {
    const byKey = new Map(files.map((f) => [f.key, f]));
    for (const summary of summaries) {
      const file = byKey.get(`${summary.dataset}/${summary.file}`);
      if (file && (summary.status === 'rejected' || summary.status === 'failed')) this.leftAlone.set(file.key, signature(file));
    }
  }
}
