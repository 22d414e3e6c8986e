import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Settings } from '@acad/config';
import { createZoneStores, DEFAULT_PIPELINE_MEMORY_LIMIT, type ZoneStores } from '@acad/zones';
import { createMetricsSink } from '@acad/monitoring';
import { AuditLog } from './audit-log';
import { RequestMetrics } from './request-metrics';
import { authenticator, csrfGuard } from './auth/authenticate';
import { SessionStore } from './auth/sessions';
import { LakeCache } from './data/lake-cache';
import { QueryRunner } from './query/query-runner';
import { childProcessBuilder, ServingSnapshots } from './serving/serving-snapshots';
import { registerAuthRoutes } from './routes/auth-routes';
import { registerDashboardRoutes } from './routes/dashboard-routes';
import { registerDatasetRoutes } from './routes/dataset-routes';
import { registerHealthRoutes } from './routes/health-routes';
import { registerPageRoutes } from './routes/page-routes';
import { registerQueryRoutes } from './routes/query-routes';
import { lazyCipher, type ServerContext } from './server-context';

export interface ServerOptions {
  /** Honour X-Forwarded-* from a TLS-terminating proxy (cookies get Secure when it says https). */
  trustProxy?: boolean;
  queryTimeoutMs?: number;
  queryRowCap?: number;
  /** The query pool's size and per-user limit (see QueryRunnerOptions). */
  queryProcesses?: number;
  queryPerUser?: number;
  /** Start building the serving snapshots and a spare query process now, not at the first request. */
  warm?: boolean;
  stores?: ZoneStores;
}

const root = resolve(__dirname, '../../..');

/** Errors carry their status; AccessDenied and friends have codes, never data values, in messages. */
function statusOf(error: FastifyError & { code?: string }): number {
  if (error.code === 'ACCESS_DENIED') return 403;
  if (typeof error.statusCode === 'number') return error.statusCode;
  if (error.validation) return 400;
  return 500;
}

/** The publishing server's composition root. */
export async function buildServer(settings: Settings, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: options.trustProxy ?? false, bodyLimit: 64 * 1024 });
  const stores = options.stores ?? createZoneStores(settings);
  const serving = new ServingSnapshots(stores, settings.home, childProcessBuilder(settings));
  const ctx: ServerContext = {
    settings,
    stores,
    lake: new LakeCache(serving, settings),
    audit: new AuditLog(settings.home),
    sessions: new SessionStore(),
    queries: new QueryRunner(serving, {
      timeoutMs: options.queryTimeoutMs ?? 10_000,
      rowCap: options.queryRowCap ?? 10_000,
      processes: options.queryProcesses,
      perUser: options.queryPerUser,
      threads: settings.duckdbThreads,
      memoryLimit: settings.duckdbMemoryLimit ?? DEFAULT_PIPELINE_MEMORY_LIMIT,
    }),
    cipher: lazyCipher(settings),
    dashboardCache: new Map(),
  };
  if (options.warm) {
    // The snapshots build in the background (a failed build is reported by the request that needs
    // it); a spare query process is started before the server listens, so the first query need not wait for one.
    void ctx.lake.get().catch(() => undefined);
    await ctx.queries.warm();
  }
  // For the monitoring reporter: request counts and latency through the configured metrics sink.
  const requestMetrics = new RequestMetrics(createMetricsSink(settings).sink);
  app.addHook('onClose', async () => {
    await requestMetrics.close();
    await ctx.queries.close();
    await ctx.lake.close();
    await serving.close();
  });

  await app.register(helmet, {
    contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'connect-src': ["'self'"] } },
    // Same-origin pages only; no CORS plugin, so no Access-Control-Allow-Origin is ever sent.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Academics Data Platform API',
        version: '1.0.0',
        description: 'Datasets, rows, downloads, SQL and dashboards, shaped by the caller’s role.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  await app.register(fastifyStatic, { root: join(__dirname, '..', 'assets'), prefix: '/assets/', decorateReply: false, index: false });
  const echarts = readFileSync(join(root, 'node_modules/echarts/dist/echarts.min.js'));
  app.get('/assets/echarts.min.js', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=86400').type('application/javascript; charset=utf-8');
    return echarts;
  });

  app.addHook('onRequest', authenticator(settings.home, ctx.sessions));
  app.addHook('preHandler', csrfGuard(ctx.sessions));
  app.setErrorHandler((error: FastifyError & { code?: string }, request, reply) => {
    const status = statusOf(error);
    if (status >= 500) request.log.error(error);
    if (status === 403 && error.code === 'ACCESS_DENIED') {
      ctx.audit.record({
        user: request.subject.user,
        role: request.subject.role,
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status,
      });
    }
    void reply
      .code(status)
      .send({ error: error.code ?? 'ERROR', message: status >= 500 ? 'Internal error; see the server log.' : error.message });
  });

  registerHealthRoutes(app, requestMetrics);
  registerAuthRoutes(app, ctx);
  registerDatasetRoutes(app, ctx);
  registerQueryRoutes(app, ctx);
  registerDashboardRoutes(app, ctx);
  registerPageRoutes(app, ctx);
  return app;
}
