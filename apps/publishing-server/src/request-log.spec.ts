import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createZoneStores } from '@acad/zones';
import { buildServer } from './build-server';
import { errorForLog } from './request-log';
import { emptyLake, type EmptyLake } from './sample-lake.test-support';

// Values that pass through requests and must never reach the log.
const STUDENT = 'S1234567';
const EMAIL = 'ada.lovelace@uni.example';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const secretOf = (token: string) => token.slice('acad_0123456789abcdef_'.length);

function captured() {
  const lines: string[] = [];
  return {
    stream: { write: (line: string) => void lines.push(line) },
    text: () => lines.join(''),
    entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('errorForLog', () => {
  it('keeps type, code, stack frames and the shape of the message, not the values it quotes', () => {
    const error = Object.assign(
      new Error(
        `Conversion Error: Could not convert string '${STUDENT}' to INT32 for ${EMAIL}, phone 5551234567, "unterminated ${STUDENT}\nLINE 1: select ${STUDENT}`,
      ),
      { code: 'QUERY_FAILED' },
    );
    const logged = errorForLog(error);
    expect(logged).toEqual({
      type: 'Error',
      code: 'QUERY_FAILED',
      message: 'Conversion Error: Could not convert string … to INT32 for … phone … …',
      stack: expect.arrayContaining([expect.stringMatching(/^at .*request-log\.spec\.ts/)]),
    });
    expect(JSON.stringify(logged)).not.toMatch(/S1234567|ada\.lovelace|5551234567/);
  });
});

describe('the request log', () => {
  let lake: EmptyLake;
  let app: FastifyInstance;
  const log = captured();

  beforeAll(async () => {
    lake = emptyLake();
    app = await buildServer(lake.settings, { logStream: log.stream });
  });
  afterAll(() => app?.close());

  it('writes one JSON line per request (id, method, route pattern, status, duration, role), never a body, query value, cookie or token', async () => {
    const responses = [
      await app.inject({
        method: 'POST',
        url: '/api/query',
        headers: { authorization: `Bearer ${lake.tokens.analyst}` },
        payload: { sql: `select '${STUDENT}' as student_id, '${EMAIL}' as email` },
      }),
      await app.inject({
        method: 'GET',
        url: `/api/datasets/attendance_weekly/rows?filter.course_code=${STUDENT}`,
        headers: { cookie: `acad_session=${STUDENT}` },
      }),
      await app.inject({ method: 'GET', url: `/no/such/page?email=${encodeURIComponent(EMAIL)}` }),
      await app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `token=${lake.tokens.admin}&_csrf=${STUDENT}`,
      }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 404, 403]);
    // The positive control: the values did go through the server.
    expect(responses[0].body).toContain(STUDENT);
    const expected = [
      { method: 'POST', route: '/api/query', status: 200, role: 'analyst' },
      { method: 'GET', route: '/api/datasets/:name/rows', status: 200, role: 'public' },
      { method: 'GET', route: 'unmatched', status: 404, role: 'public' },
      { method: 'POST', route: '/sign-in', status: 403, role: 'public' },
    ];
    responses.forEach((response, i) => {
      const id = response.headers['x-request-id'];
      expect(id).toMatch(UUID);
      const lines = log.entries().filter((l) => l['reqId'] === id);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ ...expected[i], name: 'publishing-server', level: 30, runId: expect.stringMatching(UUID) });
      expect(lines[0]['responseTime']).toEqual(expect.any(Number));
    });
    // The token's id (as `acad token list` shows it) traces a request to its token; the token itself is never written.
    expect(log.entries().find((l) => l['reqId'] === responses[0].headers['x-request-id'])?.['tokenId']).toBe(
      lake.tokens.analyst.slice(5, 21),
    );
    const text = log.text();
    for (const never of [STUDENT, EMAIL, secretOf(lake.tokens.analyst), secretOf(lake.tokens.admin), 'select', 'filter.', 'Bearer'])
      expect(text).not.toContain(never);
    expect(text.toLowerCase()).not.toMatch(/authorization|cookie/);
  }, 60_000);

  it('answers and logs a URL it cannot read without repeating it', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/datasets/%E0%A4%A${STUDENT}` });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'FST_ERR_BAD_URL', message: expect.any(String), requestId: response.headers['x-request-id'] });
    expect(response.body).not.toContain(STUDENT);
    expect(log.entries().filter((l) => l['reqId'] === response.headers['x-request-id'])).toEqual([
      expect.objectContaining({ status: 400, error: 'FST_ERR_BAD_URL', route: 'unmatched' }),
    ]);
    expect(log.text()).not.toContain(STUDENT);
  });

  it('keeps a well-formed x-request-id from a proxy and replaces anything else', async () => {
    const proxied = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': '0123456789abcdef0123456789abcdef' } });
    expect(proxied.headers['x-request-id']).toBe('0123456789abcdef0123456789abcdef');
    expect(log.entries().some((l) => l['reqId'] === '0123456789abcdef0123456789abcdef' && l['route'] === '/healthz')).toBe(true);
    const odd = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': `${STUDENT}-${EMAIL}` } });
    expect(odd.headers['x-request-id']).toMatch(UUID);
    expect(log.text()).not.toContain(STUDENT);
  });

  it('answers a failure with its request id, and logs where it failed but not the data it choked on', async () => {
    const broken = emptyLake();
    // A damaged commit-log entry: JSON.parse quotes the text it could not read in its message.
    await createZoneStores(broken.settings).platform.put(
      '_log/00000000000000000001.json',
      Buffer.from(`{"student_id": "${STUDENT}", oops`),
    );
    const brokenLog = captured();
    const server = await buildServer(broken.settings, { logStream: brokenLog.stream });
    try {
      const api = await server.inject({ method: 'GET', url: '/api/datasets', headers: { authorization: `Bearer ${broken.tokens.admin}` } });
      expect(api.statusCode).toBe(500);
      const body = api.json();
      expect(body).toEqual({
        error: 'INTERNAL_ERROR',
        message: expect.stringContaining(body.requestId),
        requestId: api.headers['x-request-id'],
      });
      const page = await server.inject({ method: 'GET', url: '/catalog', headers: { authorization: `Bearer ${broken.tokens.admin}` } });
      expect(page.statusCode).toBe(500);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toContain(page.headers['x-request-id'] as string);
      expect(page.body).not.toContain(STUDENT);

      const lines = brokenLog.entries().filter((l) => l['reqId'] === body.requestId);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 50,
        route: '/api/datasets',
        status: 500,
        role: 'admin',
        error: 'INTERNAL_ERROR',
        failure: { type: 'SyntaxError', message: expect.stringMatching(/JSON/) },
      });
      expect((lines[0]['failure'] as { stack: string[] }).stack.some((frame) => /commit-log/.test(frame))).toBe(true);
      expect(brokenLog.text()).not.toContain(STUDENT);
    } finally {
      await server.close();
    }
  });

  it('writes to <ACAD_HOME>/logs/publishing-server.log when no stream is given', async () => {
    const server = await buildServer(lake.settings);
    const response = await server.inject({ method: 'GET', url: '/healthz' });
    await server.close();
    const file = join(lake.home, 'logs', 'publishing-server.log');
    expect(existsSync(file)).toBe(true);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toContainEqual(expect.objectContaining({ reqId: response.headers['x-request-id'], route: '/healthz', status: 200 }));
  });
});
