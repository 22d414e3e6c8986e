import type { DatasetContract, PiiClass } from '@acad/schemas';
import type { BatchRecord } from './catalog-entry';

/**
 * What the catalog needs of a curated SQL model. Structural, so the zones library's
 * `CuratedModel` fits without the catalog (data-access) importing a feature library.
 */
export interface CuratedModelLike {
  readonly name: string;
  readonly description: string;
  /** `trusted.<dataset>` names the model reads. */
  readonly inputs: readonly string[];
  /** Output column → `trusted.<dataset>.<column>` sources. */
  readonly columnLineage: Readonly<Record<string, readonly string[]>>;
}

/** A column of a built product as the engine describes it (`DESCRIBE SELECT * FROM read_parquet(…)`). */
export interface BuiltColumn {
  readonly name: string;
  /** DuckDB type name, e.g. `VARCHAR`, `BIGINT`, `DECIMAL(5,4)`, `DATE`. */
  readonly type: string;
  /** Defaults to the PII class of a same-named single source column, else `none`. */
  readonly pii?: PiiClass;
}

/** A curated product rebuilt by the batch (curated products are rebuilt whole). */
export interface CuratedProductBuilt {
  readonly model: CuratedModelLike;
  readonly rows: number;
  readonly bytes?: number;
  readonly columns: readonly BuiltColumn[];
}

/** Where each zone keeps its datasets, e.g. `ObjectStore.location` of each zone store. */
export interface ZoneLocations {
  readonly raw: string;
  readonly quarantine: string;
  readonly trusted: string;
  readonly curated: string;
}

/** One batch's promotion landing → raw → trusted → curated, as the pipeline reports it. */
export interface Promotion {
  readonly contract: DatasetContract;
  readonly batchId: string;
  /** Landing file name (no folders). */
  readonly file: string;
  readonly status: BatchRecord['status'];
  readonly rows: BatchRecord['rows'];
  readonly quality: BatchRecord['quality'];
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly locations: ZoneLocations;
  /** Trusted partitions the batch rewrote: partition path → object key, or null when emptied (`CommitEntry.trusted`). */
  readonly trustedPartitions?: Readonly<Record<string, string | null>>;
  /** Exact row count of trusted.<dataset> after the batch; else the previous count plus accepted rows. */
  readonly trustedRowCount?: number;
  /** Bytes the batch wrote per zone, when known; added to the entries' totals. */
  readonly bytes?: { readonly raw?: number; readonly quarantine?: number; readonly trusted?: number };
  readonly curated?: readonly CuratedProductBuilt[];
  /** For a rejected file: why (names the file and problem, never a value). */
  readonly problem?: string;
  /** The worker's run id, kept in the OpenLineage run facet to join with logs. */
  readonly pipelineRunId?: string;
}
