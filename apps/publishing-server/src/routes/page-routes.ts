import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccessDenied, authorize, CATALOG_RESOURCE, policiesFor } from '@acad/access';
import { describeDataset, listDatasets, mayDescribe, searchDatasets } from '../data/catalog-view';
import { datasetQuality } from '../data/quality-view';
import { findPublished, PUBLISHED_DATASETS } from '../data/published-datasets';
import { dashboardPage, dashboardPath } from '../pages/dashboard-pages';
import { setDashboardLinks } from '../pages/layout';
import { catalogPage, datasetPage } from '../pages/catalog-pages';
import { qualityPage } from '../pages/quality-page';
import { MAX_SEARCH_LENGTH, QUALITY_BATCHES, qualityDatasetOf } from './catalog-routes';
import type { ServerContext } from '../server-context';

/** Server-rendered pages; their data comes from the same policy-checked functions as the API. */
export function registerPageRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const csrfOf = (request: FastifyRequest) => request.subject.csrf;
  // Errors, refusals included, are answered as pages by the server's error handler (error-replies.ts).
  const html = (handler: (request: FastifyRequest) => Promise<string> | string) => ({
    schema: { hide: true },
    config: { page: true },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      reply.type('text/html; charset=utf-8');
      return handler(request);
    },
  });

  // One page per definition; the filters are read by the page from its URL (?term=…), so a view can be shared.
  setDashboardLinks(ctx.dashboards.map((d) => [dashboardPath(ctx.dashboards, d.id), d.title]));
  for (const definition of ctx.dashboards) {
    const path = dashboardPath(ctx.dashboards, definition.id);
    const page = html((request) => dashboardPage(definition, path, request.subject, csrfOf(request)));
    app.get(path, page);
    if (path === '/') app.get(`/${definition.id}`, page);
  }
  app.get(
    '/catalog',
    html(async (request) => {
      const { role } = request.subject;
      authorize(policiesFor(role), { action: 'acad:ReadCatalog', resource: CATALOG_RESOURCE });
      const visible = PUBLISHED_DATASETS.filter((d) => mayDescribe(role, d));
      const names = new Set(visible.map((d) => `${d.zone}.${d.name}`));
      const nodes = [
        ...visible.filter((d) => d.zone === 'trusted').map((d) => ({ name: `landing.${d.name}`, zone: 'landing' })),
        ...visible.map((d) => ({ name: `${d.zone}.${d.name}`, zone: d.zone })),
      ];
      const links = visible.flatMap((d) =>
        d.inputs.filter((i) => names.has(i) || i.startsWith('landing.')).map((i) => ({ source: i, target: `${d.zone}.${d.name}` })),
      );
      // The search is in the URL (?q=), so a search can be shared and reopened.
      const asked = (request.query as { q?: unknown }).q;
      const q = typeof asked === 'string' ? asked.slice(0, MAX_SEARCH_LENGTH) : undefined;
      const open = await ctx.lake.get();
      const search = { q, results: q === undefined ? [] : searchDatasets(open, role, q) };
      return catalogPage(request.subject, csrfOf(request), await listDatasets(open, role), { nodes, links }, search);
    }),
  );
  app.get(
    '/catalog/:name',
    html(async (request) => {
      const name = (request.params as { name: string }).name;
      const dataset = findPublished(name);
      if (!dataset || !mayDescribe(request.subject.role, dataset)) {
        throw new AccessDenied('acad:ReadDataset', `acad:dataset/*/${name.slice(0, 64)}`, 'ImplicitDeny');
      }
      const describable = new Set(PUBLISHED_DATASETS.filter((d) => mayDescribe(request.subject.role, d)).map((d) => `${d.zone}.${d.name}`));
      return datasetPage(
        request.subject,
        csrfOf(request),
        await describeDataset(await ctx.lake.get(), request.subject.role, dataset),
        describable,
      );
    }),
  );
  app.get(
    '/catalog/:name/quality',
    html(async (request) => {
      const dataset = qualityDatasetOf(request);
      const quality = await datasetQuality(ctx.qualityHistory, request.subject.role, dataset, QUALITY_BATCHES.default);
      return qualityPage(request.subject, csrfOf(request), quality);
    }),
  );
}
