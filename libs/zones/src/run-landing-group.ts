import { basename } from 'node:path';
import type { Engine } from '@acad/engine';
import { getContract, sqlIdent } from '@acad/schemas';
import { ObjectNotFound, ObjectPathRefused, type ObjectInfo } from '@acad/storage';
import { batchIdFor, hashFile } from './batch-id';
import { dropBatchObjects } from './batch-objects';
import { emptyQuality, emptyRows, type BatchSummary } from './batch-summary';
import { appendCommit, COMMIT_FORMAT, findBatch, readSnapshot, type CommitEntry, type LakeSnapshot } from './commit-log';
import { CommitLease } from './commit-lease';
import { gatePromotion, type QualityGate } from './gate-batch-quality';
import { detectFormat, type DetectedFormat } from './landing-format';
import { inLanes } from './in-lanes';
import { refusedSummary, removeLandingFile } from './land-file';
import { PrivateStaging } from './private-staging';
import { promoteLandingToRaw, type RawPromotion } from './promote-landing-to-raw';
import { promoteRawToTrusted } from './promote-raw-to-trusted';
import { recordGroupInCatalog, recordInCatalog } from './record-in-catalog';
import { rejectLandingFile } from './reject-landing-file';
import {
  assertBatchInvariant,
  buildableModels,
  buildCuratedFor,
  removeSuperseded,
  sealBatchFiles,
  uploadInto,
  type BuiltProduct,
} from './batch-outputs';
import { parquetSelect, stageTrustedFiles } from './trusted-snapshot-files';
import { partitionFollowsKey, trustedKey } from './trusted-layout';
import type { ZoneContext } from './zone-context';
import { DatasetRejected, LeaseLost } from './zone-errors';

export interface RunLandingOptions {
  /**
   * Rebuild the curated products that read this dataset (default). A run of several files
   * rebuilds them once, with its last file; batches before it leave them marked stale.
   */
  buildCurated?: boolean;
}

/** What a group run settled, and the files it hands back to be run one by one. */
export interface GroupOutcome {
  /** landing key → summary, for every file the group settled. */
  summaries: Map<string, BatchSummary>;
  /**
   * Files to run alone, in order: a quality gate failed (the group committed nothing), or the
   * file repeats the content of an earlier file of the group (alone, it is a duplicate, or meets
   * that file's fate).
   */
  runAlone: string[];
  /** landing key → why it was rejected (its summary says so too), or the error of a file another worker took first. */
  errors: Map<string, DatasetRejected | ObjectNotFound>;
}

interface Member {
  key: string;
  fileName: string;
  stagedPath: string;
  /** The landing file as it was staged: removed after the commit only if it still is. */
  version: ObjectInfo | undefined;
  contentSha256: string;
  batchId: string;
  started: number;
  detected?: DetectedFormat;
  raw?: RawPromotion;
  gate?: QualityGate;
  entry?: CommitEntry;
}

/** Files of a group staged, uploaded or removed at once: these wait mostly on storage. */
const IO_LANES = 4;

/**
 * Runs landing files of one dataset as one promotion, committed as one group: each file is its
 * own batch (its own raw, quarantine, row counts and quality gate), but trusted is merged and
 * written once and one log object commits them all, atomically (PRODUCT.md §3). This is how many
 * small deliveries keep up: the per-batch cost of a promotion is paid once per group. A group of
 * one file is how every file runs alone (`runLandingFile`).
 *
 * Data files are written first; the batches become visible only when the log object is written
 * (put-if-absent). Every step can be re-run after a crash with the same result. Files already
 * committed, or repeating an earlier file of the group, are duplicates; a file that cannot be
 * read is rejected and moves to the rejected area (`rejectLandingFile`). When a batch fails its quality gate nothing is
 * committed: a group of one settles it as `failed` (the file stays in landing to be fixed); a
 * larger group hands every file back to run alone, so each gets its own verdict.
 */
export async function runLandingGroup(
  ctx: ZoneContext,
  dataset: string,
  landingKeys: readonly string[],
  options: RunLandingOptions = {},
): Promise<GroupOutcome> {
  const began = Date.now();
  const startedAt = new Date(began).toISOString();
  const contract = getContract(dataset);
  const summaries = new Map<string, BatchSummary>();
  const errors = new Map<string, DatasetRejected | ObjectNotFound>();
  const step = (s: Parameters<NonNullable<ZoneContext['onStep']>>[0], m: { fileName: string }) =>
    ctx.onStep?.(s, { dataset, file: m.fileName });
  const staging = await PrivateStaging.create();
  let engine: Engine | undefined;
  let lease: CommitLease | undefined;
  let members: Member[] = [];
  // Later files with the content of an earlier member.
  const repeats: Member[] = [];
  // Batches whose objects may be in the engine.
  const opened: string[] = [];
  const settle = async (m: Member, summary: BatchSummary) => {
    summaries.set(m.key, summary);
    await recordInCatalog(ctx, { contract, summary, startedAt });
  };
  const summary = (m: Member, status: BatchSummary['status'], extra: Partial<BatchSummary> = {}): BatchSummary => ({
    dataset,
    batchId: m.batchId,
    file: m.fileName,
    status,
    rows: emptyRows(),
    quality: emptyQuality(),
    durationMs: Date.now() - m.started,
    ...extra,
  });
  const removeLanded = (m: Member) => removeLandingFile(ctx, dataset, m.key, m.version);
  const duplicate = async (m: Member) => {
    await removeLanded(m);
    await settle(m, summary(m, 'duplicate'));
  };
  const reject = async (m: Member, error: DatasetRejected) => {
    errors.set(m.key, error);
    summaries.set(m.key, await rejectLandingFile(ctx, { ...m, contract, startedAt }, error));
  };
  const outcome = (runAlone: readonly Member[]): GroupOutcome => ({ summaries, runAlone: runAlone.map((m) => m.key), errors });
  /** Members not yet committed by anyone: the rest are settled as duplicates. */
  const uncommitted = async (snapshot: LakeSnapshot) => {
    const left: Member[] = [];
    for (const m of members) {
      if (findBatch(snapshot, dataset, m.batchId)) await duplicate(m);
      else left.push(m);
    }
    return left;
  };
  try {
    const seen = new Set<string>();
    const staged = new Map<string, Member>();
    await inLanes(landingKeys, IO_LANES, async (key) => {
      const started = Date.now();
      const fileName = basename(key);
      step('stage', { fileName });
      let stagedPath: string;
      let version: ObjectInfo | undefined;
      try {
        version = await ctx.stores.landing.head(key);
        stagedPath = await staging.stage(ctx.stores.landing, key);
      } catch (error) {
        // A link put in landing: never followed, reported, left in place.
        if (error instanceof ObjectPathRefused) {
          summaries.set(key, refusedSummary({ dataset, key, why: `landing/${error.reason}` }));
          return;
        }
        // Gone from landing since it was listed: another worker ran it.
        if (!(error instanceof ObjectNotFound && error.key === key)) throw error;
        errors.set(key, error);
        return;
      }
      const contentSha256 = await hashFile(stagedPath);
      staged.set(key, { key, fileName, stagedPath, version, contentSha256, batchId: batchIdFor(dataset, contentSha256), started });
    });
    for (const key of landingKeys) {
      const m = staged.get(key);
      if (!m) continue;
      if (seen.has(m.batchId)) repeats.push(m);
      else members.push(m);
      seen.add(m.batchId);
    }
    members = await uncommitted(await readSnapshot(ctx.stores.platform));
    const readable: Member[] = [];
    for (const m of members) {
      m.detected = await detectFormat(m.stagedPath, m.fileName);
      if (m.detected) readable.push(m);
      else
        await reject(
          m,
          new DatasetRejected(dataset, m.fileName, 'unsupported file type: expected .csv, .tsv, .txt, .ndjson, .jsonl or .json'),
        );
    }
    members = readable;
    if (members.length === 0) return outcome(repeats);

    lease = await CommitLease.acquire(ctx.stores.platform, 'commit', { owner: ctx.owner, ...(ctx.now ? { now: ctx.now } : {}) });
    // Another worker may have committed some of them while we waited for the lease.
    const snapshot = await readSnapshot(ctx.stores.platform);
    members = await uncommitted(snapshot);
    if (members.length === 0) return outcome(repeats);
    await ctx.catalog?.store.recordContract(contract);

    engine = await ctx.openEngine({ tempDirectory: staging.path('spill') });
    const ingestedAt = (ctx.now?.() ?? new Date()).toISOString();
    // Files parse one after another on each of two connections when the engine has a second:
    // a small file's statements wait mostly on per-statement work, not on both cores.
    const rejected = new Map<Member, DatasetRejected>();
    const fork = members.length > 1 && engine.fork ? await engine.fork() : undefined;
    try {
      const engines = [engine, ...(fork ? [fork] : [])];
      await inLanes(members, engines.length, async (m, lane) => {
        step('raw', m);
        opened.push(m.batchId);
        try {
          m.raw = await promoteLandingToRaw({
            engine: engines[lane],
            contract,
            stagedPath: m.stagedPath,
            fileName: m.fileName,
            detected: m.detected as DetectedFormat,
            batchId: m.batchId,
            ingestedAt,
            outputPath: (n) => staging.path(n),
          });
        } catch (error) {
          if (!(error instanceof DatasetRejected)) throw error;
          rejected.set(m, error);
        }
      });
    } finally {
      // Its temporary objects (the files' views) go with it.
      await fork?.close();
    }
    const parsed: Member[] = [];
    for (const m of members) {
      const error = rejected.get(m);
      if (error) await reject(m, error);
      else parsed.push(m);
    }
    members = parsed;
    if (members.length === 0) return outcome(repeats);

    // The group's objects and new trusted files are named after its last batch.
    const last = members[members.length - 1];
    const groupId = last.batchId;
    const ids = members.map((m) => m.batchId);
    const rawRelation = sqlIdent(`raw_group_${groupId}`);
    await engine.run(`CREATE OR REPLACE TEMP VIEW ${rawRelation} AS ${parquetSelect(members.map((m) => (m.raw as RawPromotion).rawPath))}`);
    step('trusted', last);
    const trusted = await promoteRawToTrusted({
      engine,
      contract,
      rawRelation,
      batchId: groupId,
      ...(ids.length > 1 ? { batches: ids } : {}),
      protection: ctx.protection,
      outputPath: (n) => staging.path(n),
      loadExisting: (partitions) =>
        stageTrustedFiles(snapshot, ctx.stores.trusted, staging, dataset, partitionFollowsKey(contract) ? partitions : undefined),
    });
    for (const m of members) step('quality', m);
    const gates = await gatePromotion({
      engine,
      contract,
      snapshot,
      stores: ctx.stores,
      staging,
      history: ctx.qualityHistory,
      calendar: ctx.calendar,
      trusted,
      batchIds: ids,
      unparseable: new Map(members.map((m) => [m.batchId, (m.raw as RawPromotion).unparseable])),
      name: groupId,
    });
    for (const m of members) m.gate = gates.get(m.batchId);
    if (members.length === 1 && last.gate?.failed) {
      // A failed gate commits nothing: the file stays in landing to be fixed and run again.
      const raw = last.raw as RawPromotion;
      const rows = {
        read: raw.read,
        accepted: trusted.accepted,
        duplicates: trusted.duplicates,
        quarantined: raw.unparseable + trusted.invalid,
      };
      const failedRules = last.gate.record.results.filter((r) => r.outcome === 'failed').map((r) => r.ruleId);
      ctx.logger.warn({ dataset, batchId: last.batchId, failedRules, runId: ctx.runId }, 'batch failed its quality gate');
      await settle(
        last,
        summary(last, 'failed', {
          rows,
          quality: last.gate.quality,
          ...warningsOf(last),
          problem: `${last.fileName} of ${dataset}: the quality gate failed: ${failedRules.join(', ')}`,
        }),
      );
      return outcome(repeats);
    }
    if (members.some((m) => !m.gate || m.gate.failed)) {
      // Judged alone, each file gets its own verdict; nothing of the group is committed.
      ctx.logger.info(
        { dataset, batchIds: ids, runId: ctx.runId },
        'a batch of the group failed its quality gate: running the files one by one',
      );
      return outcome([...members, ...repeats]);
    }
    step('curated', last);
    const buildCurated = options.buildCurated !== false;
    const curated = buildCurated
      ? await buildCuratedFor(engine, snapshot, ctx, staging, contract, trusted)
      : new Map<string, BuiltProduct>();
    await dropBatchObjects(engine, opened);

    step('upload', last);
    const seq = snapshot.seq + 1;
    const entries: CommitEntry[] = [];
    // Each batch's raw and quarantine files; the writes wait mostly on the disk, so a few at once.
    await inLanes(members, IO_LANES, async (m) => {
      const raw = m.raw as RawPromotion;
      const own = trusted.byBatch.get(m.batchId);
      const rows = {
        read: raw.read,
        accepted: own?.accepted ?? 0,
        duplicates: own?.duplicates ?? 0,
        quarantined: raw.unparseable + (own?.invalid ?? 0),
      };
      const entry: CommitEntry = {
        seq,
        kind: 'batch',
        format: COMMIT_FORMAT,
        dataset,
        batchId: m.batchId,
        file: m.fileName,
        contentSha256: m.contentSha256,
        committedAt: '',
        runId: ctx.runId,
        rows,
        quality: (m.gate as QualityGate).quality,
        raw: [],
        quarantine: [],
        trusted: {},
        curated: {},
      };
      assertBatchInvariant(entry);
      Object.assign(
        entry,
        await sealBatchFiles(ctx, dataset, m.batchId, {
          rawPath: raw.rawPath,
          rejectsPath: raw.rejectsPath,
          invalidPath: own?.invalidPath,
        }),
      );
      m.entry = entry;
    });
    for (const m of members) entries.push(m.entry as CommitEntry);
    // The last batch carries the group's trusted and curated changes.
    const carrier = entries[entries.length - 1];
    for (const [partition, { kept, written }] of trusted.partitions) {
      carrier.trusted[partition] =
        written === null
          ? kept
          : [...kept, await uploadInto(carrier, 'trusted', ctx.stores.trusted, trustedKey(dataset, partition, groupId), written)];
    }
    for (const [product, { path }] of curated) {
      carrier.curated[product] = await uploadInto(carrier, 'curated', ctx.stores.curated, `${product}/part-${groupId}.parquet`, path);
    }
    // Products left for the run's last batch: only those whose required inputs have data.
    if (!buildCurated) carrier.curatedStale = buildableModels(snapshot, dataset).map((model) => model.name);

    step('commit', last);
    await lease.renew();
    const committedAt = (ctx.now?.() ?? new Date()).toISOString();
    for (const entry of entries) entry.committedAt = committedAt;
    const record = entries.length === 1 ? carrier : { seq, kind: 'group' as const, batches: entries };
    if (!(await appendCommit(ctx.stores.platform, record))) throw new LeaseLost('commit');

    step('cleanup', last);
    await inLanes(members, IO_LANES, removeLanded);
    await removeSuperseded(ctx, snapshot, carrier);
    for (const entry of entries)
      ctx.logger.info({ dataset, batchId: entry.batchId, seq, rows: entry.rows, runId: ctx.runId }, 'batch committed');
    const durations = groupShares(
      Date.now() - began,
      entries.map((e) => e.rows.read),
    );
    const committed = members.map((m, i) => {
      const entry = entries[i];
      const result = summary(m, 'committed', { rows: entry.rows, quality: entry.quality, durationMs: durations[i], ...warningsOf(m) });
      summaries.set(m.key, result);
      return {
        contract,
        summary: result,
        startedAt,
        entry,
        ...(entry === carrier ? { curated: [...curated.values()].map((b) => b.product) } : {}),
      };
    });
    await recordGroupInCatalog(ctx, committed);
    return outcome(repeats);
  } finally {
    if (engine) {
      await dropBatchObjects(engine, opened);
    }
    await engine?.close();
    await lease?.release();
    await staging.dispose();
  }
}

/** The reader's warnings for a batch's summary, when it had any. */
function warningsOf(m: Member): Pick<BatchSummary, 'warnings'> {
  const warnings = m.raw?.warnings ?? [];
  return warnings.length > 0 ? { warnings } : {};
}

/**
 * The batches of a group ran together: each is given a share of the group's time by the rows it
 * read (equal shares when none read any), so their durations add up to the group's, as the cost
 * model counts them (job seconds), instead of each carrying the whole group's time.
 */
function groupShares(elapsedMs: number, rowsRead: readonly number[]): number[] {
  const total = rowsRead.reduce((sum, n) => sum + n, 0);
  const weights = total === 0 ? rowsRead.map(() => 1 / rowsRead.length) : rowsRead.map((n) => n / total);
  return weights.map((w) => Math.floor(elapsedMs * w));
}
