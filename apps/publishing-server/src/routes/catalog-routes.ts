import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize, CATALOG_RESOURCE, policiesFor } from '@acad/access';
import { mayDescribe, searchDatasets } from '../data/catalog-view';
import { findPublished, type PublishedDataset } from '../data/published-datasets';
import { datasetQuality } from '../data/quality-view';
import { NotFound } from '../server-errors';
import type { ServerContext } from '../server-context';

export const MAX_SEARCH_LENGTH = 200;
/** Batches a quality history shows by default, and at most. */
export const QUALITY_BATCHES = { default: 30, max: 200 } as const;

/**
 * The trusted dataset a quality page or API is about: one this role may describe. Unknown,
 * hidden and curated look alike (curated products have no batches of their own to judge).
 */
export function qualityDatasetOf(request: FastifyRequest): PublishedDataset {
  const name = (request.params as { name: string }).name;
  const dataset = findPublished(name);
  if (!dataset || dataset.zone !== 'trusted' || !mayDescribe(request.subject.role, dataset))
    throw new NotFound(`No trusted dataset named "${name.slice(0, 64)}" that you may see; quality is recorded for trusted datasets.`);
  return dataset;
}

/** Catalog search and each trusted dataset's quality history, shaped by the caller's role. */
export function registerCatalogRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get(
    '/api/catalog/search',
    {
      schema: {
        tags: ['datasets'],
        summary: 'Datasets whose name, description, columns or column tags hold every word of q, saying where (acad:ReadCatalog)',
        querystring: {
          type: 'object',
          properties: { q: { type: 'string', maxLength: MAX_SEARCH_LENGTH, default: '' } },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { role } = request.subject;
      authorize(policiesFor(role), { action: 'acad:ReadCatalog', resource: CATALOG_RESOURCE });
      const q = (request.query as { q: string }).q;
      return { q, results: searchDatasets(await ctx.lake.get(), role, q) };
    },
  );

  app.get(
    '/api/datasets/:name/quality',
    {
      schema: {
        tags: ['datasets'],
        summary:
          'A trusted dataset’s quality history: each batch’s score, each rule’s latest outcome and history, masked failing rows (acad:ReadDataset; rows need acad:ReadRows)',
        params: { type: 'object', properties: { name: { type: 'string', maxLength: 80 } } },
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: QUALITY_BATCHES.max, default: QUALITY_BATCHES.default } },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const dataset = qualityDatasetOf(request);
      const { limit } = request.query as { limit: number };
      return datasetQuality(ctx.qualityHistory, request.subject.role, dataset, limit);
    },
  );
}
