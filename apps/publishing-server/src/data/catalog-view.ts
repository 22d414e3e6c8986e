import { isAllowed, policiesFor, rowAccess, visibleColumns, type Role } from '@acad/access';
import { buildColumnLineage, LakeReadModel, type CommittedBatch, type LineageNode } from '@acad/catalog';
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

/** A search result: a dataset this role may describe, and where the words were found (see `LakeReadModel.search`). */
export interface SearchResult {
  name: string;
  zone: 'trusted' | 'curated';
  description: string;
  matched: string[];
  href: string;
}

/**
 * The read model's search over datasets, columns, descriptions and tags, kept to the datasets the
 * server publishes and this role may describe: a role finds nothing it could not open.
 */
export function searchDatasets(open: OpenLake, role: Role, text: string): SearchResult[] {
  const visible = new Map(PUBLISHED_DATASETS.filter((d) => mayDescribe(role, d)).map((d) => [`${d.zone}.${d.name}`, d]));
  return readModelOf(open)
    .search(text)
    .flatMap((hit) => {
      const dataset = visible.get(`${hit.zone}.${hit.name}`);
      return dataset
        ? [
            {
              name: dataset.name,
              zone: dataset.zone,
              description: dataset.description,
              matched: hit.matched,
              href: `/catalog/${encodeURIComponent(dataset.name)}`,
            },
          ]
        : [];
    });
}

/** A column's lineage: the columns it is computed or copied from (a tree, nearest first) and the columns computed from it. */
export interface ColumnLineage {
  column: string;
  upstream: readonly LineageNode[];
  downstream: string[];
}

/**
 * Column-level lineage of each column, from the read model's lineage entries: a curated product's
 * columns from its model's declared column lineage, a trusted dataset's from its raw dataset.
 */
function columnLineageOf(open: OpenLake, dataset: PublishedDataset): ColumnLineage[] {
  const entries = readModelOf(open).lineageEntries();
  return dataset.columns.map((c) => {
    const lineage = buildColumnLineage(entries, `${dataset.zone}.${dataset.name}.${c.name}`);
    return { column: c.name, upstream: lineage.upstream.children, downstream: lineage.downstream.children.map((n) => n.name) };
  });
}

/** Column tags the read model records (key, required, pii:…, tokenized, encrypted), by column. */
function columnTags(open: OpenLake, dataset: PublishedDataset): Map<string, readonly string[]> {
  const entry = readModelOf(open).entries.find((e) => e.zone === dataset.zone && e.name === dataset.name);
  return new Map((entry?.columns ?? []).map((c) => [c.name, c.tags]));
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
  const tags = columnTags(open, dataset);
  return {
    name: dataset.name,
    zone: dataset.zone,
    description: dataset.description,
    rowAccess: access,
    rows: await rowCount(open, dataset),
    columns: dataset.columns.map((c) => ({
      ...c,
      tags: [...(tags.get(c.name) ?? [])],
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
      byColumn: columnLineageOf(open, dataset),
    },
  };
}
