import { getContract } from '@acad/schemas';
import { describeBuilt, type BuiltProduct } from './batch-outputs';
import { emptyQuality, type BatchSummary } from './batch-summary';
import { readSnapshot, type CommitEntry } from './commit-log';
import { stageCommittedFile } from './committed-files';
import { PrivateStaging } from './private-staging';
import { recordGroupInCatalog, type BatchOutcome } from './record-in-catalog';
import type { ZoneContext } from './zone-context';

export interface CatalogRebuild {
  /** Committed batches the catalog had no committed record of, now recorded (in commit order). */
  recorded: Array<{ seq: number; dataset: string; batchId: string; file: string }>;
  /** Committed batches the catalog already held. */
  alreadyRecorded: number;
  /** Products whose catalog entries were described again from their current committed file. */
  products: string[];
}

/**
 * `acad catalog rebuild`: the commit log is the truth and the catalog is written after it, so a
 * crash between the two writes (or a lost catalog) leaves committed batches the catalog does not
 * know. Each such batch is recorded as its run would have recorded it — entries, batch record and
 * OpenLineage events, in commit order, in one catalog change — and each product it rebuilt that is
 * still current is described from its committed file (checked against its recorded SHA-256).
 * Batches already recorded are left alone, so running it twice changes nothing.
 */
export async function rebuildCatalog(ctx: ZoneContext): Promise<CatalogRebuild> {
  if (!ctx.catalog) throw new Error('rebuildCatalog needs a catalog to write to');
  const snapshot = await readSnapshot(ctx.stores.platform);
  const batches = snapshot.entries.filter((e) => e.kind !== 'refresh' && e.dataset !== '');
  const missing: CommitEntry[] = [];
  for (const dataset of new Set(batches.map((e) => e.dataset))) {
    const own = batches.filter((e) => e.dataset === dataset);
    const recorded = await ctx.catalog.store.findBatches(
      dataset,
      own.map((e) => e.batchId),
    );
    missing.push(...own.filter((e) => recorded.get(e.batchId)?.status !== 'committed'));
  }
  missing.sort((a, b) => a.seq - b.seq);
  const result: CatalogRebuild = { recorded: [], alreadyRecorded: batches.length - missing.length, products: [] };
  if (missing.length === 0) return result;

  // Products are described from their current file only: a superseded one is gone, and a later entry lists the current.
  const current = new Map<string, string>();
  for (const entry of missing)
    for (const [product, key] of Object.entries(entry.curated)) if (snapshot.curated.get(product) === key) current.set(product, key);
  const staging = await PrivateStaging.create();
  try {
    let described = new Map<string, BuiltProduct>();
    if (current.size > 0) {
      const engine = await ctx.openEngine({ tempDirectory: staging.path('spill') });
      try {
        const built = new Map<string, { path: string; rows: number }>();
        for (const [product, key] of current) {
          const path = await stageCommittedFile(staging, snapshot, 'curated', ctx.stores.curated, key);
          const [{ n }] = await engine.query<{ n: number }>('SELECT count(*)::BIGINT AS n FROM read_parquet(?)', [path]);
          built.set(product, { path, rows: Number(n) });
        }
        described = await describeBuilt(engine, built);
      } finally {
        await engine.close();
      }
    }
    const outcomes: BatchOutcome[] = missing.map((entry) => {
      const summary: BatchSummary = {
        dataset: entry.dataset,
        batchId: entry.batchId,
        file: entry.file,
        status: 'committed',
        rows: entry.rows,
        quality: entry.quality ?? emptyQuality(),
        durationMs: 0,
      };
      const curated = Object.entries(entry.curated).flatMap(([product, key]) => {
        const built = snapshot.curated.get(product) === key ? described.get(product) : undefined;
        return built ? [built.product] : [];
      });
      return { contract: getContract(entry.dataset), summary, startedAt: entry.committedAt, entry, curated };
    });
    await recordGroupInCatalog(ctx, outcomes);
    result.recorded = missing.map((e) => ({ seq: e.seq, dataset: e.dataset, batchId: e.batchId, file: e.file }));
    result.products = [...described.keys()];
    ctx.logger.info({ recorded: missing.length, products: result.products, runId: ctx.runId }, 'catalog rebuilt from the commit log');
    return result;
  } finally {
    await staging.dispose();
  }
}
