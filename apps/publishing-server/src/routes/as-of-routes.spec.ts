import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createZoneStores, readSnapshot } from '@acad/zones';
import { buildServer } from '../build-server';
import { AS_OF_PATTERN } from '../data/as-of-lakes';
import { acad, ingestInto, sampleLake, type SampleLake } from '../sample-lake.test-support';

/** A correction of the sample's first attendance rows: the same sessions, now absent, recorded later (the latest wins). */
function attendanceCorrection(lake: SampleLake): string {
  const [header, ...rows] = readFileSync(join(lake.sampleDir, 'attendance.csv'), 'utf8').trim().split('\n');
  const columns = header.split(',');
  const status = columns.indexOf('status');
  const late = columns.indexOf('minutes_late');
  const recorded = columns.indexOf('recorded_at');
  const corrected = rows.slice(0, 40).map((line) => {
    const fields = line.split(',');
    fields[status] = 'absent';
    fields[late] = '';
    fields[recorded] = '2025-12-31T12:00:00Z';
    return fields.join(',');
  });
  const file = join(lake.sampleDir, 'attendance-correction.csv');
  writeFileSync(file, [header, ...corrected].join('\n') + '\n');
  return file;
}

describe('asOf on the dataset and dashboard APIs', () => {
  let lake: SampleLake;
  let app: FastifyInstance;
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${lake.tokens.admin}` } });
  const body = async (url: string) => {
    const reply = await get(url);
    expect({ url, status: reply.statusCode }).toEqual({ url, status: 200 });
    return reply.json();
  };
  /** Rows of a dataset as a sorted list, so two reads compare whatever order the engine gave them in. */
  const rowsOf = async (dataset: string, asOf?: string) => {
    const answer = await body(`/api/datasets/${dataset}/rows?format=json&limit=100000${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`);
    return (answer.rows as unknown[]).map((row) => JSON.stringify(row)).sort();
  };
  const urls = ['/api/datasets', '/api/datasets/attendance', '/api/dashboards/attendance'];

  let firstSeq: number;
  let firstCommittedAt: string;
  const first = new Map<string, unknown>();

  beforeAll(async () => {
    lake = await sampleLake(60);
    app = await buildServer(lake.settings, { queryTimeoutMs: 8000 });
    const snapshot = await readSnapshot(createZoneStores({ home: lake.home }).platform);
    firstSeq = snapshot.seq;
    firstCommittedAt = snapshot.entries[snapshot.entries.length - 1].committedAt;
    // The first state, read as every caller reads it today.
    first.set('attendance', await rowsOf('attendance'));
    first.set('attendance_weekly', await rowsOf('attendance_weekly'));
    for (const url of urls) first.set(url, await body(url));
    await ingestInto(lake.home, 'attendance', attendanceCorrection(lake));
  }, 300_000);
  afterAll(() => app?.close());

  it('answers as the lake was committed at the first state, trusted and curated, while the latest state moved on', async () => {
    expect((await readSnapshot(createZoneStores({ home: lake.home }).platform)).seq).toBe(firstSeq + 1);
    const latest = String(firstSeq + 1);
    expect(await rowsOf('attendance', latest)).not.toEqual(first.get('attendance'));
    expect(await rowsOf('attendance_weekly', latest)).not.toEqual(first.get('attendance_weekly'));

    expect(await rowsOf('attendance', String(firstSeq))).toEqual(first.get('attendance'));
    expect(await rowsOf('attendance_weekly', String(firstSeq))).toEqual(first.get('attendance_weekly'));
    // The moment of the first state's last commit names the same state.
    expect(await rowsOf('attendance_weekly', firstCommittedAt)).toEqual(first.get('attendance_weekly'));
  }, 120_000);

  it('gives the catalog, a dataset and a dashboard as they were', async () => {
    for (const url of urls) expect(await body(`${url}?asOf=${firstSeq}`)).toEqual(first.get(url));
    expect(await body(`/api/dashboards/attendance?asOf=${firstSeq + 1}`)).not.toEqual(first.get('/api/dashboards/attendance'));
  }, 120_000);

  it('reads the latest commit as at its number as the server reads the lake without asOf, once its serving snapshot is built', async () => {
    const latest = await rowsOf('attendance', String(firstSeq + 1));
    // The server answers from its last built snapshot while the next one builds in the background.
    const deadline = Date.now() + 90_000;
    let current = await rowsOf('attendance');
    while (Date.now() < deadline && JSON.stringify(current) !== JSON.stringify(latest)) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      current = await rowsOf('attendance');
    }
    expect(current).toEqual(latest);
  }, 120_000);

  it('names why a time cannot be answered: 400 for what is not a time, 404 for a time the commit log cannot give', async () => {
    const malformed = await get('/api/datasets/attendance/rows?asOf=yesterday');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().message).toContain('asOf');
    for (const [asOf, why] of [
      [String(firstSeq + 2), `commits run from 1 to ${firstSeq + 1}`],
      ['2001-01-01', 'the first commit was made at '],
      ['2999-01-01', 'it is in the future'],
    ]) {
      for (const url of [`/api/datasets/attendance/rows?asOf=${asOf}`, `/api/dashboards/attendance?asOf=${asOf}`]) {
        const reply = await get(url);
        expect({ url, status: reply.statusCode, error: reply.json().error }).toEqual({ url, status: 404, error: 'AS_OF_UNAVAILABLE' });
        expect(reply.json().message).toContain(`Cannot read the lake as at ${asOf}: ${why}`);
      }
    }
  }, 120_000);

  it('documents asOf in the OpenAPI schema of every dataset and dashboard route', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const path of ['/api/datasets', '/api/datasets/{name}', '/api/datasets/{name}/rows', '/api/dashboards/{id}']) {
      const asOf = (spec.paths[path].get.parameters as Array<{ in: string; name: string; description?: string; schema: object }>).find(
        (p) => p.in === 'query' && p.name === 'asOf',
      );
      expect({ path, asOf }).toEqual({
        path,
        asOf: expect.objectContaining({ schema: expect.objectContaining({ type: 'string', pattern: AS_OF_PATTERN }) }),
      });
      expect(JSON.stringify(asOf)).toContain('a commit number (42), a day (2025-10-01');
    }
  });

  it('says so when the files of that time were vacuumed (retention window of 0 days)', async () => {
    await acad(lake.home, ['vacuum', '--retention-days', '0']);
    // A commit not opened before the vacuum: its superseded attendance files are gone.
    const reply = await get(`/api/datasets/attendance/rows?asOf=${firstSeq - 1}`);
    expect(reply.statusCode).toBe(404);
    expect(reply.json()).toMatchObject({ error: 'AS_OF_UNAVAILABLE' });
    expect(reply.json().message).toMatch(new RegExp(`Cannot read the lake as at commit ${firstSeq - 1}: its file .* was removed`));
    expect((await get(`/api/datasets/attendance/rows?asOf=${firstSeq + 1}`)).statusCode).toBe(200);
  }, 120_000);
});
