import type { FastifyInstance } from 'fastify';
import { authorize, dashboardResource, policiesFor } from '@acad/access';
import { admissionsDashboard } from '../dashboards/admissions-dashboard';
import { attendanceDashboard } from '../dashboards/attendance-dashboard';
import { gradesDashboard } from '../dashboards/grades-dashboard';
import { asOfQueryProperty, lakeFor } from '../data/as-of-lakes';
import { NotFound } from '../server-errors';
import type { ServerContext } from '../server-context';

export const DASHBOARD_IDS = ['attendance', 'admissions', 'grades'] as const;
const CACHE_LIMIT = 500;

/** GET /api/dashboards/:id: chart data for the filters, as the caller's role may see it. */
export function registerDashboardRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get(
    '/api/dashboards/:id',
    {
      schema: {
        tags: ['dashboards'],
        summary: 'Chart data of a dashboard (acad:ReadDashboard): attendance, admissions or grades',
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 40 } } },
        querystring: {
          type: 'object',
          properties: {
            term: { type: 'string', maxLength: 20 },
            department: { type: 'string', maxLength: 80 },
            programme: { type: 'string', maxLength: 20 },
            asOf: asOfQueryProperty,
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const id = (request.params as { id: string }).id;
      if (!(DASHBOARD_IDS as readonly string[]).includes(id)) throw new NotFound(`No dashboard "${id.slice(0, 40)}".`);
      const { role, user } = request.subject;
      authorize(policiesFor(role), { action: 'acad:ReadDashboard', resource: dashboardResource(id) });
      const q = request.query as { term?: string; department?: string; programme?: string; asOf?: string };
      const open = await lakeFor({ current: ctx.lake, past: ctx.pastLakes }, q.asOf);
      const key = JSON.stringify([open.seq, role, id, q.term, q.department, q.programme]);
      // Kept serialised: a busy dashboard would otherwise stringify the same answer on every request.
      let answer = ctx.dashboardCache.get(key);
      if (!answer) {
        const input = { open, role };
        const data =
          id === 'attendance'
            ? await attendanceDashboard(input, q)
            : id === 'grades'
              ? await gradesDashboard(input, q)
              : await admissionsDashboard(input, q);
        answer = JSON.stringify(data);
        if (ctx.dashboardCache.size >= CACHE_LIMIT) ctx.dashboardCache.delete(ctx.dashboardCache.keys().next().value as string);
        ctx.dashboardCache.set(key, answer);
      }
      ctx.audit.record({ user, role, method: 'GET', route: '/api/dashboards/:id', status: 200, dataset: `dashboard/${id}` });
      reply.type('application/json; charset=utf-8');
      return answer;
    },
  );
}
