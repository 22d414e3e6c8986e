import { randomUUID } from 'node:crypto';
import { qualifiedName, type BatchRecord, type CatalogEntry } from './catalog-entry';
import type { CatalogStore } from './catalog-store';
import type { RecordContractOptions, RecordContractResult } from './contract-history';
import type { OpenLineageEmitter } from './openlineage-emitter';
import type { Promotion } from './promotion';
import { withBatch, withUpserts } from './catalog-state-changes';
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
    const alreadyRecorded = (await catalog.findBatches(dataset, [promotion.batchId])).get(promotion.batchId)?.status === 'committed';
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
 * Records the committed promotions of one group commit, in order, as `recordPromotion` would
 * one after another, but with one contract check, one catalog change and one append of their
 * lineage events: the per-batch cost of the catalog does not grow with the group.
 */
export async function recordPromotions(
  catalog: CatalogStore,
  lineage: OpenLineageEmitter,
  promotions: readonly Promotion[],
  options: Omit<RecordPromotionOptions, 'runId'> = {},
): Promise<RecordPromotionResult[]> {
  const uncommitted = promotions.find((p) => p.status !== 'committed');
  if (uncommitted) throw new Error(`recordPromotions records committed batches only; ${uncommitted.batchId} is ${uncommitted.status}`);
  if (promotions.length === 0) return [];
  const runs = promotions.map(() => ({ runId: randomUUID(), namespace: options.namespace }));
  // A retried batch already in the catalog is not counted again.
  const recorded = new Map<string, Map<string, BatchRecord>>();
  for (const name of new Set(promotions.map((p) => p.contract.name)))
    recorded.set(
      name,
      await catalog.findBatches(
        name,
        promotions.filter((p) => p.contract.name === name).map((p) => p.batchId),
      ),
    );
  const already = promotions.map((p) => recorded.get(p.contract.name)?.get(p.batchId)?.status === 'committed');
  // Each promotion's entries build on the catalog as the ones before it leave it.
  let state = await catalog.list();
  const planned = promotions.map((promotion, i) => {
    const entries = promotionEntries(promotion, new Map(state.map((e) => [qualifiedName(e), e] as const)));
    if (!already[i]) state = withBatch(withUpserts(state, entries), batchRecord(promotion, entries)) ?? withUpserts(state, entries);
    return entries;
  });
  await lineage.emitMany(promotions.map((promotion, i) => promotionRunEvent('START', promotion, planned[i], runs[i])));
  try {
    const contracts = new Map<string, RecordContractResult>();
    for (const promotion of promotions) {
      if (!contracts.has(promotion.contract.name))
        contracts.set(promotion.contract.name, await catalog.recordContract(promotion.contract, options.contract));
    }
    await catalog.recordBatches(
      promotions.flatMap((promotion, i) => (already[i] ? [] : [{ batch: batchRecord(promotion, planned[i]), entries: planned[i] }])),
    );
    await lineage.emitMany(promotions.map((promotion, i) => promotionRunEvent('COMPLETE', promotion, planned[i], runs[i])));
    return promotions.map((promotion, i) => ({
      runId: runs[i].runId,
      entries: planned[i].map(qualifiedName),
      contract: contracts.get(promotion.contract.name),
      alreadyRecorded: already[i],
    }));
  } catch (error) {
    await lineage.emitMany(
      promotions.map((promotion, i) => promotionRunEvent('FAIL', promotion, planned[i], runs[i], (error as Error).message)),
    );
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
