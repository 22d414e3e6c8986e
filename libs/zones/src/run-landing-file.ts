import type { BatchSummary } from './batch-summary';
import { runLandingGroup, type RunLandingOptions } from './run-landing-group';
import type { ZoneContext } from './zone-context';

export type RunLandingFileOptions = RunLandingOptions;

/**
 * Runs one landing file through raw, trusted and curated, and commits it as one batch: a group
 * of one (`runLandingGroup`). Data files are written first; the batch becomes visible only when
 * its commit-log entry is written (put-if-absent). Every step can be re-run after a crash with
 * the same result. A file that cannot be read throws DatasetRejected (it has moved to the
 * rejected area, and the catalog records the rejection); one that left landing before it was staged throws
 * ObjectNotFound (another worker took it).
 */
export async function runLandingFile(
  ctx: ZoneContext,
  dataset: string,
  landingKey: string,
  options: RunLandingFileOptions = {},
): Promise<BatchSummary> {
  const outcome = await runLandingGroup(ctx, dataset, [landingKey], options);
  const error = outcome.errors.get(landingKey);
  if (error) throw error;
  const summary = outcome.summaries.get(landingKey);
  if (!summary) throw new Error(`${landingKey}: the run of one file settled nothing`);
  return summary;
}
