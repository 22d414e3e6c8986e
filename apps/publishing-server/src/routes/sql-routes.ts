import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorizeQuery } from '../query/may-query';
import { sqlPage } from '../pages/sql-page';
import type { ServerContext } from '../server-context';
import { NotFound } from '../server-errors';
import type { EditorModules } from '../sql/editor-modules';
import { sqlSchemaFor } from '../sql/sql-schema';
import type { SavedQuery } from '../sql/sql-workspace-store';

const SAVED_ID = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

/** What anyone who may run SQL sees of a saved query: not who saved it, only whether it is theirs. */
const shown = (query: SavedQuery, user: string) => ({
  id: query.id,
  title: query.title,
  sql: query.sql,
  savedAt: query.savedAt,
  mine: query.owner === user,
});

/**
 * The SQL page and what it asks for: the tables and columns the caller's role may query, the
 * caller's history, and saved queries, each kept per user. Only roles that may run SQL get any of
 * it; a saved query opened by its link runs with the viewer's own role, as anything typed does.
 */
export function registerSqlRoutes(app: FastifyInstance, ctx: ServerContext, editor: EditorModules): void {
  const caller = (request: FastifyRequest) => {
    authorizeQuery(request.subject.role);
    return request.subject;
  };

  app.get('/sql', { schema: { hide: true }, config: { page: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
    const subject = caller(request);
    reply.type('text/html; charset=utf-8');
    return sqlPage(subject, subject.csrf, editor.importMap);
  });

  app.get(
    '/api/sql/schema',
    { schema: { tags: ['query'], summary: 'The tables and columns your role may query (for SQL completion)' } },
    async (request) => ({ tables: await sqlSchemaFor(await ctx.lake.get(), caller(request).role) }),
  );

  app.get('/api/sql/history', { schema: { tags: ['query'], summary: 'Your latest SQL runs, newest first' } }, async (request) => ({
    entries: ctx.sqlWorkspace.history(caller(request).user),
  }));

  app.get('/api/sql/saved', { schema: { tags: ['query'], summary: 'Your saved queries, newest first' } }, async (request) => {
    const { user } = caller(request);
    return { queries: ctx.sqlWorkspace.savedBy(user).map((q) => shown(q, user)) };
  });

  app.post(
    '/api/sql/saved',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['query'],
        summary: 'Save a query; its id makes a link (/sql?q=<id>) that anyone who may run SQL can open',
        body: {
          type: 'object',
          required: ['title', 'sql'],
          properties: { title: { type: 'string', minLength: 1, maxLength: 200 }, sql: { type: 'string', minLength: 1, maxLength: 20000 } },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { user } = caller(request);
      const { title, sql } = request.body as { title: string; sql: string };
      const query = await ctx.sqlWorkspace.save(user, title.trim() || 'Untitled', sql);
      return reply.code(201).send({ query: shown(query, user) });
    },
  );

  app.get(
    '/api/sql/saved/:id',
    { schema: { tags: ['query'], summary: 'A saved query, by the id in its link', params: SAVED_ID } },
    async (request) => {
      const { user } = caller(request);
      const query = ctx.sqlWorkspace.find((request.params as { id: string }).id);
      if (!query) throw new NotFound('No saved query has that id; it may have been deleted.');
      return { query: shown(query, user) };
    },
  );

  app.delete(
    '/api/sql/saved/:id',
    { schema: { tags: ['query'], summary: 'Delete one of your saved queries', params: SAVED_ID } },
    async (request, reply) => {
      const { user } = caller(request);
      if (!(await ctx.sqlWorkspace.remove(user, (request.params as { id: string }).id)))
        throw new NotFound('You have no saved query with that id.');
      return reply.code(204).send();
    },
  );
}
