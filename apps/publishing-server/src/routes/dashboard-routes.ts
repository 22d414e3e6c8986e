import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize, dashboardResource, isAllowed, policiesFor } from '@acad/access';
import { FILTER_NAMES, type FilterName } from '../dashboards/dashboard-definition';
import { evaluateDashboard } from '../dashboards/evaluate-dashboard';
import { asOfQueryProperty, lakeFor } from '../data/as-of-lakes';
import { InvalidRequest, NotFound } from '../server-errors';
import type { ServerContext } from '../server-context';

const CACHE_LIMIT = 500;
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';

/** GET /api/dashboards and /api/dashboards/:id: the definitions a role may read, and one's data for its filters. */
export function registerDashboardRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get(
    '/api/dashboards',
    { schema: { tags: ['dashboards'], summary: 'The dashboards the caller may read (acad:ReadDashboard), with their filters and charts' } },
    async (request) => {
      const policies = policiesFor(request.subject.role);
      const readable = ctx.dashboards.filter((d) =>
        isAllowed(policies, { action: 'acad:ReadDashboard', resource: dashboardResource(d.id) }),
      );
      return {
        dashboards: readable.map((d) => ({
          id: d.id,
          title: d.title,
          description: d.description,
          products: d.products,
          filters: d.filters,
          charts: d.charts,
        })),
      };
    },
  );
  app.get(
    '/api/dashboards/:id',
    {
      schema: {
        tags: ['dashboards'],
        summary: 'Data of a dashboard (acad:ReadDashboard): every query of its definition and its headline numbers, for its filters',
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 40 } } },
        querystring: {
          type: 'object',
          properties: {
            term: { type: 'string', maxLength: 20 },
            department: { type: 'string', maxLength: 80 },
            course: { type: 'string', maxLength: 40 },
            programme: { type: 'string', maxLength: 20 },
            from: { type: 'string', pattern: DATE, description: 'first week (YYYY-MM-DD), where the dashboard has weekly data' },
            to: { type: 'string', pattern: DATE, description: 'last week (YYYY-MM-DD)' },
            asOf: asOfQueryProperty,
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const id = (request.params as { id: string }).id;
      const definition = ctx.dashboards.find((d) => d.id === id);
      if (!definition) throw new NotFound(`No dashboard "${id.slice(0, 40)}".`);
      const { role, user } = request.subject;
      authorize(policiesFor(role), { action: 'acad:ReadDashboard', resource: dashboardResource(id) });
      const q = request.query as Partial<Record<FilterName | 'asOf', string>>;
      const own = new Set<string>(definition.filters.map((f) => f.name));
      const foreign = FILTER_NAMES.filter((f) => q[f] !== undefined && !own.has(f));
      if (foreign.length) throw new InvalidRequest(`The ${id} dashboard has no filter ${foreign.join(', ')}.`);
      const chosen = Object.fromEntries(FILTER_NAMES.filter((f) => q[f]).map((f) => [f, q[f]]));
      const open = await lakeFor({ current: ctx.lake, past: ctx.pastLakes }, q.asOf);
      const key = JSON.stringify([open.seq, role, id, ...FILTER_NAMES.map((f) => chosen[f])]);
      // Kept serialised and compressed: a busy dashboard would otherwise stringify and gzip the same
      // answer on every request (an unfiltered attendance answer is a few hundred kB of JSON).
      let answer = ctx.dashboardCache.get(key);
      if (!answer) {
        const json = JSON.stringify(await evaluateDashboard(definition, { open, role }, chosen));
        answer = { json, gzip: gzipSync(json) };
        if (ctx.dashboardCache.size >= CACHE_LIMIT) ctx.dashboardCache.delete(ctx.dashboardCache.keys().next().value as string);
        ctx.dashboardCache.set(key, answer);
      }
      ctx.audit.record({ user, role, method: 'GET', route: '/api/dashboards/:id', status: 200, dataset: `dashboard/${id}` });
      reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
      if (!acceptsGzip(request)) return answer.json;
      reply.header('content-encoding', 'gzip');
      return answer.gzip;
    },
  );
}

/**
 * Whether the client takes a gzip body: Accept-Encoding gives gzip (else *) a q above 0.
 * Not @fastify/compress: it compresses every reply again, where a cached answer is gzipped once.
 */
export function acceptsGzip(request: Pick<FastifyRequest, 'headers'>): boolean {
  const header = request.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  const weights = new Map(
    header.split(',').map((part) => {
      const [coding, ...params] = part.toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return [coding.trim(), q ? Number(q[1]) : 1] as const;
    }),
  );
  const q = weights.get('gzip') ?? weights.get('*');
  return q !== undefined && q > 0;
}
