// Run as a child process by local-catalog-store.spec.ts: `<home> <prefix> <count>` upserts
// `count` curated entries named `<prefix>_<i>` and records a batch for each, as fast as it can.
import { sampleBatch, sampleEntry } from './catalog-entry.test-support';
import { LocalCatalogStore } from './local-catalog-store';

async function writeMany(home: string, prefix: string, count: number): Promise<void> {
  const store = await LocalCatalogStore.open(home);
  for (let i = 0; i < count; i++) {
    await store.upsert(sampleEntry({ zone: 'curated', name: `${prefix}_${i}` }));
    await store.recordBatch(sampleBatch({ dataset: prefix, batchId: `${prefix}-${i}`, outputs: [`curated.${prefix}_${i}`] }));
  }
}

if (require.main === module) {
  const [home, prefix, count] = process.argv.slice(2);
  writeMany(home, prefix, Number(count)).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
