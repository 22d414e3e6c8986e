import type { FastifyInstance } from 'fastify';
import { authorize, CATALOG_RESOURCE, datasetResource, policiesFor } from '@acad/access';
import type { ServerContext } from '../server-context';

/** POST /api/query: one reading statement over the caller role's read-only serving snapshot (acad:Query). */
export function registerQueryRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post(
    '/api/query',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['query'],
        summary:
          'Run one reading statement (SELECT, WITH, FROM, DESCRIBE, SUMMARIZE…) over trusted.* and curated.* (admin, registrar, analyst)',
        body: {
          type: 'object',
          required: ['sql'],
          properties: { sql: { type: 'string', minLength: 1, maxLength: 20000 } },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { role, user } = request.subject;
      // Query is asked of the lake as a whole first; the role's snapshot then holds only what the role may read.
      authorize(policiesFor(role), { action: 'acad:Query', resource: datasetResource('curated', '*') });
      authorize(policiesFor(role), { action: 'acad:ReadCatalog', resource: CATALOG_RESOURCE });
      // The worker that runs the text is the judge of it: DuckDB's parser, on exactly this text.
      const { relations, ...result } = await ctx.queries.run(role, user, (request.body as { sql: string }).sql);
      ctx.audit.record({
        user,
        role,
        method: 'POST',
        route: '/api/query',
        status: 200,
        rows: result.rows.length,
        relations,
      });
      return result;
    },
  );
}
