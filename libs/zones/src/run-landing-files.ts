import { UnknownDataset } from '@acad/schemas';
import { ObjectNotFound } from '@acad/storage';
import { emptyQuality, emptyRows, type BatchSummary } from './batch-summary';
import { refreshStaleCurated } from './refresh-curated';
import { runLandingFile } from './run-landing-file';
import { SharedEngine } from './shared-engine';
import type { ZoneContext } from './zone-context';
import { DatasetRejected } from './zone-errors';

export interface RunLandingFilesOptions {
  /** Runs one batch on another engine (e.g. Athena); left out: `runLandingFile`. */
  runBatch?: (ctx: ZoneContext, dataset: string, key: string) => Promise<BatchSummary>;
  /** Called after each file, with its summary. */
  onSummary?: (summary: BatchSummary) => Promise<void> | void;
}

/**
 * Runs landing files one after another with one engine: a rejected file does not stop the
 * others. Curated products are rebuilt once per dataset, with its last file in the run;
 * anything left stale (that file was rejected, or an earlier run stopped) is refreshed at the end.
 */
export async function runLandingFiles(ctx: ZoneContext, files: ReadonlyArray<{ dataset: string; key: string }>, options: RunLandingFilesOptions = {}): Promise<BatchSummary[]> {
  const engine = new SharedEngine(ctx.openEngine);
  const run = { ...ctx, openEngine: engine.openEngine };
  const summaries: BatchSummary[] = [];
  const lastOfDataset = new Map(files.map(({ dataset }, i) => [dataset, i]));
  try {
    for (const [i, { dataset, key }] of files.entries()) {
      const started = Date.now();
      let summary: BatchSummary;
      try {
        summary = options.runBatch ? await options.runBatch(run, dataset, key) : await runLandingFile(run, dataset, key, { buildCurated: lastOfDataset.get(dataset) === i });
      } catch (error) {
        // Gone from landing since it was listed: another worker ran it (it commits, then removes it).
        if (error instanceof ObjectNotFound && error.key === key) {
          ctx.logger.info({ dataset, file: key }, 'landing file already taken by another worker');
          continue;
        }
        if (!(error instanceof DatasetRejected || error instanceof UnknownDataset)) throw error;
        ctx.logger.warn({ dataset, file: key, code: error.code }, error.message);
        summary = { dataset, batchId: '', file: key.split('/').pop() ?? key, status: 'rejected', rows: emptyRows(), quality: emptyQuality(), durationMs: Date.now() - started, problem: error.message };
      }
      summaries.push(summary);
      await options.onSummary?.(summary);
    }
    await refreshStaleCurated(run);
  } finally {
    await engine.dispose();
  }
  return summaries;
}
