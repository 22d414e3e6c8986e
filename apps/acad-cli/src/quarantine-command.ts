import type { Settings } from '@acad/config';
import { getContract } from '@acad/schemas';
import { quarantineSummary, type QuarantineSummary } from '@acad/zones';
import { dataProtection, openCommandEngine, zoneStores } from './compose';

export async function quarantineCommand(settings: Settings, dataset: string): Promise<QuarantineSummary> {
  getContract(dataset);
  const engine = await openCommandEngine(settings);
  try {
    const stores = zoneStores(settings);
    return await quarantineSummary(stores, await dataProtection(settings, stores), engine, dataset);
  } finally {
    await engine.close();
  }
}
