import { UnknownDataset } from '@acad/schemas';
import { DatasetRejected, landFile, pendingLandingFiles, runLandingFile, type BatchSummary, type ZoneContext } from '@acad/zones';

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

/** Runs landing files one after another; a rejected file does not stop the others. */
export async function runPending(ctx: ZoneContext, files: Array<{ dataset: string; key: string }>, onDone?: () => void): Promise<BatchSummary[]> {
  const summaries: BatchSummary[] = [];
  for (const { dataset, key } of files) {
    const started = Date.now();
    try {
      summaries.push(await runLandingFile(ctx, dataset, key));
    } catch (error) {
      if (error instanceof DatasetRejected || error instanceof UnknownDataset) {
        ctx.logger.warn({ dataset, file: key, code: error.code }, error.message);
        summaries.push(rejected(dataset, key.split('/').pop() ?? key, error.message, started));
      } else {
        throw error;
      }
    } finally {
      onDone?.();
    }
  }
  return summaries;
}

/** `ingest <file...> --dataset <name>`: land the files, then run their batches. */
export async function ingestFiles(ctx: ZoneContext, dataset: string, paths: string[], onDone?: () => void): Promise<BatchSummary[]> {
  const landed: Array<{ dataset: string; key: string }> = [];
  for (const path of paths) landed.push({ dataset, key: await landFile(ctx.stores.landing, dataset, path) });
  return runPending(ctx, landed, onDone);
}

export { pendingLandingFiles };
