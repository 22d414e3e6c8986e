import { loadSettings } from '@acad/config';
import { createDataProtection, createZoneStores, pipelineEngineFactory, type ZoneContext } from '@acad/zones';

// The bench measures the pipeline, not log writing.
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A ZoneContext over a fresh ACAD_HOME (its own local keyring), composed from the libraries
 * as an app would, with a silent logger. DuckDB threads and memory limit follow ACAD_DUCKDB_* when set.
 */
export function benchZoneContext(home: string, runId: string, env: NodeJS.ProcessEnv = process.env): ZoneContext {
  const settings = loadSettings({
    env: { ACAD_HOME: home, ACAD_DUCKDB_THREADS: env['ACAD_DUCKDB_THREADS'], ACAD_DUCKDB_MEMORY_LIMIT: env['ACAD_DUCKDB_MEMORY_LIMIT'] },
    // The home folder holds no acad.config.json: the bench never picks up a stray one.
    cwd: home,
  });
  return {
    stores: createZoneStores(settings),
    openEngine: pipelineEngineFactory(settings),
    // The local keyring under the bench's ACAD_HOME: raw encrypted at rest, identifiers tokenized.
    protection: createDataProtection(settings),
    logger: silent,
    owner: `bench:${process.pid}`,
    runId,
  };
}
