import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBenchCli } from '../cli';
import type { SuiteResult } from '../report';
import { sqlServingRows, type SqlServing } from './serve-sql';

describe('serve suite', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-serve-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds a tiny lake, loads the dashboards and a static file of one server, and reports the ratio and targets', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    const argv = (sqlRows: string) => [
      'serve',
      '--rows',
      '2000',
      '--serve-seconds',
      '1',
      '--sql-rows',
      sqlRows,
      '--seed',
      'spec',
      '--json',
      '--cache-dir',
      join(dir, 'cache'),
      '--artifacts-dir',
      join(dir, 'artifacts'),
    ];
    expect(await runBenchCli(argv('2000'), io)).toBe(0);
    const { suites } = JSON.parse(out.join('\n')) as { suites: SuiteResult[] };
    const [serve] = suites;
    const row = (start: string) => serve.rows.find((r) => r.measure.startsWith(start));

    expect(row('static file /assets/app.css')?.value).toBeGreaterThan(0);
    expect(row('dashboards throughput vs static')?.ratio).toEqual({ value: expect.any(Number), label: '÷ static' });
    expect(row('dashboards throughput vs static')?.ratio?.value).toBeGreaterThan(0);
    expect(row('8 dashboard data endpoints')).toMatchObject({
      unit: 'req/s',
      target: { op: '>=', threshold: 1000 },
      pass: expect.any(Boolean),
    });
    expect(row('dashboards p99 latency')).toMatchObject({ unit: 'ms', target: { op: '<=', threshold: 50 }, pass: expect.any(Boolean) });
    expect(serve.parts['load']).toMatchObject({
      dashboards: { non2xx: 0, errors: 0 },
      static: { non2xx: 0, errors: 0 },
      paths: expect.arrayContaining([
        '/api/dashboards/attendance',
        '/api/dashboards/admissions',
        '/api/dashboards/grades',
        '/api/dashboards/attendance?term=2025-FALL',
      ]),
    });
    // A real department from the sample courses, not only the "unknown" of generated sections.
    expect((serve.parts['load'] as { paths: string[] }).paths.find((p) => p.includes('department='))).not.toMatch(/=unknown$/);
    // A drill-down's last step: one course's weeks.
    expect((serve.parts['load'] as { paths: string[] }).paths.some((p) => p.startsWith('/api/dashboards/attendance?course='))).toBe(true);
    expect(serve.parts['lake']).toMatchObject({ cached: false, batches: { attendance: { read: 2000, accepted: 2000 } } });
    // SQL from the read-only snapshots: a cold server builds them, a restarted one answers at once.
    expect(row('SQL first answer, 2,000 rows (server restarted')).toMatchObject({ unit: 'ms', target: { op: '<=', threshold: 1000 } });
    expect(row('server RSS after the answers, 2,000 rows (server + query processes)')?.value).toBeGreaterThan(
      row('server RSS after the answers, 2,000 rows (server process alone)')?.value ?? Infinity,
    );
    const [sql] = serve.parts['sql'] as SqlServing[];
    expect(sql.counted).toBeGreaterThanOrEqual(2000);
    expect(sql.cold.firstAnswerMs).toBeGreaterThan(0);
    expect(sql.restart.secondUserMs).toBeGreaterThan(0);
    expect(await readdir(join(dir, 'cache', 'lake-2000-spec', 'home'))).toContain('serving');

    // The second run (without SQL) reuses the cached lake, and the servers are gone (no audit left in the cache).
    expect(await runBenchCli(argv('none'), io)).toBe(0);
    const again = (JSON.parse(out[1]) as { suites: SuiteResult[] }).suites[0];
    expect(again.parts['lake']).toMatchObject({ cached: true, batches: { attendance: { read: 2000 } } });
    expect(again.rows.some((r) => r.measure.startsWith('SQL'))).toBe(false);
    expect(await readdir(join(dir, 'cache', 'lake-2000-spec', 'home'))).not.toContain('audit');
  }, 300_000);
});

describe('SQL serving rows', () => {
  const measured = (rows: number, tree: number, firstAnswerMs: number): SqlServing => ({
    rows,
    counted: rows,
    cold: { startMs: 900, firstAnswerMs: 5000 },
    restart: { startMs: 800, firstAnswerMs, secondUserMs: 40, rssMiB: { main: tree / 2, tree }, mainPeakMiB: tree },
  });

  it('sets the targets on the largest lake and reports the RSS ratio of the largest to the smallest', () => {
    const rows = sqlServingRows([measured(1_000_000, 400, 300), measured(10_000_000, 480, 700)]);
    const find = (start: string) => rows.find((r) => r.measure.startsWith(start));
    expect(find('SQL first answer, 1,000,000 rows (server')?.target).toBeUndefined();
    expect(find('SQL first answer, 10,000,000 rows (server')).toMatchObject({ value: 700, target: { op: '<=', threshold: 1000 } });
    expect(find('server RSS after the answers, 10,000,000 rows (server + query')).toMatchObject({ value: 480, target: { threshold: 600 } });
    expect(find('server RSS (server + query processes), 10,000,000 vs 1,000,000 rows')).toMatchObject({
      value: 480,
      ratio: { value: 1.2, label: '÷ RSS at 1,000,000' },
      target: { op: '<=', threshold: 1.3 },
    });
    expect(sqlServingRows([measured(2000, 300, 10)]).some((r) => r.ratio)).toBe(false);
  });
});
