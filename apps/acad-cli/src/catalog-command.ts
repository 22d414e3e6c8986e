import type { Settings } from '@acad/config';
import { DATASET_CONTRACTS, getContract } from '@acad/schemas';
import { CURATED_MODELS, createZoneStores, readSnapshot } from '@acad/zones';

export interface DatasetListing {
  name: string;
  zone: 'trusted' | 'curated';
  description: string;
  batches: number;
  rows: number | null;
  lastCommittedAt: string | null;
  upstream: string[];
}

/** The datasets and products with what the commit log says of them. */
export async function listDatasets(settings: Settings): Promise<DatasetListing[]> {
  const snapshot = await readSnapshot(createZoneStores(settings).platform);
  const trusted = DATASET_CONTRACTS.map((c): DatasetListing => {
    const entries = snapshot.entries.filter((e) => e.dataset === c.name);
    return {
      name: c.name,
      zone: 'trusted',
      description: c.description,
      batches: entries.length,
      rows: entries.length ? entries.reduce((n, e) => n + e.rows.accepted, 0) : null,
      lastCommittedAt: entries.at(-1)?.committedAt ?? null,
      upstream: [`raw.${c.name}`],
    };
  });
  const curated = CURATED_MODELS.map((m): DatasetListing => {
    const last = [...snapshot.entries].reverse().find((e) => m.name in e.curated);
    return { name: m.name, zone: 'curated', description: m.description, batches: 0, rows: null, lastCommittedAt: last?.committedAt ?? null, upstream: [...m.inputs] };
  });
  return [...trusted, ...curated];
}

export function showDataset(name: string) {
  const model = CURATED_MODELS.find((m) => m.name === name);
  if (model) return { name, zone: 'curated', description: model.description, inputs: model.inputs, columnLineage: model.columnLineage };
  const contract = getContract(name);
  return {
    name,
    zone: 'trusted',
    description: contract.description,
    owner: contract.owner,
    version: contract.version,
    key: contract.key,
    columns: contract.columns.map((c) => ({ name: c.name, type: c.type, required: c.required, pii: c.pii, description: c.description })),
  };
}
