import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Settings } from '@acad/config';
import type { FieldCipher } from '@acad/crypto';
import { DEFAULT_PIPELINE_MEMORY_LIMIT, type ZoneStores } from '@acad/zones';
import { createPlatformLogger } from '@acad/monitoring';
import type { DestinationStream } from 'pino';
import { AuditLog } from './audit-log';
import { metricsSink, qualityHistory, zoneStores } from './compose';
import { errorReplies, frameworkErrorReply, notFoundReply } from './error-replies';
import { LOG_SERIALIZERS, RequestLogController, requestIdOf, sendRequestIdHeader } from './request-log';
import { RequestMetrics } from './request-metrics';
import { authenticator, csrfGuard } from './auth/authenticate';
import { oidcSignInFrom } from './auth/oidc-settings';
import { SessionCookies } from './auth/sessions';
import { AsOfLakes } from './data/as-of-lakes';
import { LakeCache } from './data/lake-cache';
import { QueryRunner } from './query/query-runner';
import { childProcessBuilder, ServingSnapshots } from './serving/serving-snapshots';
import { registerAuthRoutes } from './routes/auth-routes';
import { registerCatalogRoutes } from './routes/catalog-routes';
import { loadDashboardDefinitions } from './dashboards/load-dashboards';
import { registerDashboardRoutes } from './routes/dashboard-routes';
import { registerDatasetRoutes } from './routes/dataset-routes';
import { registerHealthRoutes } from './routes/health-routes';
import { registerPageRoutes } from './routes/page-routes';
import { registerQueryRoutes } from './routes/query-routes';
import { lazyCipher, type ServerContext } from './server-context';
import { registerSqlRoutes } from './routes/sql-routes';
import { editorModules, registerEditorModules } from './sql/editor-modules';
import { SqlWorkspaceStore } from './sql/sql-workspace-store';

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
  /**
   * The field cipher, opened by the caller (main opens the keyring before listening, so a lost key
   * stops the server with exit 2 instead of failing a registrar's request later). Tests leave it out:
   * the keyring is then opened on first use.
   */
  cipher?: FieldCipher;
  /** The folder of dashboard definitions; by default the app's `dashboards/`. */
  dashboardFolder?: string;
  /** Where the request log goes; by default `<ACAD_HOME>/logs/publishing-server.log`. */
  logStream?: DestinationStream;
}

const root = resolve(__dirname, '../../..');

/** The publishing server, wired from the adapters its composition root (`compose.ts`) chooses. */
export async function buildServer(settings: Settings, options: ServerOptions = {}): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = createPlatformLogger(settings, 'publishing-server', {
    destination: options.logStream,
    serializers: LOG_SERIALIZERS,
  });
  const app = Fastify({
    loggerInstance: logger,
    logController: new RequestLogController(),
    genReqId: requestIdOf,
    frameworkErrors: frameworkErrorReply,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 64 * 1024,
  });
  sendRequestIdHeader(app);
  const stores = options.stores ?? zoneStores(settings);
  const serving = new ServingSnapshots(stores, settings.home, childProcessBuilder(settings));
  const ctx: ServerContext = {
    settings,
    stores,
    lake: new LakeCache(serving, settings),
    pastLakes: new AsOfLakes(stores, { memoryLimit: settings.duckdbMemoryLimit, threads: settings.duckdbThreads }),
    audit: new AuditLog(settings.home),
    sessions: new SessionCookies(settings.sessionSecret, settings.sessionHours),
    oidc: oidcSignInFrom(settings),
    queries: new QueryRunner(serving, {
      timeoutMs: options.queryTimeoutMs ?? 10_000,
      rowCap: options.queryRowCap ?? 10_000,
      processes: options.queryProcesses,
      perUser: options.queryPerUser,
      threads: settings.duckdbThreads,
      memoryLimit: settings.duckdbMemoryLimit ?? DEFAULT_PIPELINE_MEMORY_LIMIT,
    }),
    cipher: openedOr(options.cipher, settings, stores),
    dashboards: loadDashboardDefinitions(options.dashboardFolder ?? join(__dirname, '..', 'dashboards')),
    dashboardCache: new Map(),
    qualityHistory: qualityHistory(settings),
    sqlWorkspace: new SqlWorkspaceStore(settings.home),
  };
  if (options.warm) {
    // The snapshots build in the background (a failed build is reported by the request that needs
    // it); a spare query process is started before the server listens, so the first query need not wait for one.
    void ctx.lake.get().catch(() => undefined);
    await ctx.queries.warm();
  }
  // For the monitoring reporter: request counts and latency through the configured metrics sink.
  const requestMetrics = new RequestMetrics(metricsSink(settings));
  app.addHook('onClose', async () => {
    await requestMetrics.close();
    await ctx.queries.close();
    await ctx.lake.close();
    await ctx.pastLakes.close();
    await serving.close();
  });

  // The SQL page's editor: CodeMirror's modules from node_modules, found through an inline import map.
  const editor = editorModules(join(root, 'node_modules'));
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { 'script-src': ["'self'", editor.importMapHash], 'img-src': ["'self'", 'data:'], 'connect-src': ["'self'"] },
    },
    // Same-origin pages only; no CORS plugin, so no Access-Control-Allow-Origin is ever sent.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  await app.register(cookie, { secret: ctx.sessions.signingKey.toString('base64') });
  await app.register(formbody);
  // Limits count per API token where there is one: behind a proxy every caller shares one address,
  // and one analyst's burst must not stop the others. The authenticator (onRequest) runs first.
  await app.register(rateLimit, { global: false, keyGenerator: (request) => request.subject.tokenId ?? request.ip });
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
  // The API docs lead back to the app: its logo is a link to the dashboards.
  const assets = join(__dirname, '..', 'assets');
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    logo: { type: 'image/svg+xml', content: readFileSync(join(assets, 'docs-logo.svg')), href: '/', target: '_self' },
    theme: {
      title: 'API — Academics Data Platform',
      js: [{ filename: 'docs-back-link.js', content: readFileSync(join(assets, 'docs-back-link.js'), 'utf8') }],
      favicon: [
        { filename: 'favicon.svg', rel: 'icon', type: 'image/svg+xml', sizes: 'any', content: readFileSync(join(assets, 'favicon.svg')) },
      ],
    },
  });
  await app.register(fastifyStatic, { root: assets, prefix: '/assets/', decorateReply: false, index: false });
  // Browsers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) => reply.code(301).redirect('/assets/favicon.svg'));
  const echarts = readFileSync(join(root, 'node_modules/echarts/dist/echarts.min.js'));
  app.get('/assets/echarts.min.js', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=86400').type('application/javascript; charset=utf-8');
    return echarts;
  });

  app.addHook('onRequest', authenticator(settings.home, ctx.sessions));
  app.addHook('preHandler', csrfGuard());
  app.setErrorHandler(errorReplies(ctx));
  app.setNotFoundHandler(notFoundReply);

  registerHealthRoutes(app, requestMetrics);
  registerAuthRoutes(app, ctx);
  registerDatasetRoutes(app, ctx);
  registerCatalogRoutes(app, ctx);
  registerQueryRoutes(app, ctx);
  registerDashboardRoutes(app, ctx);
  registerPageRoutes(app, ctx);
  registerEditorModules(app, editor);
  registerSqlRoutes(app, ctx, editor);
  return app;
}

function openedOr(cipher: FieldCipher | undefined, settings: Settings, stores: ZoneStores): () => Promise<FieldCipher> {
  return cipher ? () => Promise.resolve(cipher) : lazyCipher(settings, stores);
}
