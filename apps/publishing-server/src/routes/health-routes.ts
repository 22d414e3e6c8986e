import type { FastifyInstance } from 'fastify';
import { authorize, MONITORING_RESOURCE, policiesFor } from '@acad/access';
import { Histogram, Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestMetrics } from '../request-metrics';

/** GET /healthz and GET /metrics (Prometheus text): request counts and latency by route and status. */
export function registerHealthRoutes(app: FastifyInstance, requestMetrics?: RequestMetrics): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'acad_http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'acad_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the URL: it would put dataset names and filter values in labels unbounded.
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
    requestMetrics?.record(labels.route, reply.statusCode, reply.elapsedTime);
  });
  app.get('/healthz', { schema: { tags: ['operations'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));
  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics (acad:ReadMonitoring)' } }, async (request, reply) => {
    authorize(policiesFor(request.subject.role), { action: 'acad:ReadMonitoring', resource: MONITORING_RESOURCE });
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
