import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { LocalCatalogStore, createOpenLineageEmitter } from '@acad/catalog';
import { loadAcademicCalendar, type Settings } from '@acad/config';
import { LocalQualityHistoryStore } from '@acad/quality';
import { createDataProtection, createZoneStores, pipelineEngineFactory, type ZoneContext } from '@acad/zones';

/** What a run of landing files needs, chosen from settings as the ingestion worker chooses them. */
export async function runContext(settings: Settings): Promise<ZoneContext> {
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
  };
}
