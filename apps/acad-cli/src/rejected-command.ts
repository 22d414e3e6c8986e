import type { Settings } from '@acad/config';
import { batchMetrics } from '@acad/monitoring';
import {
  discardRejectedFile,
  findRejectedFile,
  listRejectedFiles,
  restoreRejectedFile,
  runLandingFiles,
  type BatchSummary,
  type RejectionRecord,
} from '@acad/zones';
import { metricsSink, runContext, zoneStores } from './compose';

/** `acad rejected list`: files rejected whole, waiting in the rejected area, oldest first. */
export function listRejected(settings: Settings): Promise<RejectionRecord[]> {
  return listRejectedFiles(zoneStores(settings));
}

/** `acad rejected show <id>`. */
export function showRejected(settings: Settings, id: string): Promise<RejectionRecord> {
  return findRejectedFile(zoneStores(settings), id);
}

/** `acad rejected discard <id>`: the sealed file and its record deleted for good. */
export function discardRejected(settings: Settings, id: string): Promise<RejectionRecord> {
  return discardRejectedFile(zoneStores(settings), id);
}

/**
 * `acad rejected retry <id>`: the file goes back to landing as delivered (decrypted) and runs
 * as `ingest run` would run it, with its metrics and catalog record; rejected again, it returns
 * to the rejected area under the same id.
 */
export async function retryRejected(
  settings: Settings,
  id: string,
): Promise<{ record: RejectionRecord; summary: BatchSummary | undefined }> {
  const ctx = await runContext(settings);
  const record = await restoreRejectedFile(ctx, id);
  const metrics = metricsSink(settings);
  const [summary] = await runLandingFiles(ctx, [{ dataset: record.dataset, key: record.landingKey }], {
    onSummary: (s) => metrics.publish(batchMetrics(s, new Date())),
  });
  return { record, summary };
}
