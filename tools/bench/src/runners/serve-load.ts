import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { reportProgress, runAsRunner } from './runner-protocol';

interface Input {
  url: string;
  staticPath: string;
  seconds: number;
  connections: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  p50: number;
  p99: number;
  maxMs: number;
  bytesPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** The filter lists a dashboard answer offers (GET /api/dashboards/:id, `filters.options`). */
interface DashboardFilters {
  filters: { options: { term?: string[]; department?: string[]; course?: string[]; programme?: string[] } };
}

const WARM_UP_SECONDS = 2;
// What a browser's fetch sends: a dashboard answer then comes gzipped, as the page receives it.
const BROWSER_HEADERS = { 'accept-encoding': 'gzip, deflate, br' };

async function timedGet(url: string): Promise<{ ms: number; bytes: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 300)}`);
  return { ms: performance.now() - started, bytes: Buffer.byteLength(body), body };
}

function load(url: string, paths: string[], seconds: number, connections: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections, duration: seconds, requests: paths.map((path) => ({ method: 'GET', path, headers: BROWSER_HEADERS })) },
      (error, r) => {
        if (error) return reject(error);
        resolve({
          requestsPerSecond: r.requests.average,
          requests: r.requests.total,
          p50: r.latency.p50,
          p99: r.latency.p99,
          maxMs: r.latency.max,
          bytesPerSecond: r.throughput.average,
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
        });
      },
    );
  });
}

function firstUseful(values: string[] | undefined): string | undefined {
  return values?.find((v) => v !== 'unknown') ?? values?.[0];
}

/**
 * Loads the public dashboard data endpoints of a running publishing server (with and without
 * filters, the filter values read from the dashboards themselves) and then one static asset of
 * the same server, each with autocannon for `seconds` after an untimed warm-up.
 */
runAsRunner<Input, object>(async ({ url, staticPath, seconds, connections }) => {
  // The first request opens the lake; each first request per filter computes its answer.
  const attendance = await timedGet(`${url}/api/dashboards/attendance`);
  const admissions = await timedGet(`${url}/api/dashboards/admissions`);
  const a = (JSON.parse(attendance.body) as DashboardFilters).filters.options;
  const b = (JSON.parse(admissions.body) as DashboardFilters).filters.options;
  const term = firstUseful(a.term);
  const department = firstUseful(a.department);
  const course = firstUseful(a.course);
  const intake = firstUseful(b.term);
  const programme = firstUseful(b.programme);
  const filtered = [
    '/api/dashboards/grades',
    term && `/api/dashboards/attendance?term=${encodeURIComponent(term)}`,
    department && `/api/dashboards/attendance?department=${encodeURIComponent(department)}`,
    // A drill-down's last step: one course's weeks.
    course && `/api/dashboards/attendance?course=${encodeURIComponent(course)}`,
    intake && `/api/dashboards/admissions?term=${encodeURIComponent(intake)}`,
    programme && `/api/dashboards/admissions?programme=${encodeURIComponent(programme)}`,
  ].filter((p): p is string => Boolean(p));
  const coldMs: Record<string, number> = { '/api/dashboards/attendance': attendance.ms, '/api/dashboards/admissions': admissions.ms };
  const bodyBytes: Record<string, number> = {
    '/api/dashboards/attendance': attendance.bytes,
    '/api/dashboards/admissions': admissions.bytes,
  };
  for (const path of filtered) {
    const got = await timedGet(`${url}${path}`);
    coldMs[path] = got.ms;
    bodyBytes[path] = got.bytes;
  }
  bodyBytes[staticPath] = (await timedGet(`${url}${staticPath}`)).bytes;
  const paths = ['/api/dashboards/attendance', '/api/dashboards/admissions', ...filtered];
  reportProgress(1, 3);

  await load(url, [...paths, staticPath], Math.min(WARM_UP_SECONDS, seconds), connections);
  const dashboards = await load(url, paths, seconds, connections);
  reportProgress(2, 3);
  const staticFile = await load(url, [staticPath], seconds, connections);
  reportProgress(3, 3);
  const bad = [dashboards, staticFile].filter((r) => r.non2xx > 0 || r.errors > 0);
  if (bad.length > 0) throw new Error(`Not every request succeeded: ${JSON.stringify({ dashboards, static: staticFile })}`);
  return { paths, coldMs, bodyBytes, dashboards, static: staticFile };
});
