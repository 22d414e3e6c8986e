import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { loadSettings } from '@acad/config';
import { buildServer } from './build-server';
import { freePort, startTestProvider, stopTestProvider, TEST_CLIENT } from './test-identity-provider.test-support';
import { emptyLake } from './sample-lake.test-support';

// People at the test identity provider, and their groups.
const GROUPS: Record<string, string[]> = {
  ana: ['staff', 'data-team'],
  rita: ['registry', 'data-team'],
  olle: ['facilities'],
};

/**
 * A browser as far as sign-in needs one: follows redirects and `<meta http-equiv="refresh">`, and
 * keeps each origin's cookies (expired ones dropped).
 */
class CookieBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  async open(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<{ url: string; status: number; body: string }> {
    let current = new URL(url);
    let method = init.method ?? 'GET';
    let body = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hop = 0; hop < 20; hop++) {
      const cookies = this.jar.get(current.origin) ?? new Map<string, string>();
      const response = await fetch(current, {
        method,
        redirect: 'manual',
        headers: {
          ...(cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body,
      });
      this.remember(current.origin, response.headers.getSetCookie());
      const location = response.headers.get('location');
      const text = await response.text();
      const refresh = /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(text)?.[1];
      if (response.status >= 300 && response.status < 400 && location) current = new URL(location, current);
      else if (response.status === 200 && refresh) current = new URL(refresh.replace(/&amp;/g, '&'), current);
      else return { url: current.href, status: response.status, body: text };
      method = 'GET';
      body = undefined;
    }
    throw new Error('too many redirects');
  }

  private remember(origin: string, setCookies: string[]): void {
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    this.jar.set(origin, cookies);
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const gone = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()));
      if (gone) cookies.delete(name);
      else cookies.set(name, pair.slice(pair.indexOf('=') + 1));
    }
  }
}

describe('single sign-on with OpenID Connect', () => {
  let idp: Server;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    // The issuer and the redirect URL name ports: take free ones first.
    const issuer = `http://127.0.0.1:${await freePort()}`;
    const port = await freePort();
    const lake = emptyLake();
    app = await buildServer(
      loadSettings({
        env: {
          ACAD_HOME: lake.home,
          ACAD_LOG_LEVEL: 'silent',
          ACAD_OIDC_ISSUER: issuer,
          ACAD_OIDC_CLIENT_ID: TEST_CLIENT.id,
          ACAD_OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
          ACAD_OIDC_REDIRECT_URL: `http://127.0.0.1:${port}/auth/callback`,
          ACAD_OIDC_ROLE_MAP: 'data-team=analyst,registry=registrar',
        },
        cwd: lake.home,
      }),
    );
    base = await app.listen({ port, host: '127.0.0.1' });

    idp = await startTestProvider(issuer, base, GROUPS);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await stopTestProvider(idp);
  });

  /** Through the provider's login and consent forms, as a person would. */
  async function signIn(browser: CookieBrowser, login: string, next = '/') {
    const loginForm = await browser.open(`${base}/auth/sign-in?next=${encodeURIComponent(next)}`);
    expect(loginForm.body).toContain('name="login"');
    const consent = await browser.open(loginForm.url, { method: 'POST', form: { prompt: 'login', login, password: 'any' } });
    if (!consent.body.includes('name="prompt" value="consent"')) return consent;
    return browser.open(consent.url, { method: 'POST', form: { prompt: 'consent' } });
  }

  it('offers single sign-on on the sign-in page', async () => {
    const page = await new CookieBrowser().open(`${base}/sign-in?next=/grades`);
    expect(page.body).toContain('href="/auth/sign-in?next=%2Fgrades"');
  });

  it('signs in a person whose group maps to a role, who then sees the dashboards as that role, and signs out', async () => {
    const browser = new CookieBrowser();
    const landed = await signIn(browser, 'ana', '/grades');
    expect(landed.status).toBe(200);
    expect(landed.url).toBe(`${base}/grades`);
    expect(landed.body).toContain('Signed in as <strong>ana</strong> (analyst)');
    const session = JSON.parse((await browser.open(`${base}/api/session`)).body) as {
      user: string;
      role: string;
      via: string;
      csrf: string;
    };
    expect(session).toMatchObject({ user: 'ana', role: 'analyst', via: 'session' });

    // The widest role among the person's mapped groups.
    const rita = new CookieBrowser();
    expect((await signIn(rita, 'rita')).body).toContain('Signed in as <strong>rita</strong> (registrar)');

    const out = await browser.open(`${base}/sign-out`, { method: 'POST', form: { _csrf: session.csrf } });
    expect(out.url).toBe(`${base}/sign-in`);
    expect(JSON.parse((await browser.open(`${base}/api/session`)).body)).toMatchObject({ role: 'public', via: 'anonymous' });
  });

  it('refuses a person whose groups map to no role, with a page that says so, and no session', async () => {
    const browser = new CookieBrowser();
    const refused = await signIn(browser, 'olle');
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('No access with this account');
    expect(refused.body).toContain('none of your groups gives access');
    expect(JSON.parse((await browser.open(`${base}/api/session`)).body)).toMatchObject({ role: 'public', via: 'anonymous' });
  });

  it('sends an expired session back to the sign-in form, saying why', async () => {
    const browser = new CookieBrowser();
    expect((await signIn(browser, 'ana')).body).toContain('(analyst)');
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 9 * 60 * 60 * 1000);
    try {
      const page = await browser.open(`${base}/grades?term=2025-fall`);
      expect(page.status).toBe(401);
      expect(page.body).toContain('Your session has expired. Sign in again.');
      expect(page.body).toContain('href="/auth/sign-in?next=%2Fgrades%3Fterm%3D2025-fall"');
      const api = await browser.open(`${base}/api/session`);
      expect(JSON.parse(api.body)).toMatchObject({ role: 'public', via: 'anonymous' });
    } finally {
      clock.mockRestore();
    }
  });

  it('refuses a callback that does not carry the sign-in it started', async () => {
    const page = await new CookieBrowser().open(`${base}/auth/callback?code=stolen&state=guessed`);
    expect(page.status).toBe(400);
    expect(page.body).toContain('Sign-in did not complete');
  });
});
