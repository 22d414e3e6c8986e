import type { CuratedProductBuilt } from '@acad/catalog';
import { sqlIdent } from '@acad/schemas';
import type { BatchBackend, BackendRun, GatedBatch, GroupRun, ParsedBatch, PromotedBatch } from './batch-backend';
import type { CommitEntry } from './commit-log';
import { buildCuratedFor, sealBatchFiles, uploadInto, type BuiltProduct } from './batch-outputs';
import { gatePromotion } from './gate-batch-quality';
import { rawRecordsSelect } from './promote-landing-to-raw';
import { promoteRawToTrusted, type TrustedPromotion } from './promote-raw-to-trusted';
import { partitionFollowsKey, trustedDeletesKey, trustedKey } from './trusted-layout';
import { stageTrustedFiles } from './trusted-snapshot-files';

/**
 * The embedded engine (ACAD_ENGINE=duckdb): trusted merged in the worker from the trusted files
 * the batch may touch (`promoteRawToTrusted`), the gate measured there (`gatePromotion`), the
 * curated products refreshed there (`buildCuratedFor`: only the groups the batch touched), and new
 * files (data and delete files) uploaded one by one; the files a commit supersedes stay until `acad vacuum`. Every group
 * refreshes the products itself: an incremental refresh costs what the group brings, where a
 * product left stale for a run's last file would be rebuilt in full from the whole lake.
 */
export const DUCKDB_BACKEND: BatchBackend = {
  name: 'duckdb',
  groupsFiles: true,
  defersCurated: false,
  portableRaw: false,
  begin: (run) => new DuckDbRun(run),
};

class DuckDbRun implements BackendRun {
  private trusted: TrustedPromotion | undefined;
  private curated = new Map<string, BuiltProduct>();

  constructor(private readonly run: GroupRun) {}

  async promote(batches: readonly ParsedBatch[]) {
    const { ctx, contract, snapshot, staging, local, groupId } = this.run;
    const ids = batches.map((b) => b.batchId);
    const rawRelation = sqlIdent(`raw_group_${groupId}`);
    await local.run(`CREATE OR REPLACE TEMP VIEW ${rawRelation} AS ${rawRecordsSelect(batches)}`);
    const trusted = await promoteRawToTrusted({
      engine: local,
      contract,
      rawRelation,
      batchId: groupId,
      ...(ids.length > 1 ? { batches: ids } : {}),
      protection: ctx.protection,
      outputPath: (n) => staging.path(n),
      loadExisting: (partitions) =>
        stageTrustedFiles(snapshot, ctx.stores.trusted, staging, contract.name, partitionFollowsKey(contract) ? partitions : undefined),
    });
    this.trusted = trusted;
    return new Map(
      ids.map((id) => {
        const own = trusted.byBatch.get(id);
        return [id, { accepted: own?.accepted ?? 0, duplicates: own?.duplicates ?? 0, invalid: own?.invalid ?? 0 }];
      }),
    );
  }

  gate(batches: readonly PromotedBatch[]) {
    const { ctx, contract, snapshot, staging, local, groupId } = this.run;
    return gatePromotion({
      engine: local,
      contract,
      snapshot,
      stores: ctx.stores,
      staging,
      history: ctx.qualityHistory,
      calendar: ctx.calendar,
      trusted: this.promotion(),
      batchIds: batches.map((b) => b.batchId),
      unparseable: new Map(batches.map((b) => [b.batchId, b.raw.unparseable])),
      name: groupId,
    });
  }

  async buildCurated(): Promise<CuratedProductBuilt[]> {
    const { ctx, contract, snapshot, staging, local } = this.run;
    this.curated = await buildCuratedFor(local, snapshot, ctx, staging, contract, this.promotion());
    return [...this.curated.values()].map((b) => b.product);
  }

  seal(batch: GatedBatch) {
    return sealBatchFiles(this.run.ctx, this.run.contract.name, batch.batchId, {
      rawPath: batch.raw.rawPath,
      rejectsPath: batch.raw.rejectsPath,
      invalidPath: this.promotion().byBatch.get(batch.batchId)?.invalidPath,
    });
  }

  async write(carrier: CommitEntry) {
    const { ctx, contract, groupId } = this.run;
    for (const [partition, { kept, written, deletes }] of this.promotion().partitions) {
      // The partition's new file goes last: it is the one the catalog names.
      const files = [...kept];
      if (deletes !== null)
        files.push(await uploadInto(carrier, 'trusted', ctx.stores.trusted, trustedDeletesKey(contract.name, partition, groupId), deletes));
      if (written !== null)
        files.push(await uploadInto(carrier, 'trusted', ctx.stores.trusted, trustedKey(contract.name, partition, groupId), written));
      carrier.trusted[partition] = files;
    }
    for (const [product, { path }] of this.curated) {
      carrier.curated[product] = await uploadInto(carrier, 'curated', ctx.stores.curated, `${product}/part-${groupId}.parquet`, path);
    }
  }

  discard(): Promise<void> {
    // Nothing left private staging before the commit.
    return Promise.resolve();
  }

  /**
   * Nothing goes at the commit: the files it superseded stay for readers "as at" an earlier commit
   * (they read exact files from the log) until `acad vacuum` removes what the retention window no
   * longer needs.
   */
  committed(_carrier: CommitEntry): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    // The runner drops the batches' engine objects and closes the engine.
    return Promise.resolve();
  }

  private promotion(): TrustedPromotion {
    if (!this.trusted) throw new Error(`group ${this.run.groupId} of ${this.run.contract.name}: not promoted yet`);
    return this.trusted;
  }
}
