import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createToken } from '@acad/access';
import { BenchPartFailed } from '../bench-errors';
import { startPublishingServer, type PublishingServerProcess } from '../publishing-server-process';
import { formatNumber, ratio, type BenchRow } from '../report';

/** Touches every row of trusted.attendance, as an analyst's first question might. */
export const SQL_QUERY = 'SELECT status, count(*) AS n FROM trusted.attendance GROUP BY status ORDER BY status';

export interface SqlServing {
  /** Generated attendance rows in the lake. */
  rows: number;
  /** Rows the answer counted (generated plus the sample attendance). */
  counted: number;
  /** Serving folder removed first: the server builds the snapshots, then answers. */
  cold: { startMs: number; firstAnswerMs: number };
  /** The same server started again over the snapshots it built. */
  restart: {
    startMs: number;
    firstAnswerMs: number;
    secondUserMs: number;
    rssMiB: { main: number; tree: number };
    mainPeakMiB: number;
  };
}

async function timedQuery(url: string, token: string): Promise<{ ms: number; rows: unknown[][] }> {
  const started = performance.now();
  const response = await fetch(`${url}/api/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sql: SQL_QUERY }),
  });
  const body = await response.text();
  if (!response.ok) throw new BenchPartFailed('serve sql', `POST /api/query answered ${response.status}: ${body.slice(0, 300)}`);
  return { ms: performance.now() - started, rows: (JSON.parse(body) as { rows: unknown[][] }).rows };
}

/**
 * SQL over a lake of `rows` attendance rows at `home`: one server started with no serving
 * snapshots (it builds them, then answers), then one started again over them, each asked
 * `SQL_QUERY` as soon as it listens, by two analysts in turn. RSS is read after the answers.
 */
export async function measureSqlServing(home: string, rows: number): Promise<SqlServing> {
  await rm(join(home, 'serving'), { recursive: true, force: true });
  const [first, second] = ['bench-analyst-a', 'bench-analyst-b'].map((user) => createToken(home, { user, role: 'analyst' }).token);
  let server: PublishingServerProcess | undefined;
  try {
    server = await startPublishingServer(home, 600_000);
    const coldAnswer = await timedQuery(server.url, first);
    const cold = { startMs: server.startMs, firstAnswerMs: coldAnswer.ms };
    await server.stop();
    server = await startPublishingServer(home);
    const answer = await timedQuery(server.url, first);
    const other = await timedQuery(server.url, second);
    const restart = {
      startMs: server.startMs,
      firstAnswerMs: answer.ms,
      secondUserMs: other.ms,
      rssMiB: server.rssMiB(),
      mainPeakMiB: server.peakRssMiB(),
    };
    const counted = answer.rows.reduce((sum, row) => sum + Number(row[1]), 0);
    if (counted < rows) throw new BenchPartFailed('serve sql', `the answer counted ${counted} rows, fewer than the ${rows} generated`);
    return { rows, counted, cold, restart };
  } finally {
    await server?.stop();
    // The tokens and audit lines of this run: the cached lake must not grow run by run.
    await rm(join(home, 'access'), { recursive: true, force: true });
    await rm(join(home, 'audit'), { recursive: true, force: true });
  }
}

/** Report rows for the SQL measurements, smallest lake first; targets apply to the largest. */
export function sqlServingRows(measured: SqlServing[]): BenchRow[] {
  const rows: BenchRow[] = [];
  if (measured.length === 0) return rows;
  const smallest = measured[0];
  const largest = measured[measured.length - 1];
  for (const m of measured) {
    const at = `${formatNumber(m.rows)} rows`;
    const last = m === largest;
    rows.push(
      {
        suite: 'serve',
        measure: `SQL first answer, ${at} (server restarted over its snapshots)`,
        value: m.restart.firstAnswerMs,
        unit: 'ms',
        ...(last ? { target: { op: '<=' as const, threshold: 1000 } } : {}),
      },
      { suite: 'serve', measure: `SQL answer to a second analyst, ${at}`, value: m.restart.secondUserMs, unit: 'ms' },
      { suite: 'serve', measure: `SQL first answer, ${at}, cold (snapshots built first)`, value: m.cold.firstAnswerMs, unit: 'ms' },
      { suite: 'serve', measure: `server start to listening, ${at}`, value: m.restart.startMs, unit: 'ms' },
      {
        suite: 'serve',
        measure: `server RSS after the answers, ${at} (server + query processes)`,
        value: m.restart.rssMiB.tree,
        unit: 'MiB',
        ...(last ? { target: { op: '<=' as const, threshold: 600 } } : {}),
      },
      { suite: 'serve', measure: `server RSS after the answers, ${at} (server process alone)`, value: m.restart.rssMiB.main, unit: 'MiB' },
    );
  }
  if (measured.length > 1) {
    rows.push({
      suite: 'serve',
      measure: `server RSS (server + query processes), ${formatNumber(largest.rows)} vs ${formatNumber(smallest.rows)} rows`,
      value: largest.restart.rssMiB.tree,
      unit: 'MiB',
      ratio: { value: ratio(largest.restart.rssMiB.tree, smallest.restart.rssMiB.tree), label: `÷ RSS at ${formatNumber(smallest.rows)}` },
      target: { op: '<=', threshold: 1.3 },
    });
  }
  return rows;
}
