import { batchMetrics, type MetricsSink } from '@acad/monitoring';
import {
  assertReadableFile,
  landFiles,
  refusedSummary,
  runLandingFiles,
  type BatchSummary,
  type RefusedLandingEntry,
  type ZoneContext,
} from '@acad/zones';

export interface WorkerContext extends ZoneContext {
  metrics: MetricsSink;
  /** Pushes the catalog to the Glue Data Catalog after a run (ACAD_CATALOG=glue). */
  syncCatalog?: () => Promise<void>;
}

/** Runs landing files as one worker run (libs/zones `runLandingFiles`), publishing each batch's metrics. */
export async function runPending(
  ctx: WorkerContext,
  files: Array<{ dataset: string; key: string }>,
  onDone?: () => void,
): Promise<BatchSummary[]> {
  const summaries = await runLandingFiles(ctx, files, {
    onSummary: async (summary) => {
      onDone?.();
      await ctx.metrics.publish(batchMetrics(summary, new Date()));
    },
  });
  if (summaries.some((s) => s.status === 'committed')) await ctx.syncCatalog?.();
  return summaries;
}

/** Summaries of landing entries that are never read (links, unsafe keys), published like rejected files. */
export async function reportRefused(ctx: WorkerContext, refused: readonly RefusedLandingEntry[]): Promise<BatchSummary[]> {
  const summaries = refused.map(refusedSummary);
  for (const summary of summaries) {
    ctx.logger.warn(
      { dataset: summary.dataset, file: summary.file, code: 'LANDING_ENTRY_REFUSED', runId: ctx.runId },
      summary.problem ?? '',
    );
    await ctx.metrics.publish(batchMetrics(summary, new Date()));
  }
  return summaries;
}

/** `ingest <file...> --dataset <name>`: land the files, then run their batches. */
export async function ingestFiles(ctx: WorkerContext, dataset: string, paths: string[], onDone?: () => void): Promise<BatchSummary[]> {
  // Every file is checked before any is landed, so a bad path leaves every zone untouched.
  for (const path of paths) await assertReadableFile(path);
  const landed: Array<{ dataset: string; key: string }> = [];
  const refused: RefusedLandingEntry[] = [];
  for (const { key, refused: error } of await landFiles(ctx.stores.landing, dataset, paths)) {
    // Landing (or the dataset's folder in it) is a link out of the lake: that file is refused, the others run.
    if (error) refused.push({ dataset, key, why: `landing/${error.reason}` });
    else landed.push({ dataset, key });
  }
  return [...(await reportRefused(ctx, refused)), ...(await runPending(ctx, landed, onDone))];
}
