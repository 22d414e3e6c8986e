import { basename } from 'node:path';
import type { Engine } from '@acad/engine';
import { getContract } from '@acad/schemas';
import { ObjectNotFound, ObjectPathRefused, type ObjectInfo } from '@acad/storage';
import type { BackendRun, GatedBatch, ParsedBatch, PromotedBatch, SealedBatch, StagedBatch } from './batch-backend';
import { batchIdFor } from './batch-id';
import { dropBatchObjects } from './batch-objects';
import { assertBatchInvariant, buildableModels } from './batch-outputs';
import { emptyQuality, emptyRows, type BatchSummary } from './batch-summary';
import { appendCommit, COMMIT_FORMAT, findBatch, readSnapshot, type CommitEntry, type LakeSnapshot } from './commit-log';
import { CommitLease } from './commit-lease';
import { DUCKDB_BACKEND } from './duckdb-backend';
import type { QualityGate } from './gate-batch-quality';
import { detectFormat, type DetectedFormat } from './landing-format';
import { inLanes } from './in-lanes';
import { refusedSummary, removeLandingFile } from './land-file';
import { PrivateStaging } from './private-staging';
import { promoteLandingFilesToRaw, type RawPromotion } from './promote-landing-to-raw';
import { recordGroupInCatalog, recordInCatalog } from './record-in-catalog';
import { rejectLandingFile } from './reject-landing-file';
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
 *
 * This is the one life cycle of a batch, on every engine: staged → parsed (raw, by the worker's
 * embedded engine) → promoted (trusted) → gated → sealed → committed → catalogued (batch-backend.ts
 * types each phase). What differs per engine — where trusted is merged and the gate measured, how
 * curated is built, what a commit supersedes, any outside catalog — is `ctx.backend`'s
 * (the embedded engine's `DUCKDB_BACKEND` when left out, or `athenaBackend`).
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
  const backend = ctx.backend ?? DUCKDB_BACKEND;
  let engine: Engine | undefined;
  let run: BackendRun | undefined;
  let lease: CommitLease | undefined;
  let members: StagedBatch[] = [];
  // Later files with the content of an earlier batch of the group.
  const repeats: StagedBatch[] = [];
  // Batches whose objects may be in the engine.
  const opened: string[] = [];
  const settle = async (m: StagedBatch, summary: BatchSummary) => {
    summaries.set(m.key, summary);
    await recordInCatalog(ctx, { contract, summary, startedAt });
  };
  const summary = (m: StagedBatch, status: BatchSummary['status'], extra: Partial<BatchSummary> = {}): BatchSummary => ({
    dataset,
    batchId: m.batchId,
    file: m.fileName,
    status,
    rows: emptyRows(),
    quality: emptyQuality(),
    durationMs: Date.now() - m.started,
    ...extra,
  });
  const removeLanded = (m: StagedBatch) => removeLandingFile(ctx, dataset, m.key, m.version);
  const duplicate = async (m: StagedBatch) => {
    await removeLanded(m);
    await settle(m, summary(m, 'duplicate'));
  };
  const reject = async (m: StagedBatch, error: DatasetRejected) => {
    errors.set(m.key, error);
    summaries.set(m.key, await rejectLandingFile(ctx, { ...m, contract, startedAt }, error));
  };
  const outcome = (runAlone: readonly StagedBatch[]): GroupOutcome => ({ summaries, runAlone: runAlone.map((m) => m.key), errors });
  /** Batches not yet committed by anyone: the rest are settled as duplicates. */
  const uncommitted = async (snapshot: LakeSnapshot) => {
    const left: StagedBatch[] = [];
    for (const m of members) {
      if (findBatch(snapshot, dataset, m.batchId)) await duplicate(m);
      else left.push(m);
    }
    return left;
  };
  try {
    const seen = new Set<string>();
    const staged = new Map<string, StagedBatch>();
    await inLanes(landingKeys, IO_LANES, async (key) => {
      const started = Date.now();
      const fileName = basename(key);
      step('stage', { fileName });
      let stagedPath: string;
      let contentSha256: string;
      let version: ObjectInfo | undefined;
      try {
        version = await ctx.stores.landing.head(key);
        ({ path: stagedPath, sha256: contentSha256 } = await staging.stageHashed(ctx.stores.landing, key));
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
    const readable: StagedBatch[] = [];
    const detected = new Map<StagedBatch, DetectedFormat>();
    for (const m of members) {
      const format = await detectFormat(m.stagedPath, m.fileName);
      if (format) {
        detected.set(m, format);
        readable.push(m);
      } else
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
    // The files are shared out between two connections when the engine has a second: on small
    // files the statements wait mostly on per-statement work, not on both cores. Each connection
    // parses its plain CSV files of one layout together (`promoteLandingFilesToRaw`).
    const rejected = new Map<StagedBatch, DatasetRejected>();
    const raws = new Map<StagedBatch, RawPromotion>();
    const fork = members.length > 1 && engine.fork ? await engine.fork() : undefined;
    try {
      const engines = [engine, ...(fork ? [fork] : [])];
      for (const m of members) {
        step('raw', m);
        opened.push(m.batchId);
      }
      await Promise.all(
        engines.map(async (laneEngine, lane) => {
          const mine = members.filter((_, i) => i % engines.length === lane);
          const outcomes = await promoteLandingFilesToRaw(
            laneEngine,
            mine.map((m) => ({
              engine: laneEngine,
              contract,
              stagedPath: m.stagedPath,
              fileName: m.fileName,
              detected: detected.get(m) as DetectedFormat,
              batchId: m.batchId,
              ingestedAt,
              outputPath: (n: string) => staging.path(n),
              ...(backend.portableRaw ? { portableParquet: true } : {}),
            })),
          );
          outcomes.forEach((outcome, i) =>
            outcome instanceof DatasetRejected ? rejected.set(mine[i], outcome) : raws.set(mine[i], outcome),
          );
        }),
      );
    } finally {
      // Its temporary objects (the files' rejects tables) go with it.
      await fork?.close();
    }
    const parsed: ParsedBatch[] = [];
    for (const m of members) {
      const error = rejected.get(m);
      if (error) await reject(m, error);
      else parsed.push({ ...m, detected: detected.get(m) as DetectedFormat, raw: raws.get(m) as RawPromotion });
    }
    members = parsed;
    if (parsed.length === 0) return outcome(repeats);

    // The group's objects and new trusted files are named after its last batch.
    const last = parsed[parsed.length - 1];
    const groupId = last.batchId;
    const ids = parsed.map((m) => m.batchId);
    run = backend.begin({ ctx, contract, snapshot, staging, local: engine, groupId });
    step('trusted', last);
    const rows = await run.promote(parsed);
    const promoted: PromotedBatch[] = parsed.map((m) => ({
      ...m,
      promoted: rows.get(m.batchId) ?? { accepted: 0, duplicates: 0, invalid: 0 },
    }));
    for (const m of promoted) step('quality', m);
    const gates = await run.gate(promoted);
    const failedGate = promoted.find((m) => gates.get(m.batchId)?.failed);
    if (promoted.length === 1 && failedGate) {
      // A failed gate commits nothing: the file stays in landing to be fixed and run again.
      const gate = gates.get(failedGate.batchId) as QualityGate;
      await run.discard();
      const failedRules = gate.record.results.filter((r) => r.outcome === 'failed').map((r) => r.ruleId);
      ctx.logger.warn(
        { dataset, batchId: failedGate.batchId, failedRules, runId: ctx.runId, engine: backend.name },
        'batch failed its quality gate',
      );
      await settle(
        failedGate,
        summary(failedGate, 'failed', {
          rows: rowsOf(failedGate),
          quality: gate.quality,
          ...warningsOf(failedGate),
          problem: `${failedGate.fileName} of ${dataset}: the quality gate failed: ${failedRules.join(', ')}`,
        }),
      );
      return outcome(repeats);
    }
    if (promoted.some((m) => !gates.get(m.batchId) || gates.get(m.batchId)?.failed)) {
      // Judged alone, each file gets its own verdict; nothing of the group is committed.
      await run.discard();
      ctx.logger.info(
        { dataset, batchIds: ids, runId: ctx.runId },
        'a batch of the group failed its quality gate: running the files one by one',
      );
      return outcome([...promoted, ...repeats]);
    }
    const gated: GatedBatch[] = promoted.map((m) => ({ ...m, gate: gates.get(m.batchId) as QualityGate }));
    step('curated', last);
    const buildCurated = options.buildCurated !== false || !backend.defersCurated;
    const seq = snapshot.seq + 1;
    // Each batch's raw and quarantine files, sealed while curated is built: the writes wait mostly
    // on the disk (a few at once), the build on the engine. Both finish before anything commits.
    const entries = new Map<string, CommitEntry>();
    const seal = inLanes(gated, IO_LANES, async (m) => {
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
        rows: rowsOf(m),
        quality: m.gate.quality,
        raw: [],
        quarantine: [],
        trusted: {},
        curated: {},
      };
      assertBatchInvariant(entry);
      Object.assign(entry, await (run as BackendRun).seal(m));
      entries.set(m.batchId, entry);
    });
    const [curated] = await allFinished([buildCurated ? run.buildCurated() : Promise.resolve([]), seal]);
    await dropBatchObjects(engine, opened);

    step('upload', last);
    const sealed: SealedBatch[] = gated.map((m) => ({ ...m, entry: entries.get(m.batchId) as CommitEntry }));
    // The last batch carries the group's trusted and curated changes.
    const carrier = sealed[sealed.length - 1].entry;
    await run.write(carrier);
    // Products left for the run's last batch: only those whose required inputs have data.
    if (!buildCurated) carrier.curatedStale = buildableModels(snapshot, dataset).map((model) => model.name);

    step('commit', last);
    await lease.renew();
    const committedAt = (ctx.now?.() ?? new Date()).toISOString();
    for (const m of sealed) m.entry.committedAt = committedAt;
    const record = sealed.length === 1 ? carrier : { seq, kind: 'group' as const, batches: sealed.map((m) => m.entry) };
    if (!(await appendCommit(ctx.stores.platform, record))) throw new LeaseLost('commit');

    step('cleanup', last);
    await inLanes(sealed, IO_LANES, removeLanded);
    await run.committed(carrier);
    for (const { entry } of sealed)
      ctx.logger.info(
        { dataset, batchId: entry.batchId, seq, rows: entry.rows, runId: ctx.runId, engine: backend.name },
        'batch committed',
      );
    const durations = groupShares(
      Date.now() - began,
      sealed.map((m) => m.entry.rows.read),
    );
    const catalogued = sealed.map((m, i) => {
      const { entry } = m;
      const result = summary(m, 'committed', { rows: entry.rows, quality: entry.quality, durationMs: durations[i], ...warningsOf(m) });
      summaries.set(m.key, result);
      return { contract, summary: result, startedAt, entry, ...(entry === carrier ? { curated } : {}) };
    });
    await recordGroupInCatalog(ctx, catalogued);
    return outcome(repeats);
  } finally {
    await run?.close();
    if (engine) {
      await dropBatchObjects(engine, opened);
    }
    await engine?.close();
    await lease?.release();
    await staging.dispose();
  }
}

/** The values of `work`, once every one has finished: the first failure is raised only then. */
async function allFinished<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** rows read = accepted + duplicates + quarantined (unparseable or invalid). */
function rowsOf(m: PromotedBatch): CommitEntry['rows'] {
  const { accepted, duplicates, invalid } = m.promoted;
  return { read: m.raw.read, accepted, duplicates, quarantined: m.raw.unparseable + invalid };
}

/** The reader's warnings for a batch's summary, when it had any. */
function warningsOf(m: ParsedBatch): Pick<BatchSummary, 'warnings'> {
  const warnings = m.raw.warnings;
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
