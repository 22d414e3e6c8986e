import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { loadSettings } from '@acad/config';
import { buildServer } from './build-server';
import { freePort, startTestProvider, stopTestProvider, TEST_CLIENT } from './test-identity-provider.test-support';
import { launchChromium, screenshot, screenshotsWanted, seriousViolations } from './browser.test-support';
import { sampleLake } from './sample-lake.test-support';

// People at the test identity provider, their groups, and the role each group maps to (single
// sign-on gives the three office roles; admin stays with API tokens).
const PEOPLE: Record<string, { groups: string[]; role?: string }> = {
  rita: { groups: ['registry', 'staff'], role: 'registrar' },
  ana: { groups: ['data-team'], role: 'analyst' },
  vic: { groups: ['staff'], role: 'viewer' },
  olle: { groups: ['facilities'] },
};
const ROLE_MAP = 'registry=registrar,data-team=analyst,staff=viewer';

const pageWidth = (page: Page) =>
  page.evaluate(
    () =>
      (globalThis as unknown as { document: { scrollingElement: { scrollWidth: number } | null } }).document.scrollingElement
        ?.scrollWidth ?? 0,
  );

/**
 * Single sign-on in a real browser (issue 23 item 5): each role signs in through an OpenID provider's
 * own login and consent pages (oidc-provider in this process, on loopback), sees every page its
 * navigation offers with no serious accessibility finding on a 390 px phone, and signs out; a person
 * whose groups map to no role is refused with a page that says so; an expired session asks again.
 */
describe('single sign-on in a real browser', () => {
  let idp: Server;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const issuer = `http://127.0.0.1:${await freePort()}`;
    const port = await freePort();
    const lake = await sampleLake(60);
    app = await buildServer(
      loadSettings({
        env: {
          ACAD_HOME: lake.home,
          ACAD_LOG_LEVEL: 'silent',
          ACAD_OIDC_ISSUER: issuer,
          ACAD_OIDC_CLIENT_ID: TEST_CLIENT.id,
          ACAD_OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
          ACAD_OIDC_REDIRECT_URL: `http://127.0.0.1:${port}/auth/callback`,
          ACAD_OIDC_ROLE_MAP: ROLE_MAP,
        },
        cwd: lake.home,
      }),
    );
    base = await app.listen({ port, host: '127.0.0.1' });
    idp = await startTestProvider(issuer, base, Object.fromEntries(Object.entries(PEOPLE).map(([login, p]) => [login, p.groups])));
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await stopTestProvider(idp);
  });

  /** From the app's sign-in page through the provider's login and consent forms, as a person would. */
  async function signIn(page: Page, login: string, next = '/'): Promise<void> {
    await page.goto(`${base}/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByRole('link', { name: 'Sign in with your institution account' }).click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    // The provider asks for consent the first time a person signs in to the app.
    await page.waitForURL((url) => url.origin === base || url.pathname.includes('/interaction/'));
    if (new URL(page.url()).origin !== base) await page.locator('button[type="submit"]').click();
    // The callback answers with a page that moves on at once (its session cookie is SameSite=Strict),
    // or with the refusal.
    await page.waitForURL((url) => url.origin === base);
    await page.waitForFunction(
      () => {
        const { location, document } = globalThis as unknown as {
          location: { pathname: string };
          document: { querySelector(s: string): unknown };
        };
        return location.pathname !== '/auth/callback' || document.querySelector('meta[http-equiv="refresh"]') === null;
      },
      undefined,
      { timeout: 30_000 },
    );
  }

  for (const [login, person] of Object.entries(PEOPLE).filter(([, p]) => p.role)) {
    it(`signs in ${login} (${person.groups.join(', ')}) as ${person.role}, who reads every page offered on a 390 px phone and signs out`, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signIn(page, login, '/grades');
      expect(new URL(page.url()).pathname).toBe('/grades');
      expect(await page.locator('.who').innerText()).toContain(`${login} (${person.role})`);

      const offered = [
        ...new Set(
          (
            await page.locator('header nav a').evaluateAll((links) => links.map((a) => (a as unknown as { pathname: string }).pathname))
          ).filter((path) => !path.startsWith('/docs')),
        ),
      ];
      expect(offered).toEqual(expect.arrayContaining(['/', '/catalog']));
      // browser.int.spec.ts checks every page for each role at 1400 px; here each page on a phone.
      const findings: string[] = [];
      for (const path of offered) {
        const response = await page.goto(`${base}${path}`);
        expect({ path, status: response?.status() }).toEqual({ path, status: 200 });
        await page.waitForLoadState('networkidle');
        findings.push(...(await seriousViolations(page)).map((f) => `${path} ${f}`));
        const scrollWidth = await pageWidth(page);
        expect({ path, scrollWidth: Math.min(scrollWidth, 390) }).toEqual({ path, scrollWidth });
      }
      if (screenshotsWanted()) {
        await page.goto(`${base}/`);
        await page.waitForLoadState('networkidle');
        await screenshot(page, `oidc-${person.role}-390`);
      }
      expect(findings).toEqual([]);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${base}/sign-in`);
      expect(await page.locator('.who').innerText()).toContain('Public view');
      expect(errors).toEqual([]);
      await context.close();
    }, 300_000);
  }

  it('refuses a person whose groups map to no role, with a page that says so and meets the same accessibility bar', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, 'olle');
    expect(await page.locator('main').innerText()).toContain('none of your groups gives access');
    expect(await seriousViolations(page)).toEqual([]);
    const session = await page.evaluate(() => fetch('/api/session').then((r) => r.json()));
    expect(session).toMatchObject({ role: 'public', via: 'anonymous' });
    await context.close();
  });

  it('asks a person whose session has expired to sign in again, and brings them back to the page', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, 'ana');
    expect(await page.locator('.who').innerText()).toContain('ana (analyst)');
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 9 * 60 * 60 * 1000);
    try {
      const response = await page.goto(`${base}/grades`);
      expect(response?.status()).toBe(401);
      expect(await page.locator('main').innerText()).toContain('Your session has expired. Sign in again.');
    } finally {
      clock.mockRestore();
    }
    // The provider still knows the person: signing in again needs no password, and lands on /grades.
    await page.getByRole('link', { name: 'Sign in with your institution account' }).click();
    await page.waitForURL((url) => url.origin === base && url.pathname === '/grades');
    expect(await page.locator('.who').innerText()).toContain('ana (analyst)');
    await context.close();
  });
});
