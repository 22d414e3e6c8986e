import type { FastifyInstance } from 'fastify';
import { authorize, CATALOG_RESOURCE, datasetResource, policiesFor } from '@acad/access';
import { namedRelations, singleReadStatement } from '../query/sql-statement';
import type { ServerContext } from '../server-context';

/** POST /api/query: one read-only statement in the caller role's restricted sandbox (acad:Query). */
export function registerQueryRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post(
    '/api/query',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['query'],
        summary: 'Run one SELECT or WITH statement over trusted.* and curated.* (admin, registrar, analyst)',
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
      // Query is asked of the lake as a whole first; the worker's lake then holds only what the role may read.
      authorize(policiesFor(role), { action: 'acad:Query', resource: datasetResource('curated', '*') });
      authorize(policiesFor(role), { action: 'acad:ReadCatalog', resource: CATALOG_RESOURCE });
      const statement = singleReadStatement((request.body as { sql: string }).sql);
      const open = await ctx.lake.get();
      const result = await ctx.queries.run(role, statement, open.seq);
      ctx.audit.record({
        user,
        role,
        method: 'POST',
        route: '/api/query',
        status: 200,
        rows: result.rows.length,
        relations: namedRelations(statement),
      });
      return result;
    },
  );
}
