import { DATASET_CONTRACTS, UnknownDataset } from '@acad/schemas';
import { ObjectNotFound, ObjectPathRefused } from '@acad/storage';
import { emptyQuality, emptyRows, type BatchSummary } from './batch-summary';
import { refreshStaleCurated } from './refresh-curated';
import { runLandingGroup } from './run-landing-group';
import { SharedEngine } from './shared-engine';
import type { ZoneContext } from './zone-context';
import { DatasetRejected } from './zone-errors';

export interface RunLandingFilesOptions {
  /** Called after each file, with its summary. */
  onSummary?: (summary: BatchSummary) => Promise<void> | void;
}

/** Files up to this size may be promoted together (`runLandingGroup`); larger ones run alone. */
export const GROUP_FILE_BYTES = 8 * 1024 * 1024;
/** At most this many files, and this many bytes, are promoted together. */
export const GROUP_MAX_FILES = 250;
export const GROUP_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Runs landing files one after another with one engine: a rejected file does not stop the
 * others (it moves to the rejected area, and its summary says why). Consecutive small files of one dataset are promoted together as one group commit
 * (each still its own batch). Curated products are refreshed with each group (incrementally on
 * the embedded engine), or once per dataset with its last file where the backend defers them;
 * anything left stale (that file was rejected, or an earlier run stopped) is refreshed at the end.
 */
export async function runLandingFiles(
  ctx: ZoneContext,
  files: ReadonlyArray<{ dataset: string; key: string }>,
  options: RunLandingFilesOptions = {},
): Promise<BatchSummary[]> {
  const engine = new SharedEngine(ctx.openEngine);
  const run = { ...ctx, openEngine: engine.openEngine };
  const summaries: BatchSummary[] = [];
  const lastOfDataset = new Map(files.map(({ dataset }, i) => [dataset, i]));
  const isLast = (i: number) => lastOfDataset.get(files[i].dataset) === i;
  const report = async (summary: BatchSummary | undefined) => {
    if (!summary) return;
    summaries.push(summary);
    await options.onSummary?.(summary);
  };
  /** One file as its own batch; undefined when another worker took it. */
  const runAlone = async (i: number): Promise<BatchSummary | undefined> => {
    const { dataset, key } = files[i];
    const started = Date.now();
    const taken = () => {
      // Gone from landing since it was listed: another worker ran it (it commits, then removes it).
      ctx.logger.info({ dataset, file: key }, 'landing file already taken by another worker');
      return undefined;
    };
    try {
      // A group of one: its summary, rejected ones included, carries the file's batch id.
      const outcome = await runLandingGroup(run, dataset, [key], { buildCurated: isLast(i) });
      return outcome.summaries.get(key) ?? taken();
    } catch (error) {
      if (error instanceof ObjectNotFound && error.key === key) return taken();
      if (!(error instanceof DatasetRejected || error instanceof UnknownDataset)) throw error;
      ctx.logger.warn({ dataset, file: key, code: error.code }, error.message);
      return {
        dataset,
        batchId: '',
        file: key.split('/').pop() ?? key,
        status: 'rejected',
        rows: emptyRows(),
        quality: emptyQuality(),
        durationMs: Date.now() - started,
        problem: error.message,
      };
    }
  };
  try {
    // A file the store refuses (a link) has no size here: it runs alone, and its run reports the refusal.
    const sizeOf = async (key: string) => (await ctx.stores.landing.head(key).catch(refusedAsMissing))?.size;
    const groups = ctx.backend?.groupsFiles ?? true;
    const sizes = groups ? await Promise.all(files.map(({ key }) => sizeOf(key))) : [];
    for (let i = 0; i < files.length; i += 1) {
      const end = groups ? groupEnd(files, sizes, i) : i;
      if (end === i) {
        await report(await runAlone(i));
        continue;
      }
      const group = files.slice(i, end + 1).map((f) => f.key);
      const outcome = await runLandingGroup(run, files[i].dataset, group, { buildCurated: group.some((_, j) => isLast(i + j)) });
      for (let j = i; j <= end; j += 1) {
        const settled = outcome.summaries.get(files[j].key);
        await report(settled ?? (outcome.runAlone.includes(files[j].key) ? await runAlone(j) : undefined));
      }
      i = end;
    }
    await refreshStaleCurated(run);
  } finally {
    await engine.dispose();
  }
  return summaries;
}

function refusedAsMissing(error: unknown): undefined {
  if (error instanceof ObjectPathRefused) return undefined;
  throw error;
}

/** The index of the last file of the group starting at `start` (start itself: no group). */
function groupEnd(files: ReadonlyArray<{ dataset: string }>, sizes: ReadonlyArray<number | undefined>, start: number): number {
  const dataset = files[start].dataset;
  const small = (i: number) => sizes[i] !== undefined && (sizes[i] as number) <= GROUP_FILE_BYTES;
  if (!DATASET_CONTRACTS.some((c) => c.name === dataset) || !small(start)) return start;
  let end = start;
  let bytes = sizes[start] as number;
  while (end + 1 < files.length && end + 1 - start < GROUP_MAX_FILES && files[end + 1].dataset === dataset && small(end + 1)) {
    bytes += sizes[end + 1] as number;
    if (bytes > GROUP_MAX_BYTES) break;
    end += 1;
  }
  return end;
}
