import { DuckDbEngine } from '@acad/engine';
import type { ZoneContext } from './zone-context';

/** DuckDB's own memory budget for a batch when ACAD_DUCKDB_MEMORY_LIMIT is not set; it spills beyond. */
export const DEFAULT_PIPELINE_MEMORY_LIMIT = '1GB';

/** How big a pipeline engine may grow (ACAD_DUCKDB_THREADS, ACAD_DUCKDB_MEMORY_LIMIT). */
export interface PipelineEngineLimits {
  duckdbThreads?: number;
  duckdbMemoryLimit?: string;
}

/** Opens pipeline engines bounded in memory and spilling to the batch's private folder. */
export function pipelineEngineFactory(limits: PipelineEngineLimits): ZoneContext['openEngine'] {
  return ({ tempDirectory }) =>
    DuckDbEngine.open({
      mode: 'pipeline',
      threads: limits.duckdbThreads,
      memoryLimit: limits.duckdbMemoryLimit ?? DEFAULT_PIPELINE_MEMORY_LIMIT,
      tempDirectory,
    });
}
