import Fastify, { type FastifyInstance } from 'fastify';
import type { Settings } from '@acad/config';
import { DATASET_CONTRACTS } from '@acad/schemas';
import { CURATED_MODELS, createZoneStores, readSnapshot, type ZoneStores } from '@acad/zones';
import { datasetsPage } from './datasets-page';

export interface DatasetSummary {
  name: string;
  zone: 'trusted' | 'curated';
  description: string;
  rows: number | null;
  lastCommittedAt: string | null;
}

/** What the server knows of each dataset, from the commit log (never from row values). */
export async function summariseDatasets(stores: ZoneStores): Promise<DatasetSummary[]> {
  const snapshot = await readSnapshot(stores.platform);
  return [
    ...DATASET_CONTRACTS.map((c): DatasetSummary => {
      const entries = snapshot.entries.filter((e) => e.dataset === c.name);
      return {
        name: c.name,
        zone: 'trusted',
        description: c.description,
        rows: entries.length ? entries.reduce((n, e) => n + e.rows.accepted, 0) : null,
        lastCommittedAt: entries.at(-1)?.committedAt ?? null,
      };
    }),
    ...CURATED_MODELS.map((m): DatasetSummary => ({
      name: m.name,
      zone: 'curated',
      description: m.description,
      rows: null,
      lastCommittedAt: [...snapshot.entries].reverse().find((e) => m.name in e.curated)?.committedAt ?? null,
    })),
  ];
}

/** The publishing server's composition root. */
export function buildServer(settings: Settings, stores: ZoneStores = createZoneStores(settings)): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/api/datasets', async () => ({ datasets: await summariseDatasets(stores) }));
  app.get('/', async (_request, reply) => {
    reply.type('text/html; charset=utf-8');
    return datasetsPage(await summariseDatasets(stores));
  });
  return app;
}
