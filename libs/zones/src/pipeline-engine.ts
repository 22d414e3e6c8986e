import type { Settings } from '@acad/config';
import { DuckDbEngine } from '@acad/engine';
import type { ZoneContext } from './zone-context';

/** DuckDB's own memory budget for a batch when ACAD_DUCKDB_MEMORY_LIMIT is not set; it spills beyond. */
export const DEFAULT_PIPELINE_MEMORY_LIMIT = '1GB';

/** Opens pipeline engines as configured, bounded in memory and spilling to the batch's private folder. */
export function pipelineEngineFactory(settings: Settings): ZoneContext['openEngine'] {
  return ({ tempDirectory }) =>
    DuckDbEngine.open({
      mode: 'pipeline',
      threads: settings.duckdbThreads,
      memoryLimit: settings.duckdbMemoryLimit ?? DEFAULT_PIPELINE_MEMORY_LIMIT,
      tempDirectory,
    });
}
