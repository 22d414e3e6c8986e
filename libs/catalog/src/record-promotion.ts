import { randomUUID } from 'node:crypto';
import { qualifiedName, type BatchRecord, type CatalogEntry } from './catalog-entry';
import type { CatalogStore } from './catalog-store';
import type { RecordContractOptions, RecordContractResult } from './contract-history';
import type { OpenLineageEmitter } from './openlineage-emitter';
import type { Promotion } from './promotion';
import { promotionEntries } from './promotion-entries';
import { promotionRunEvent } from './promotion-events';

export interface RecordPromotionOptions {
  /** OpenLineage run id (UUID); a new one by default. */
  readonly runId?: string;
  /** OpenLineage namespace of the job and datasets; default `acad`. */
  readonly namespace?: string;
  /** Passed to `recordContract`: `{ force: true, migration }` accepts an incompatible contract change. */
  readonly contract?: RecordContractOptions;
}

export interface RecordPromotionResult {
  readonly runId: string;
  /** Qualified names of the entries written (none for a duplicate or rejected batch). */
  readonly entries: readonly string[];
  readonly contract?: RecordContractResult;
  /** True when this committed batch was already in the catalog (a retry): nothing was counted twice. */
  readonly alreadyRecorded: boolean;
}

/**
 * Records one batch's promotion in the catalog and emits its OpenLineage START and COMPLETE
 * (or FAIL) events. Call it after the batch's outcome is known (after the commit, or after a
 * rejection). For a committed batch: records the contract version (an incompatible change is
 * refused, naming the column, and FAIL is emitted), upserts raw, quarantine, trusted and every
 * rebuilt curated entry in one atomic write, then records the batch. Safe to call again for the
 * same batch: counts are not added twice.
 */
export async function recordPromotion(
  catalog: CatalogStore,
  lineage: OpenLineageEmitter,
  promotion: Promotion,
  options: RecordPromotionOptions = {},
): Promise<RecordPromotionResult> {
  const runId = options.runId ?? randomUUID();
  const eventOptions = { runId, namespace: options.namespace };
  const dataset = promotion.contract.name;

  if (promotion.status !== 'committed') {
    await lineage.emit(promotionRunEvent('START', promotion, [], eventOptions));
    await catalog.recordBatch(batchRecord(promotion, []));
    await lineage.emit(promotionRunEvent(promotion.status === 'rejected' ? 'FAIL' : 'COMPLETE', promotion, [], eventOptions));
    return { runId, entries: [], alreadyRecorded: false };
  }

  const previous = new Map((await catalog.list()).map((e) => [qualifiedName(e), e] as const));
  const entries = promotionEntries(promotion, previous);
  await lineage.emit(promotionRunEvent('START', promotion, entries, eventOptions));
  try {
    const contract = await catalog.recordContract(promotion.contract, options.contract);
    const alreadyRecorded = (await catalog.batches(dataset)).some((b) => b.batchId === promotion.batchId && b.status === 'committed');
    if (!alreadyRecorded) {
      await catalog.upsertMany(entries);
      await catalog.recordBatch(batchRecord(promotion, entries));
    }
    await lineage.emit(promotionRunEvent('COMPLETE', promotion, entries, eventOptions));
    return { runId, entries: entries.map(qualifiedName), contract, alreadyRecorded };
  } catch (error) {
    await lineage.emit(promotionRunEvent('FAIL', promotion, entries, eventOptions, (error as Error).message));
    throw error;
  }
}

/**
 * Emits START and FAIL for a promotion that broke off with an error before it had an outcome
 * (the batch will be retried, so nothing is written to the catalog).
 */
export async function recordPromotionFailure(
  lineage: OpenLineageEmitter,
  promotion: Promotion,
  error: Error,
  options: Pick<RecordPromotionOptions, 'runId' | 'namespace'> = {},
): Promise<{ runId: string }> {
  const runId = options.runId ?? randomUUID();
  await lineage.emit(promotionRunEvent('START', promotion, [], { runId, namespace: options.namespace }));
  await lineage.emit(promotionRunEvent('FAIL', promotion, [], { runId, namespace: options.namespace }, error.message));
  return { runId };
}

function batchRecord(promotion: Promotion, outputs: readonly CatalogEntry[]): BatchRecord {
  const written = outputs.filter((e) => e.zone !== 'quarantine' || promotion.rows.quarantined > 0);
  return {
    dataset: promotion.contract.name,
    batchId: promotion.batchId,
    file: promotion.file,
    status: promotion.status,
    rows: { ...promotion.rows },
    quality: { ...promotion.quality },
    startedAt: promotion.startedAt,
    finishedAt: promotion.finishedAt,
    outputs: written.map(qualifiedName),
  };
}
