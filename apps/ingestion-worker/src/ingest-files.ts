import type { MetricsSink } from '@acad/monitoring';
import { assertReadableFile, landFile, runLandingFiles, type BatchSummary, type ZoneContext } from '@acad/zones';
import { batchMetrics } from './batch-metrics';

export interface WorkerContext extends ZoneContext {
  metrics: MetricsSink;
  /** Pushes the catalog to the Glue Data Catalog after a run (ACAD_CATALOG=glue). */
  syncCatalog?: () => Promise<void>;
  /** Runs one batch on another engine (ACAD_ENGINE=athena); left out: `runLandingFile` (embedded). */
  runBatch?: (ctx: ZoneContext, dataset: string, key: string) => Promise<BatchSummary>;
}

/** Runs landing files as one worker run (libs/zones `runLandingFiles`), publishing each batch's metrics. */
export async function runPending(
  ctx: WorkerContext,
  files: Array<{ dataset: string; key: string }>,
  onDone?: () => void,
): Promise<BatchSummary[]> {
  const summaries = await runLandingFiles(ctx, files, {
    ...(ctx.runBatch ? { runBatch: ctx.runBatch } : {}),
    onSummary: async (summary) => {
      onDone?.();
      await ctx.metrics.publish(batchMetrics(summary, new Date()));
    },
  });
  if (summaries.some((s) => s.status === 'committed')) await ctx.syncCatalog?.();
  return summaries;
}

/** `ingest <file...> --dataset <name>`: land the files, then run their batches. */
export async function ingestFiles(ctx: WorkerContext, dataset: string, paths: string[], onDone?: () => void): Promise<BatchSummary[]> {
  // Every file is checked before any is landed, so a bad path leaves every zone untouched.
  for (const path of paths) await assertReadableFile(path);
  const landed: Array<{ dataset: string; key: string }> = [];
  for (const path of paths) landed.push({ dataset, key: await landFile(ctx.stores.landing, dataset, path) });
  return runPending(ctx, landed, onDone);
}
