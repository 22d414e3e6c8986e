import type { CuratedProductBuilt } from '@acad/catalog';
import type { Engine } from '@acad/engine';
import type { DatasetContract } from '@acad/schemas';
import type { ObjectInfo } from '@acad/storage';
import type { CommitEntry, LakeSnapshot } from './commit-log';
import type { QualityGate } from './gate-batch-quality';
import type { DetectedFormat } from './landing-format';
import type { PrivateStaging } from './private-staging';
import type { RawPromotion } from './promote-landing-to-raw';
import type { ZoneContext } from './zone-context';

// The phases a batch moves through in `runLandingGroup`, each a type: staged → parsed (raw) →
// promoted (trusted) → gated → sealed → committed → catalogued. The phases are written once; what
// differs per engine (where trusted is merged, the gate measured, curated built, old files
// removed) sits behind `BatchBackend`.

/** A landing file copied to private staging and named by its content. */
export interface StagedBatch {
  key: string;
  fileName: string;
  stagedPath: string;
  /** The landing file as it was staged: removed after the commit only if it still is. */
  version: ObjectInfo | undefined;
  contentSha256: string;
  batchId: string;
  started: number;
}

/** Parsed by the worker into raw records (and unparseable ones), not yet sealed. */
export interface ParsedBatch extends StagedBatch {
  detected: DetectedFormat;
  raw: RawPromotion;
}

/** What a promotion did with one batch's parsed rows. */
export interface PromotedRows {
  accepted: number;
  duplicates: number;
  /** Rows that broke a contract rule (quarantined). */
  invalid: number;
}

/** Promoted to trusted (not yet visible): its row counts. */
export interface PromotedBatch extends ParsedBatch {
  promoted: PromotedRows;
}

/** Judged by the dataset's quality rules on its own rows. */
export interface GatedBatch extends PromotedBatch {
  gate: QualityGate;
}

/** Its raw and quarantine sealed into their zones: the entry that will commit it. */
export interface SealedBatch extends GatedBatch {
  entry: CommitEntry;
}

/** One group run of one dataset, as a backend sees it. */
export interface GroupRun {
  ctx: ZoneContext;
  contract: DatasetContract;
  /** The lake as the commit lease found it. */
  snapshot: LakeSnapshot;
  staging: PrivateStaging;
  /** The embedded engine the worker parsed the files with. */
  local: Engine;
  /** Names the group's objects and new files: its last batch id. */
  groupId: string;
}

/** The engine-specific phases of one group run (`BatchBackend.begin`). */
export interface BackendRun {
  /** raw → trusted for every batch of the group, merged with trusted but not yet visible. */
  promote(batches: readonly ParsedBatch[]): Promise<Map<string, PromotedRows>>;
  /** Each batch's quality gate, on its own promoted rows. */
  gate(batches: readonly PromotedBatch[]): Promise<Map<string, QualityGate>>;
  /** Builds the curated products that read the dataset, as they are after the group. */
  buildCurated(): Promise<CuratedProductBuilt[]>;
  /** A batch's raw, unparseable and invalid rows in their zones: the keys its entry lists. */
  seal(batch: GatedBatch): Promise<Pick<CommitEntry, 'raw' | 'quarantine' | 'sha256'>>;
  /** The group's trusted partitions and curated products, written and named in the entry that carries them. */
  write(carrier: CommitEntry): Promise<void>;
  /** A gate failed and nothing commits: what the promotion wrote outside private staging goes. */
  discard(): Promise<void>;
  /** After the commit: what it superseded goes, and any outside catalog follows the lake. */
  committed(carrier: CommitEntry): Promise<void>;
  /** Releases what the run holds in its engines (views, staging tables); runs whatever happened. */
  close(): Promise<void>;
}

/** Where a batch is promoted, judged and built: the embedded engine or Athena. */
export interface BatchBackend {
  readonly name: 'duckdb' | 'athena';
  /** Several small files of a dataset may run as one group commit; otherwise each file runs alone. */
  readonly groupsFiles: boolean;
  /**
   * A run of several files may leave the curated products stale until its last file of a
   * dataset (or `refreshStaleCurated`, on the embedded engine); otherwise every batch builds them.
   */
  readonly defersCurated: boolean;
  /** Raw is written as Parquet 1, for readers other than the embedded engine. */
  readonly portableRaw: boolean;
  begin(run: GroupRun): BackendRun;
}
