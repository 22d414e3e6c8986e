import type { Settings } from '@acad/config';
import { DuckDbEngine } from '@acad/engine';
import { getContract } from '@acad/schemas';
import { createDataProtection, createZoneStores, quarantineSummary, type QuarantineSummary } from '@acad/zones';

export async function quarantineCommand(settings: Settings, dataset: string): Promise<QuarantineSummary> {
  getContract(dataset);
  const engine = await DuckDbEngine.open({ mode: 'pipeline', threads: settings.duckdbThreads, memoryLimit: settings.duckdbMemoryLimit });
  try {
    return await quarantineSummary(createZoneStores(settings), createDataProtection(settings), engine, dataset);
  } finally {
    await engine.close();
  }
}
