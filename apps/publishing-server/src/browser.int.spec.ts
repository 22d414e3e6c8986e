import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildServer } from './build-server';
import { repoRoot, sampleLake, type SampleLake } from './sample-lake.test-support';

const screenshots = join(repoRoot, 'artifacts', 'screenshots');

/** Number of data points in each chart's first series, read from ECharts itself. */
const chartData = (page: Page) =>
  page.evaluate(() => {
    const charts = (globalThis as unknown as { acadCharts: Record<string, { getOption(): { series: Array<{ data: unknown[] }> } }> })
      .acadCharts;
    return Object.fromEntries(Object.entries(charts).map(([name, c]) => [name, c.getOption().series[0].data]));
  });

describe('dashboards in a real browser', () => {
  let lake: SampleLake;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    lake = await sampleLake(80);
    app = await buildServer(lake.settings);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('signs in, renders both dashboards with data, a filter changes a chart, and a download works', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1100 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${base}/sign-in`);
    await page.getByLabel('API token').fill(lake.tokens.analyst);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.locator('.who').innerText()).toContain('analyst-user');

    await page.waitForSelector('[data-loaded="all"]');
    expect(await page.locator('#trend canvas').count()).toBeGreaterThan(0);
    const before = await chartData(page);
    for (const name of ['trend', 'byDepartment', 'heatmap']) expect(before[name].length).toBeGreaterThan(0);
    expect(await page.locator('#atRisk table tr').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(screenshots, 'attendance-dashboard.png'), fullPage: true });

    const department = (await page.locator('#department option').allTextContents()).find((d) => d !== 'All' && d !== 'unknown') as string;
    await page.selectOption('#department', department);
    await page.waitForSelector(`[data-loaded="department=${encodeURIComponent(department).replace(/%20/g, '+')}"]`);
    const after = await chartData(page);
    expect(after['byDepartment']).toHaveLength(1);
    expect(after['heatmap']).not.toEqual(before['heatmap']);
    await page.screenshot({ path: join(screenshots, 'attendance-filtered.png'), fullPage: true });

    await page.getByRole('link', { name: 'Admissions' }).click();
    await page.waitForSelector('[data-loaded="all"]');
    const admissions = await chartData(page);
    for (const name of ['funnel', 'byProgramme', 'byGender', 'byCountry']) expect(admissions[name].length).toBeGreaterThan(0);
    expect(await page.locator('#funnel canvas').count()).toBeGreaterThan(0);
    const term = (await page.locator('#term option').allTextContents()).find((t) => t !== 'All') as string;
    await page.selectOption('#term', term);
    await page.waitForSelector(`[data-loaded="term=${term}"]`);
    expect(await chartData(page)).not.toEqual(admissions);
    await page.screenshot({ path: join(screenshots, 'admissions-dashboard.png'), fullPage: true });

    await page.goto(`${base}/catalog/attendance_weekly`);
    await page.waitForSelector('#preview table');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('attendance_weekly.csv');
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('course_code,section,week_start,sessions,students,present,late,absent,excused,attendance_rate');
    expect(csv.split('\r\n').length).toBeGreaterThan(10);
    await page.screenshot({ path: join(screenshots, 'dataset-page.png'), fullPage: true });

    await page.goto(`${base}/catalog`);
    await page.waitForSelector('#lineage canvas');
    expect((await chartData(page))['lineage'].length).toBeGreaterThan(5);
    await page.screenshot({ path: join(screenshots, 'catalog.png'), fullPage: true });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/sign-in`);
    expect(await page.locator('.who').innerText()).toContain('Public view');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks for a sign-in on a page that needs one and comes back to it; a role without access gets a plain page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const first = await page.goto(`${base}/catalog`);
    expect(first?.status()).toBe(401);
    expect(await page.getByRole('status').innerText()).toContain('Sign in to see this page');
    await page.getByLabel('API token').fill(lake.tokens.viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/catalog`);
    expect(await page.locator('h1').innerText()).toBe('Catalog');
    const refused = await page.goto(`${base}/catalog/admissions`);
    expect(refused?.status()).toBe(403);
    expect(await page.locator('h1').innerText()).toBe('Not available to your role');
    expect(await page.locator('main').innerText()).not.toMatch(/acad:|policy/i);
    await context.close();
  });

  it('shows the public view without signing in, with no at-risk students', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-loaded="all"]');
    expect((await chartData(page))['trend'].length).toBeGreaterThan(0);
    expect(await page.locator('#atRisk').innerText()).toContain('Not available to your role');
    await page.screenshot({ path: join(screenshots, 'attendance-public.png'), fullPage: true });
    await page.close();
  });
});
