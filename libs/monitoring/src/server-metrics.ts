import type { Metric } from './metric';

/**
 * The publishing server's metric contract: per request, `HttpRequests` (Count, 1) and
 * `HttpLatencyMs` (Milliseconds), both with dimensions Route (the route pattern such as
 * `/api/products/:name`, never a raw URL, so no identifier reaches a metric) and Status (the
 * HTTP status code). The server publishes them through any MetricsSink (locally: EMF lines
 * under ACAD_HOME/metrics), and the reporter summarises them.
 */
export const HTTP_REQUESTS_METRIC = 'HttpRequests';
export const HTTP_LATENCY_METRIC = 'HttpLatencyMs';

export function httpRequestMetrics(route: string, status: number, ms: number, timestamp = new Date()): Metric[] {
  const dimensions = { Route: route, Status: String(status) };
  return [
    { name: HTTP_REQUESTS_METRIC, unit: 'Count', value: 1, dimensions, timestamp },
    { name: HTTP_LATENCY_METRIC, unit: 'Milliseconds', value: ms, dimensions: { ...dimensions }, timestamp },
  ];
}

export interface HttpRouteSummary {
  route: string;
  status: string;
  requests: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

/** Requests and latency percentiles (nearest rank) per route and status, busiest first. */
export function summarizeHttpMetrics(metrics: readonly Metric[], since: Date): HttpRouteSummary[] {
  const groups = new Map<string, { route: string; status: string; requests: number; latencies: number[] }>();
  for (const m of metrics) {
    if (m.timestamp < since || (m.name !== HTTP_REQUESTS_METRIC && m.name !== HTTP_LATENCY_METRIC)) continue;
    const route = m.dimensions['Route'];
    const status = m.dimensions['Status'];
    if (route === undefined || status === undefined) continue;
    const key = `${route}\u0000${status}`;
    const group = groups.get(key) ?? { route, status, requests: 0, latencies: [] };
    if (m.name === HTTP_REQUESTS_METRIC) group.requests += m.value;
    else group.latencies.push(m.value);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ route, status, requests, latencies }) => {
      const sorted = latencies.sort((a, b) => a - b);
      const rank = (p: number) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]);
      return {
        route,
        status,
        requests,
        p50Ms: rank(0.5),
        p95Ms: rank(0.95),
        maxMs: sorted.length === 0 ? null : sorted[sorted.length - 1],
      };
    })
    .sort((a, b) => b.requests - a.requests || (a.route < b.route ? -1 : a.route > b.route ? 1 : a.status < b.status ? -1 : 1));
}
