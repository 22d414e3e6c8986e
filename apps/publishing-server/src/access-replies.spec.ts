import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildServer } from './build-server';
import { emptyLake, type EmptyLake } from './sample-lake.test-support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Raw policy wording a person should never be shown on a page.
const POLICY_TEXT = /acad:|Access denied|policy|ImplicitDeny|ExplicitDeny/;

describe('answers to callers who may not', () => {
  let lake: EmptyLake;
  let app: FastifyInstance;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    lake = emptyLake();
    app = await buildServer(lake.settings, { logStream: { write: () => undefined } });
  });
  afterAll(() => app?.close());

  it.each([
    ['GET', '/api/datasets'],
    ['POST', '/api/query'],
    ['GET', '/metrics'],
  ])('%s %s without a token: 401 with WWW-Authenticate: Bearer and the request id', async (method, url) => {
    const response = await app.inject({ method: method as 'GET', url, ...(method === 'POST' ? { payload: { sql: 'select 1' } } : {}) });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="acad"');
    expect(response.json()).toEqual({
      error: 'NOT_AUTHENTICATED',
      message: expect.stringMatching(/API token/),
      requestId: expect.stringMatching(UUID),
    });
    expect(response.headers['x-request-id']).toBe(response.json().requestId);
  });

  it('a token that is not valid: 401 with error="invalid_token"', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/datasets', headers: bearer('acad_0000000000000000_nope') });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="acad", error="invalid_token"');
  });

  it('a role that may not: 403 with a short reason, and no invitation to authenticate', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/query',
      headers: bearer(lake.tokens.viewer),
      payload: { sql: 'select 1' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['www-authenticate']).toBeUndefined();
    expect(response.json()).toEqual({ error: 'ACCESS_DENIED', message: expect.any(String), requestId: expect.stringMatching(UUID) });
    expect(response.headers['x-request-id']).toBe(response.json().requestId);
    expect(response.json().message.length).toBeLessThan(120);
  });

  it('limits queries per token: a caller over the limit gets 429, another caller still gets answers', async () => {
    const ask = (token: string) => app.inject({ method: 'POST', url: '/api/query', headers: bearer(token), payload: { sql: 'select 1' } });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i += 1) statuses.push((await ask(lake.tokens.analyst)).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect((await ask(lake.tokens.analyst)).json()).toMatchObject({ error: 'RATE_LIMITED', requestId: expect.stringMatching(UUID) });
    expect((await ask(lake.tokens.registrar)).statusCode).toBe(200);
  }, 60_000);

  describe('pages', () => {
    const cookiesOf = (response: LightMyRequestResponse) => response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');

    it('ask an anonymous visitor to sign in (401, a sign-in form, no policy text), and come back to the page after', async () => {
      const page = await app.inject({ method: 'GET', url: '/catalog' });
      expect(page.statusCode).toBe(401);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toMatch(/Sign in to see this page/);
      expect(page.body).toMatch(/<label for="token">API token<\/label>/);
      expect(page.body).not.toMatch(POLICY_TEXT);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
      const next = /name="next" value="([^"]+)"/.exec(page.body)?.[1];
      expect(next).toBe('/catalog');
      const signedIn = await app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(page) },
        payload: new URLSearchParams({ token: lake.tokens.analyst, _csrf: csrf, next: '/catalog' }).toString(),
      });
      expect(signedIn.statusCode).toBe(303);
      expect(signedIn.headers.location).toBe('/catalog');
      const catalog = await app.inject({ method: 'GET', url: '/catalog', headers: { cookie: cookiesOf(signedIn) } });
      expect(catalog.statusCode).toBe(200);
    });

    it('never send a sign-in to another site', async () => {
      const page = await app.inject({ method: 'GET', url: '/sign-in' });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
      for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
        const signedIn = await app.inject({
          method: 'POST',
          url: '/sign-in',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(page) },
          payload: new URLSearchParams({ token: lake.tokens.analyst, _csrf: csrf, next }).toString(),
        });
        expect({ next, location: signedIn.headers.location }).toEqual({ next, location: '/' });
      }
    });

    it('tell a signed-in role the page is not available to it (403, no policy text)', async () => {
      const page = await app.inject({ method: 'GET', url: '/catalog/admissions', headers: bearer(lake.tokens.viewer) });
      expect(page.statusCode).toBe(403);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toMatch(/Not available to your role/);
      expect(page.body).toMatch(/viewer/);
      expect(page.body).not.toMatch(POLICY_TEXT);
    });
  });
});
