import { LocalCatalogStore, createOpenLineageEmitter } from '@acad/catalog';
import { loadSettings } from '@acad/config';
import { LocalQualityHistoryStore } from '@acad/quality';
import { createDataProtection, createZoneStores, initializeKeys, pipelineEngineFactory, type ZoneContext } from '@acad/zones';

// The bench measures the pipeline, not log writing.
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A ZoneContext over a fresh ACAD_HOME (its own local keyring), composed from the libraries
 * as the ingestion worker composes it: the local catalog with its lineage file and the quality
 * history are kept, as on every run; only the log is silent. DuckDB threads and memory limit
 * follow ACAD_DUCKDB_* when set.
 */
export async function benchZoneContext(home: string, runId: string, env: NodeJS.ProcessEnv = process.env): Promise<ZoneContext> {
  const settings = loadSettings({
    env: { ACAD_HOME: home, ACAD_DUCKDB_THREADS: env['ACAD_DUCKDB_THREADS'], ACAD_DUCKDB_MEMORY_LIMIT: env['ACAD_DUCKDB_MEMORY_LIMIT'] },
    // The home folder holds no acad.config.json: the bench never picks up a stray one.
    cwd: home,
  });
  const stores = createZoneStores({ home: settings.home });
  // The first-run step, as `npm start` takes it: a fresh home gets its keys, a used one keeps them.
  await initializeKeys({ home: settings.home }, stores);
  return {
    stores,
    catalog: { store: await LocalCatalogStore.open(settings.home), lineage: createOpenLineageEmitter({ home: settings.home }) },
    qualityHistory: new LocalQualityHistoryStore(settings.home),
    openEngine: pipelineEngineFactory(settings),
    // The local keyring under the bench's ACAD_HOME: raw encrypted at rest, identifiers tokenized.
    protection: await createDataProtection({ home: settings.home }, stores.platform),
    logger: silent,
    owner: `bench:${process.pid}`,
    runId,
  };
}
