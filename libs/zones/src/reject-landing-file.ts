import type { DatasetContract } from '@acad/schemas';
import type { StagedBatch } from './batch-backend';
import { emptyQuality, emptyRows, type BatchSummary } from './batch-summary';
import { recordInCatalog } from './record-in-catalog';
import { moveToRejected } from './rejected-files';
import type { ZoneContext } from './zone-context';
import type { DatasetRejected } from './zone-errors';

/** A staged batch (the life cycle's first phase) judged whole, with its dataset's contract and its run's start. */
export interface JudgedLandingFile extends StagedBatch {
  contract: DatasetContract;
  startedAt: string;
}

/**
 * How a run settles a file rejected whole, on any engine (PRODUCT.md §4): the file moves to the
 * rejected area with its reason (`moveToRejected`), the catalog records the rejection, and the
 * run goes on; the summary says why and where the file went.
 */
export async function rejectLandingFile(ctx: ZoneContext, file: JudgedLandingFile, error: DatasetRejected): Promise<BatchSummary> {
  const dataset = file.contract.name;
  ctx.logger.warn({ dataset, file: file.key, code: error.code, runId: ctx.runId }, error.message);
  await moveToRejected(ctx, {
    dataset,
    landingKey: file.key,
    fileName: file.fileName,
    stagedPath: file.stagedPath,
    version: file.version,
    batchId: file.batchId,
    contentSha256: file.contentSha256,
    problem: error.problem,
  });
  const summary: BatchSummary = {
    dataset,
    batchId: file.batchId,
    file: file.fileName,
    status: 'rejected',
    rows: emptyRows(),
    quality: emptyQuality(),
    durationMs: Date.now() - file.started,
    problem: error.message,
  };
  await recordInCatalog(ctx, { contract: file.contract, summary, startedAt: file.startedAt });
  return summary;
}
