import { hostname } from 'node:os';
import { LocalCatalogStore, createOpenLineageEmitter } from '@acad/catalog';
import { LocalQualityHistoryStore } from '@acad/quality';
import type { AcademicCalendar } from '@acad/schemas';
import { athenaBackend } from './athena-backend';
import { athenaLake, type AthenaLakeLocation, type AthenaLakeOptions } from './athena-lake';
import { createDataProtection, type KeyLocation } from './data-protection';
import { pipelineEngineFactory, type PipelineEngineLimits } from './pipeline-engine';
import type { ZoneContext, ZoneLogger } from './zone-context';
import { createZoneStores, type ZoneStoreLocation } from './zone-stores';

/**
 * What an app's composition root decided from its settings: where the zones and keys are (with
 * the AWS clients it built), which engine promotes batches, and the run's logger. Nothing here
 * is read from the environment.
 */
export interface ZoneContextChoice {
  home: string;
  s3?: ZoneStoreLocation['s3'];
  kms?: KeyLocation['kms'];
  /** ACAD_ENGINE=athena: batches are promoted, judged and built by Athena in this lake. */
  athena?: AthenaLakeLocation;
  /** Called with each Athena query's statistics (e.g. to publish its scanned bytes). */
  onQueryStatistics?: AthenaLakeOptions['onQueryStatistics'];
  engineLimits: PipelineEngineLimits;
  /** ACAD_OPENLINEAGE_URL: lineage events are posted there as well as kept under ACAD_HOME. */
  openLineageUrl?: string;
  calendar?: AcademicCalendar;
  logger: ZoneLogger;
  runId: string;
  onStep?: ZoneContext['onStep'];
}

/**
 * The zone context the ingestion worker and `acad ingest` run batches with: the same stores,
 * keys, engine, catalog, lineage and quality history for both, so a file lands the same way
 * whichever of them picks it up.
 */
export async function composeZoneContext(choice: ZoneContextChoice): Promise<ZoneContext> {
  const { home, runId } = choice;
  const stores = createZoneStores({ home, s3: choice.s3 });
  return {
    stores,
    openEngine: pipelineEngineFactory(choice.engineLimits),
    protection: await createDataProtection({ home, kms: choice.kms }, stores.platform),
    logger: choice.logger,
    owner: `${hostname()}:${process.pid}:${runId.slice(0, 8)}`,
    runId,
    qualityHistory: new LocalQualityHistoryStore(home),
    ...(choice.calendar ? { calendar: choice.calendar } : {}),
    catalog: {
      store: await LocalCatalogStore.open(home),
      lineage: createOpenLineageEmitter({ home, url: choice.openLineageUrl }),
    },
    ...(choice.athena ? { backend: athenaBackend(athenaLake(choice.athena, { onQueryStatistics: choice.onQueryStatistics })) } : {}),
    ...(choice.onStep ? { onStep: choice.onStep } : {}),
  };
}
