import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { captureEnvironment, loadNote } from '../environment';
import { runMeasured, type Measurement } from '../measure';
import { startPublishingServer, type PublishingServerProcess } from '../publishing-server-process';
import { evaluateRow, formatNumber, ratio, type BenchRow, type SuiteResult } from '../report';
import { servedLake } from '../served-lake';
import type { LoadResult } from '../runners/serve-load';
import { measureSqlServing, sqlServingRows, SQL_QUERY, type SqlServing } from './serve-sql';
import { kibToMib, parametersOf, type SuiteOptions } from './suite-options';

type ServeLoad = Measurement & {
  paths: string[];
  coldMs: Record<string, number>;
  bodyBytes: Record<string, number>;
  dashboards: LoadResult;
  static: LoadResult;
};

const CONNECTIONS = 50;
const STATIC_PATH = '/assets/app.css';

/**
 * Issue 7: the publishing server's public dashboard data endpoints under load (autocannon, 50
 * connections) over a lake built from `rows` attendance rows, against a static file served by
 * the same server in the same run. Server and load generator each run in their own process.
 * Issue 18: SQL served from read-only snapshots, first answer and RSS over lakes of `rows` ÷ 10
 * and `rows` rows, and the ratio of their RSS.
 */
export async function runServeSuite(options: SuiteOptions): Promise<SuiteResult> {
  const { progress } = options;
  const startedAt = new Date().toISOString();
  await mkdir(options.cacheDir, { recursive: true });
  let server: PublishingServerProcess | undefined;
  let home: string | undefined;
  try {
    progress.start(`lake of ${options.rows} rows`, 6);
    const lake = await servedLake(options.cacheDir, options.rows, options.seed, (done, total) => progress.update(done, total));
    home = lake.home;
    // The load average that matters is the one while serving, not during the lake build.
    const env = captureEnvironment();
    progress.start('start publishing server', 1);
    server = await startPublishingServer(lake.home);
    progress.start(`load ${options.serveSeconds} s × 2`, 3);
    const run = await runMeasured<ServeLoad>(
      'serve-load',
      { url: server.url, staticPath: STATIC_PATH, seconds: options.serveSeconds, connections: CONNECTIONS },
      { onProgress: (p) => progress.update(p.done, p.total) },
    );
    const serverPeakMiB = server.peakRssMiB();
    await server.stop();
    server = undefined;

    // SQL over a tenth of the lake and over the whole of it: RSS and first answer at both sizes.
    const lakeSizes = [...new Set(options.sqlRows ?? [Math.max(1, Math.round(options.rows / 10)), options.rows])].sort((a, b) => a - b);
    const sql: SqlServing[] = [];
    for (const size of lakeSizes) {
      progress.start(`SQL over a lake of ${size} rows`, 6);
      const sized = size === options.rows ? lake : await servedLake(options.cacheDir, size, options.seed, (d, t) => progress.update(d, t));
      sql.push(await measureSqlServing(sized.home, size));
    }
    progress.stop();

    const { dashboards, static: staticFile } = run;
    const endpoints = `${run.paths.length} dashboard data endpoints`;
    const rows: BenchRow[] = [
      {
        suite: 'serve',
        measure: `static file ${STATIC_PATH} (${run.bodyBytes[STATIC_PATH]} B), ${CONNECTIONS} connections`,
        value: staticFile.requestsPerSecond,
        unit: 'req/s',
      },
      { suite: 'serve', measure: 'static file p99 latency', value: staticFile.p99, unit: 'ms' },
      {
        suite: 'serve',
        measure: `${endpoints} (public), ${CONNECTIONS} connections`,
        value: dashboards.requestsPerSecond,
        unit: 'req/s',
        target: { op: '>=', threshold: 1000 },
      },
      { suite: 'serve', measure: 'dashboards p99 latency', value: dashboards.p99, unit: 'ms', target: { op: '<=', threshold: 50 } },
      {
        suite: 'serve',
        measure: 'dashboards throughput vs static file',
        value: dashboards.requestsPerSecond,
        unit: 'req/s',
        ratio: { value: ratio(dashboards.requestsPerSecond, staticFile.requestsPerSecond), label: '÷ static' },
      },
      { suite: 'serve', measure: 'first dashboard request (opens the lake)', value: run.coldMs['/api/dashboards/attendance'], unit: 'ms' },
      { suite: 'serve', measure: 'server peak RSS', value: serverPeakMiB, unit: 'MiB' },
      { suite: 'serve', measure: 'load generator peak RSS', value: kibToMib(run.maxRssKiB), unit: 'MiB' },
      ...sqlServingRows(sql),
    ];
    const cold = Object.entries(run.coldMs)
      .map(([path, ms]) => `${path} ${formatNumber(ms)} ms`)
      .join(', ');
    const sizes = run.paths.map((p) => `${p} ${run.bodyBytes[p]} B`).join(', ');
    const finished = env.finish();
    const lakeRows = lake.batches['attendance'];
    return {
      suite: 'serve',
      startedAt,
      finishedAt: new Date().toISOString(),
      environment: finished,
      parameters: {
        ...parametersOf(options),
        connections: CONNECTIONS,
        staticPath: STATIC_PATH,
        lakeHome: lake.home,
        lakeCached: lake.cached,
      },
      rows: rows.map(evaluateRow),
      notes: [
        `Lake: ${lakeRows.read} generated attendance rows (${lakeRows.accepted} accepted, seed "${options.seed}") plus the sample students, courses, admissions and attendance (${lake.batches['sample attendance']?.accepted} rows), ingested by the ingestion worker CLI${lake.cached ? ', reused from the cache' : ` in ${formatNumber(lake.buildSeconds)} s`}. Most generated sections are not in the sample course list, so their department is "unknown".`,
        `Server: apps/publishing-server main.ts in its own process on 127.0.0.1 (ephemeral port), default settings; load: autocannon in another process, ${CONNECTIONS} connections, ${options.serveSeconds} s per part after a 2 s untimed warm-up of every path, each request sending a browser's Accept-Encoding (gzip, deflate, br). Both share this machine's CPUs, which costs the server throughput.`,
        `Dashboards: the public (anonymous) role cycling over ${run.paths.join(', ')}. Answers are cached per lake commit, role and filters, so after the first request each is the cached JSON plus authorisation and an audit line; first (uncached) requests: ${cold}.`,
        `Dashboards ${Math.round(dashboards.requests)} requests, p50 ${dashboards.p50} ms, p99 ${dashboards.p99} ms, max ${dashboards.maxMs} ms, ${formatNumber(dashboards.bytesPerSecond / 1e6)} MB/s; static ${Math.round(staticFile.requests)} requests, p50 ${staticFile.p50} ms, p99 ${staticFile.p99} ms, ${formatNumber(staticFile.bytesPerSecond / 1e6)} MB/s. Body sizes: ${sizes}.`,
        ...(sql.length === 0
          ? []
          : [
              `SQL: \`${SQL_QUERY}\` by an analyst over lakes of ${sql.map((m) => m.rows).join(' and ')} generated rows. Cold: the serving folder removed, a server started (it builds the snapshots in a child process, then answers; start-up ${sql.map((m) => `${formatNumber(m.cold.startMs)} ms`).join(', ')}). Restart: a server started again over those snapshots and asked at once (its spare query process is started before it listens), then a second analyst. RSS is VmRSS after the answers, of the server and of it with its query processes; the server's own peak ${sql.map((m) => `${formatNumber(m.restart.mainPeakMiB)} MiB`).join(', ')}.`,
            ]),
        ...loadNote(finished),
      ],
      parts: { load: run, server: { peakRssMiB: serverPeakMiB }, lake, sql },
    };
  } finally {
    progress.stop();
    await server?.stop();
    // The server appended an audit line per request to the cached lake: drop them so the cache does not grow run by run.
    if (home) await rm(join(home, 'audit'), { recursive: true, force: true });
  }
}
