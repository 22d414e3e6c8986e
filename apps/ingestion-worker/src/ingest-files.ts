import { UnknownDataset } from '@acad/schemas';
import type { MetricsSink } from '@acad/monitoring';
import { ObjectNotFound } from '@acad/storage';
import { batchMetrics } from './batch-metrics';
import { DatasetRejected, SharedEngine, assertReadableFile, landFile, refreshStaleCurated, runLandingFile, type BatchSummary, type ZoneContext } from '@acad/zones';

/** A batch whose file was refused whole: reported, left in landing, nothing else touched. */
function rejected(dataset: string, file: string, problem: string, started: number): BatchSummary {
  return {
    dataset,
    batchId: '',
    file,
    status: 'rejected',
    rows: { read: 0, accepted: 0, duplicates: 0, quarantined: 0 },
    quality: { passed: 0, warned: 0, failed: 0, score: 0 },
    durationMs: Date.now() - started,
    problem,
  };
}

export interface WorkerContext extends ZoneContext {
  metrics: MetricsSink;
  /** Pushes the catalog to the Glue Data Catalog after a run (ACAD_CATALOG=glue). */
  syncCatalog?: () => Promise<void>;
  /** Runs one batch on another engine (ACAD_ENGINE=athena); left out: `runLandingFile` (embedded). */
  runBatch?: (ctx: ZoneContext, dataset: string, key: string) => Promise<BatchSummary>;
}

/**
 * Runs landing files one after another; a rejected file does not stop the others. Curated
 * products are rebuilt once per dataset, with its last file in the run; anything left stale
 * (that file was rejected, or an earlier run stopped) is refreshed at the end.
 */
export async function runPending(worker: WorkerContext, files: Array<{ dataset: string; key: string }>, onDone?: () => void): Promise<BatchSummary[]> {
  const engine = new SharedEngine(worker.openEngine);
  try {
    return await runWithEngine({ ...worker, openEngine: engine.openEngine }, files, onDone);
  } finally {
    await engine.dispose();
  }
}

async function runWithEngine(ctx: WorkerContext, files: Array<{ dataset: string; key: string }>, onDone?: () => void): Promise<BatchSummary[]> {
  const summaries: BatchSummary[] = [];
  const lastOfDataset = new Map(files.map(({ dataset }, i) => [dataset, i]));
  for (const [i, { dataset, key }] of files.entries()) {
    const started = Date.now();
    let summary: BatchSummary;
    try {
      summary = ctx.runBatch ? await ctx.runBatch(ctx, dataset, key) : await runLandingFile(ctx, dataset, key, { buildCurated: lastOfDataset.get(dataset) === i });
    } catch (error) {
      // Gone from landing since it was listed: another worker ran it (it commits, then removes it).
      if (error instanceof ObjectNotFound && error.key === key) {
        ctx.logger.info({ dataset, file: key }, 'landing file already taken by another worker');
        continue;
      }
      if (!(error instanceof DatasetRejected || error instanceof UnknownDataset)) throw error;
      ctx.logger.warn({ dataset, file: key, code: error.code }, error.message);
      summary = rejected(dataset, key.split('/').pop() ?? key, error.message, started);
    } finally {
      onDone?.();
    }
    summaries.push(summary);
    await ctx.metrics.publish(batchMetrics(summary, new Date()));
  }
  await refreshStaleCurated(ctx);
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

