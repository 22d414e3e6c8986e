import type { FastifyInstance } from 'fastify';
import type { Row } from '@acad/engine';
import { csvStream, exportTypeOfSql, XLSX_TYPE, xlsxStream } from '../data/export-formats';
import { authorizeQuery } from '../query/may-query';
import type { ServerContext } from '../server-context';

function* rowObjects(columns: readonly string[], rows: readonly unknown[][]): Generator<Row> {
  for (const values of rows) yield Object.fromEntries(columns.map((name, i) => [name, values[i]]));
}

/** POST /api/query: one reading statement over the caller role's read-only serving snapshot (acad:Query). */
export function registerQueryRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post(
    '/api/query',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['query'],
        summary:
          'Run one reading statement (SELECT, WITH, FROM, DESCRIBE, SUMMARIZE…) over trusted.* and curated.* (admin, registrar, analyst); ?format=csv|xlsx downloads the result',
        querystring: {
          type: 'object',
          properties: {
            format: { type: 'string', enum: ['json', 'csv', 'xlsx'] },
            bom: { type: 'boolean', default: false, description: 'CSV only: start with a UTF-8 byte order mark' },
          },
          additionalProperties: false,
        },
        body: {
          type: 'object',
          required: ['sql'],
          properties: { sql: { type: 'string', minLength: 1, maxLength: 20000 } },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { role, user } = request.subject;
      const { format, bom } = request.query as { format?: 'json' | 'csv' | 'xlsx'; bom?: boolean };
      authorizeQuery(role);
      const { sql } = request.body as { sql: string };
      const started = performance.now();
      // The worker that runs the text is the judge of it: DuckDB's parser, on exactly this text.
      const { relations, ...result } = await ctx.queries.run(role, user, sql);
      const durationMs = Math.round(performance.now() - started);
      ctx.audit.record({
        user,
        role,
        method: 'POST',
        route: '/api/query',
        status: 200,
        rows: result.rows.length,
        relations,
        ...(format && format !== 'json' ? { format } : {}),
      });
      if (format === 'csv' || format === 'xlsx') {
        const columns = result.columns.map((name, i) => ({ name, type: exportTypeOfSql(result.types[i] ?? 'VARCHAR') }));
        const rows = rowObjects(result.columns, result.rows);
        reply.header('content-disposition', `attachment; filename="query.${format}"`);
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(csvStream(columns, rows, { bom }));
        return reply.type(XLSX_TYPE).send(xlsxStream(columns, rows, 'query'));
      }
      // The SQL page's history: each run shown as rows (a download repeats a run already kept).
      await ctx.sqlWorkspace.remember(user, { sql, ranAt: new Date().toISOString(), rows: result.rows.length, durationMs });
      return { ...result, durationMs };
    },
  );
}
