import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildServer } from './build-server';
import { launchChromium, screenshot, seriousViolations } from './browser.test-support';
import { sampleLake, type SampleLake } from './sample-lake.test-support';

/** How far the page scrolls sideways: 0 when everything fits the viewport's width. */
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document
      .documentElement;
    return root.scrollWidth - root.clientWidth;
  });

const activeId = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ?? '');

/** Presses Tab until the element with `id` has focus; fails if it is not reached within `limit` presses. */
async function tabTo(page: Page, id: string, limit = 25): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if ((await activeId(page)) === id) return;
  }
  throw new Error(`#${id} is not reachable with Tab`);
}

describe('catalog, dataset and quality pages in a real browser', () => {
  let lake: SampleLake;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    lake = await sampleLake(40);
    app = await buildServer(lake.settings);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const width of [1400, 390]) {
    it(`searches by keyboard, opens a dataset and its lineage, then its quality rules and chart, at ${width} px`, async () => {
      const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 1100 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/sign-in`);
      await page.getByLabel('API token').fill(lake.tokens.analyst);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${base}/`);

      // The search box is reached with Tab, and the search lands in the URL as it is typed.
      await page.goto(`${base}/catalog`, { timeout: 90_000 });
      await page.waitForSelector('#lineage canvas');
      await tabTo(page, 'catalog-q');
      await page.keyboard.type('session_date');
      await page.keyboard.press('Enter');
      const result = page.locator('#search-results .results a', { hasText: 'trusted.attendance' });
      await result.waitFor();
      expect(new URL(page.url()).searchParams.get('q')).toBe('session_date');
      const item = page.locator('#search-results li', { has: page.locator('a', { hasText: 'trusted.attendance' }) });
      expect(await item.innerText()).toContain('column session_date');
      expect(await seriousViolations(page)).toEqual([]);
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `cat-search-${width}`);

      // Reopening the URL shows the same results, rendered by the server.
      await page.reload();
      await result.waitFor();

      // The first result is the next stop after the search button.
      await tabTo(page, 'catalog-q');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/catalog/attendance`);
      await page.waitForSelector('#preview table, #preview:has-text("Could not")');
      const lineage = page.locator('table.lineage-table');
      const sessionDate = lineage.locator('tr', { has: page.locator('th', { hasText: /^session_date$/ }) });
      expect(await sessionDate.innerText()).toContain('raw.attendance.session_date');
      expect(await sessionDate.innerText()).toContain('curated.attendance_weekly.week_start');
      expect(await seriousViolations(page)).toEqual([]);
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `cat-dataset-${width}`);

      await page.getByRole('link', { name: 'Quality rules and history' }).click();
      await page.waitForURL(`${base}/catalog/attendance/quality`);
      await page.waitForSelector('#scoreHistory canvas');
      const scores = await page.evaluate(
        () =>
          (
            globalThis as unknown as { acadCharts: { scoreHistory: { getOption(): { series: Array<{ data: unknown[] }> } } } }
          ).acadCharts.scoreHistory.getOption().series[0].data.length,
      );
      expect(scores).toBeGreaterThan(0);
      const known = page.locator('li.rule', { hasText: 'attendance.student_id.known_student' });
      expect(await known.locator('.outcome').innerText()).toMatch(/^(Passed|Warned|Failed)$/);
      expect(await known.locator('pre.dqdl').innerText()).toBe('ReferentialIntegrity "student_id" "students.student_id" = 1');
      expect(await known.locator('svg.spark rect').count()).toBe(scores);
      expect(await page.locator('li.rule .outcome').count()).toBeGreaterThan(10);
      expect(await page.getByRole('heading', { name: 'What the score means' }).count()).toBe(1);
      // Failing rows open from the keyboard and scroll inside their own box.
      const samples = page.locator('details.samples summary').first();
      await samples.focus();
      await page.keyboard.press('Enter');
      expect(await page.locator('details.samples[open] table').first().isVisible()).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `cat-quality-${width}`);

      expect(errors).toEqual([]);
      await context.close();
    }, 240_000);
  }
});
