import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AccessDenied, authorize, CATALOG_RESOURCE, policiesFor } from '@acad/access';
import { describeDataset, listDatasets, mayDescribe } from '../data/catalog-view';
import { findPublished, PUBLISHED_DATASETS } from '../data/published-datasets';
import { admissionsPage, attendancePage, gradesPage } from '../pages/dashboard-pages';
import { catalogPage, datasetPage } from '../pages/catalog-pages';
import { escapeHtml, layout } from '../pages/layout';
import type { ServerContext } from '../server-context';

/** Server-rendered pages; their data comes from the same policy-checked functions as the API. */
export function registerPageRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const csrfOf = (request: FastifyRequest) => (request.subject.sessionId ? ctx.sessions.get(request.subject.sessionId)?.csrf : undefined);
  const html = <T>(handler: (request: FastifyRequest) => Promise<string> | string) => ({
    schema: { hide: true },
    handler: async (request: FastifyRequest, reply: { type: (t: string) => unknown; code: (n: number) => unknown }) => {
      reply.type('text/html; charset=utf-8');
      try {
        return await handler(request);
      } catch (error) {
        if (!(error instanceof AccessDenied)) throw error as T;
        reply.code(403);
        const hint = request.subject.via === 'anonymous' ? ' <a href="/sign-in">Sign in</a> to see more.' : '';
        return layout({
          title: 'Not available',
          subject: request.subject,
          csrf: csrfOf(request),
          body: `<p>${escapeHtml(error.message)}${hint}</p>`,
        });
      }
    },
  });

  app.get(
    '/',
    html((request) => attendancePage(request.subject, csrfOf(request))),
  );
  app.get(
    '/admissions',
    html((request) => admissionsPage(request.subject, csrfOf(request))),
  );
  app.get(
    '/grades',
    html((request) => gradesPage(request.subject, csrfOf(request))),
  );
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
      return catalogPage(request.subject, csrfOf(request), await listDatasets(await ctx.lake.get(), role), { nodes, links });
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
      return datasetPage(request.subject, csrfOf(request), await describeDataset(await ctx.lake.get(), request.subject.role, dataset));
    }),
  );
}
