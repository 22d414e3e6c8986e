import { recordPromotion, recordPromotions, type CuratedProductBuilt, type Promotion } from '@acad/catalog';
import type { DatasetContract } from '@acad/schemas';
import type { BatchSummary } from './batch-summary';
import { partitionFiles, type CommitEntry } from './commit-log';
import type { ZoneContext } from './zone-context';
import { isDeleteFile } from './trusted-layout';

export interface BatchOutcome {
  contract: DatasetContract;
  summary: BatchSummary;
  startedAt: string;
  entry?: CommitEntry;
  curated?: CuratedProductBuilt[];
}

/**
 * Records a batch's outcome in the catalog and emits its OpenLineage events, when the context
 * has a catalog. The commit log stays the source of truth: a failure here is logged and
 * raised, and the batch stays committed.
 */
export async function recordInCatalog(ctx: ZoneContext, outcome: BatchOutcome): Promise<void> {
  if (!ctx.catalog) return;
  const { contract, summary } = outcome;
  try {
    await recordPromotion(ctx.catalog.store, ctx.catalog.lineage, promotionOf(ctx, outcome));
  } catch (error) {
    ctx.logger.error(
      {
        dataset: contract.name,
        batchId: summary.batchId,
        code: (error as { code?: string }).code,
      },
      `catalog not updated: ${(error as Error).message}`,
    );
    throw error;
  }
}

/** The committed batches of a group commit, recorded in order with one catalog change (`recordPromotions`). */
export async function recordGroupInCatalog(ctx: ZoneContext, outcomes: readonly BatchOutcome[]): Promise<void> {
  if (!ctx.catalog || outcomes.length === 0) return;
  try {
    await recordPromotions(
      ctx.catalog.store,
      ctx.catalog.lineage,
      outcomes.map((outcome) => promotionOf(ctx, outcome)),
    );
  } catch (error) {
    const batchIds = outcomes.map((o) => o.summary.batchId);
    ctx.logger.error(
      {
        dataset: outcomes[0].contract.name,
        batchIds,
        code: (error as { code?: string }).code,
      },
      `catalog not updated: ${(error as Error).message}`,
    );
    throw error;
  }
}

function promotionOf(ctx: ZoneContext, outcome: BatchOutcome): Promotion {
  const { contract, summary, entry } = outcome;
  return {
    contract,
    batchId: summary.batchId,
    file: summary.file,
    // The catalog knows committed, duplicate and rejected; a failed quality gate is a rejection there.
    status: summary.status === 'failed' ? 'rejected' : summary.status,
    rows: summary.rows,
    quality: summary.quality,
    startedAt: outcome.startedAt,
    finishedAt: entry?.committedAt || new Date().toISOString(),
    locations: {
      raw: ctx.stores.raw.location,
      quarantine: ctx.stores.quarantine.location,
      trusted: ctx.stores.trusted.location,
      curated: ctx.stores.curated.location,
    },
    // The catalog lists partitions: each touched one with its newest data file, or null when emptied.
    ...(entry
      ? {
          trustedPartitions: Object.fromEntries(
            Object.entries(entry.trusted).map(([p, v]) => [
              p,
              partitionFiles(v)
                .filter((f) => !isDeleteFile(f))
                .at(-1) ?? null,
            ]),
          ),
        }
      : {}),
    ...(outcome.curated ? { curated: outcome.curated } : {}),
    ...(summary.problem ? { problem: summary.problem } : {}),
    pipelineRunId: ctx.runId,
  };
}
