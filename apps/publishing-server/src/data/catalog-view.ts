import { isAllowed, policiesFor, rowAccess, visibleColumns, type Role } from '@acad/access';
import { LakeReadModel, type CommittedBatch } from '@acad/catalog';
import { acceptedShare, formatAcceptedShare, formatQualityScore, qualityScore } from '@acad/quality';
import { DATASET_CONTRACTS } from '@acad/schemas';
import { CURATED_MODELS, type LakeSnapshot } from '@acad/zones';
import type { OpenLake } from './lake-cache';
import { PUBLISHED_DATASETS, type PublishedDataset } from './published-datasets';

export interface DatasetListing {
  name: string;
  zone: 'trusted' | 'curated';
  description: string;
  rows: number | null;
  lastCommittedAt: string | null;
  /** The latest batch's score (trusted datasets), from its rule counts; `quality` has the breakdown. */
  qualityScore: number | null;
  quality: QualityView | null;
  piiColumns: number;
  rowAccess: 'allowed' | 'allowed-with-suppression' | 'denied';
}

/**
 * A batch's quality as pages and the API show it: the score (failed error rules against passed
 * ones, recomputed from the counts so batches recorded before warnings left the score read the
 * same way), its breakdown, and the share of rows accepted.
 */
export interface QualityView {
  score: number;
  passed: number;
  warned: number;
  failed: number;
  acceptedShare: number | null;
  /** e.g. `score 100% (9 passed, 0 failed; 15 warnings not counted) · 98.0% of rows accepted (440 quarantined)`. */
  summary: string;
}

export function qualityView(entry: Pick<CommittedBatch, 'quality' | 'rows'>): QualityView {
  const { passed, warned, failed } = entry.quality;
  return {
    score: qualityScore(entry.quality),
    passed,
    warned,
    failed,
    acceptedShare: acceptedShare(entry.rows),
    summary: `${formatQualityScore(entry.quality)} · ${formatAcceptedShare(entry.rows)}`,
  };
}

export const mayDescribe = (role: Role, dataset: PublishedDataset) =>
  isAllowed(policiesFor(role), { action: 'acad:ReadDataset', resource: dataset.resource });

// The lake's one read model (the CLI's catalog commands read the same), once per snapshot.
const readModels = new WeakMap<LakeSnapshot, LakeReadModel>();

function readModelOf(open: OpenLake): LakeReadModel {
  let model = readModels.get(open.snapshot);
  if (!model) {
    model = new LakeReadModel({ catalogued: [], contracts: DATASET_CONTRACTS, products: CURATED_MODELS, lake: open.snapshot });
    readModels.set(open.snapshot, model);
  }
  return model;
}

/** Commits that changed a dataset: its own batches (trusted) or the batches that rebuilt it (curated). */
function commitsOf(open: OpenLake, dataset: PublishedDataset): CommittedBatch[] {
  return readModelOf(open).commitsOf(dataset.zone, dataset.name);
}

async function rowCount(open: OpenLake, dataset: PublishedDataset): Promise<number | null> {
  if (!open.lake.relations.includes(`${dataset.zone}.${dataset.name}`)) return null;
  const [{ n }] = await open.lake.engine.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${dataset.zone}."${dataset.name}"`);
  return Number(n);
}

export async function listDatasets(open: OpenLake, role: Role): Promise<DatasetListing[]> {
  const listed: DatasetListing[] = [];
  for (const dataset of PUBLISHED_DATASETS.filter((d) => mayDescribe(role, d))) {
    const commits = commitsOf(open, dataset);
    const latest = commits.at(-1);
    const quality = dataset.zone === 'trusted' && latest ? qualityView(latest) : null;
    listed.push({
      name: dataset.name,
      zone: dataset.zone,
      description: dataset.description,
      rows: await rowCount(open, dataset),
      lastCommittedAt: latest?.committedAt ?? null,
      qualityScore: quality?.score ?? null,
      quality,
      piiColumns: dataset.columns.filter((c) => c.pii !== 'none').length,
      rowAccess: rowAccess(role, 'acad:ReadRows', dataset.resource),
    });
  }
  return listed;
}

/** Schema (with PII class and what this role sees of each column), quality, freshness and lineage. */
export async function describeDataset(open: OpenLake, role: Role, dataset: PublishedDataset) {
  const access = rowAccess(role, 'acad:ReadRows', dataset.resource);
  const treatments = new Map(
    access === 'denied'
      ? []
      : visibleColumns(role, dataset, dataset.zone, { context: { 'acad:SmallCellSuppressed': access !== 'allowed' } }).map((c) => [
          c.name,
          c.treatment,
        ]),
  );
  const types = open.lake.relations.includes(`${dataset.zone}.${dataset.name}`)
    ? await open.lake.engine.query<{ column_name: string; data_type: string }>(
        'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position',
        [dataset.zone, dataset.name],
      )
    : [];
  const commits = commitsOf(open, dataset);
  const latest = commits.at(-1);
  return {
    name: dataset.name,
    zone: dataset.zone,
    description: dataset.description,
    rowAccess: access,
    rows: await rowCount(open, dataset),
    columns: dataset.columns.map((c) => ({
      ...c,
      type: types.find((t) => t.column_name === c.name)?.data_type ?? null,
      treatment: treatments.get(c.name) ?? 'remove',
    })),
    freshness: { lastCommittedAt: commits.at(-1)?.committedAt ?? null, lakeSeq: open.seq },
    quality: dataset.zone === 'trusted' && latest ? qualityView(latest) : null,
    batches: commits
      .slice(-10)
      .reverse()
      .map((e) => ({
        seq: e.seq,
        batchId: e.batchId,
        dataset: e.dataset,
        committedAt: e.committedAt,
        rows: e.rows,
        quality: qualityView(e),
      })),
    lineage: {
      inputs: dataset.inputs,
      outputs: PUBLISHED_DATASETS.filter((d) => d.inputs.includes(`${dataset.zone}.${dataset.name}`)).map((d) => `${d.zone}.${d.name}`),
      columns: dataset.columnLineage,
    },
  };
}
