import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { LocalCatalogStore, createOpenLineageEmitter } from '@acad/catalog';
import { loadAcademicCalendar, type Settings } from '@acad/config';
import { batchMetrics, createMetricsSink } from '@acad/monitoring';
import { LocalQualityHistoryStore } from '@acad/quality';
import {
  athenaBackendFromSettings,
  createDataProtection,
  createZoneStores,
  discardRejectedFile,
  findRejectedFile,
  listRejectedFiles,
  pipelineEngineFactory,
  restoreRejectedFile,
  runLandingFiles,
  type BatchSummary,
  type RejectionRecord,
  type ZoneContext,
} from '@acad/zones';

/** `acad rejected list`: files rejected whole, waiting in the rejected area, oldest first. */
export function listRejected(settings: Settings): Promise<RejectionRecord[]> {
  return listRejectedFiles(createZoneStores(settings));
}

/** `acad rejected show <id>`. */
export function showRejected(settings: Settings, id: string): Promise<RejectionRecord> {
  return findRejectedFile(createZoneStores(settings), id);
}

/** `acad rejected discard <id>`: the sealed file and its record deleted for good. */
export function discardRejected(settings: Settings, id: string): Promise<RejectionRecord> {
  return discardRejectedFile(createZoneStores(settings), id);
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
  const metrics = createMetricsSink(settings).sink;
  const [summary] = await runLandingFiles(ctx, [{ dataset: record.dataset, key: record.landingKey }], {
    onSummary: (s) => metrics.publish(batchMetrics(s, new Date())),
  });
  return { record, summary };
}

/** What a run of landing files needs, chosen from settings as the ingestion worker chooses them. */
async function runContext(settings: Settings): Promise<ZoneContext> {
  const runId = randomUUID();
  const logDir = join(settings.home, 'logs');
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  const logger = pino(
    { name: 'acad-cli', level: settings.logLevel === 'silent' ? 'silent' : settings.logLevel, base: { runId } },
    pino.destination({ dest: join(logDir, 'acad-cli.log'), append: true, mkdir: true, sync: true }),
  );
  return {
    stores: createZoneStores(settings),
    openEngine: pipelineEngineFactory(settings),
    protection: createDataProtection(settings),
    logger,
    owner: `${hostname()}:${process.pid}:${runId.slice(0, 8)}`,
    runId,
    qualityHistory: new LocalQualityHistoryStore(settings.home),
    calendar: loadAcademicCalendar(settings),
    catalog: {
      store: await LocalCatalogStore.open(settings.home),
      lineage: createOpenLineageEmitter({ home: settings.home, url: settings.openLineageUrl }),
    },
    ...(settings.engine === 'athena' ? { backend: athenaBackendFromSettings(settings) } : {}),
  };
}
