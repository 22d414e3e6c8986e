import { buildCuratedModels } from './build-curated';
import { appendCommit, COMMIT_FORMAT, readSnapshot, type CommitEntry, type LakeSnapshot } from './commit-log';
import { CommitLease } from './commit-lease';
import { CURATED_MODELS, type CuratedModel } from './models/index';
import { PrivateStaging } from './private-staging';
import { uploadInto } from './batch-outputs';
import { stageTrustedFiles, trustedSelect } from './trusted-snapshot-files';
import type { ZoneContext } from './zone-context';
import { LeaseLost, UnknownCuratedProduct } from './zone-errors';

/**
 * Rebuilds the curated products that batches left stale (a run builds them once, with its
 * last file; a run that stopped early leaves them behind) and commits them as a refresh.
 * Returns the products rebuilt; none when nothing was stale.
 */
export async function refreshStaleCurated(ctx: ZoneContext): Promise<string[]> {
  if ((await readSnapshot(ctx.stores.platform)).staleCurated.size === 0) return [];
  return rebuildCuratedModels(ctx, (snapshot) => CURATED_MODELS.filter((m) => snapshot.staleCurated.has(m.name)));
}

/**
 * `acad curated rebuild [<product>]`: builds products in full from all of trusted (every
 * product, or the ones named) and commits them as a refresh, whatever batches refreshed
 * incrementally before. A product whose required inputs have no data yet is left out.
 */
export async function rebuildCurated(ctx: ZoneContext, products: readonly string[] = []): Promise<string[]> {
  const unknown = products.filter((name) => !CURATED_MODELS.some((m) => m.name === name));
  if (unknown.length > 0) throw new UnknownCuratedProduct(unknown);
  return rebuildCuratedModels(ctx, () => CURATED_MODELS.filter((m) => products.length === 0 || products.includes(m.name)));
}

/** Builds the models `choose` picks from the snapshot (read under the commit lease) and commits them as a refresh. */
async function rebuildCuratedModels(ctx: ZoneContext, choose: (snapshot: LakeSnapshot) => CuratedModel[]): Promise<string[]> {
  const staging = await PrivateStaging.create();
  const lease = await CommitLease.acquire(ctx.stores.platform, 'commit', { owner: ctx.owner, ...(ctx.now ? { now: ctx.now } : {}) });
  const engine = await ctx.openEngine({ tempDirectory: staging.path('spill') }).catch(async (error: unknown) => {
    await lease.release();
    throw error;
  });
  try {
    const snapshot = await readSnapshot(ctx.stores.platform);
    const models = choose(snapshot);
    if (models.length === 0) return [];
    const sources = new Map<string, string | null>();
    for (const input of new Set(models.flatMap((m) => m.inputs))) {
      const { files } = await stageTrustedFiles(snapshot, ctx.stores.trusted, staging, input.slice('trusted.'.length));
      sources.set(input, trustedSelect(files));
    }
    const built = await buildCuratedModels(engine, models, sources, (n) => staging.path(n));
    // A product whose required inputs have no data cannot be built yet: nothing to commit.
    if (built.size === 0) return [];
    const seq = snapshot.seq + 1;
    const entry: CommitEntry = {
      seq,
      kind: 'refresh',
      format: COMMIT_FORMAT,
      dataset: '',
      batchId: `refresh-${seq}`,
      file: '',
      contentSha256: '',
      committedAt: '',
      runId: ctx.runId,
      rows: { read: 0, accepted: 0, duplicates: 0, quarantined: 0 },
      quality: { passed: 0, warned: 0, failed: 0, score: 0 },
      raw: [],
      quarantine: [],
      trusted: {},
      curated: {},
      sha256: {},
    };
    for (const [product, { path }] of built)
      entry.curated[product] = await uploadInto(entry, 'curated', ctx.stores.curated, `${product}/part-refresh-${seq}.parquet`, path);
    await lease.renew();
    entry.committedAt = (ctx.now?.() ?? new Date()).toISOString();
    if (!(await appendCommit(ctx.stores.platform, entry))) throw new LeaseLost('commit');
    // The products it replaced stay for readers as at earlier commits, until `acad vacuum`.
    ctx.logger.info({ seq, products: Object.keys(entry.curated), runId: ctx.runId }, 'curated products refreshed');
    return Object.keys(entry.curated);
  } finally {
    await engine.close();
    await lease.release();
    await staging.dispose();
  }
}
