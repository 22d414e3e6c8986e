import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Role } from '@acad/access';
import { buildServer } from './build-server';
import { launchChromium, screenshot, screenshotsWanted, seriousViolations } from './browser.test-support';
import { sampleLake, type SampleLake } from './sample-lake.test-support';

const DASHBOARDS = ['/', '/admissions', '/grades'];
const PAGES = [...DASHBOARDS, '/catalog', '/catalog/attendance_weekly', '/sign-in'];

/** Waits for what a page loads after it is shown: a dashboard's data, the lineage graph, a preview. */
async function settled(page: Page, path: string): Promise<void> {
  if (DASHBOARDS.includes(path.split('?')[0])) await page.waitForSelector('[data-loaded]');
  else if (path === '/catalog' && (await page.locator('#lineage').count())) await page.waitForSelector('#lineage canvas');
  else if (path.startsWith('/catalog/') && (await page.locator('#preview').count()))
    await page.waitForSelector('#preview table, #preview:has-text("Could not")');
}

async function signedIn(browser: Browser, base: string, token: string | undefined, width: number): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 1100 }, acceptDownloads: true });
  if (token) {
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    await page.close();
  }
  return context;
}

/** Number of data points in each chart's first series, read from ECharts itself. */
const chartData = (page: Page) =>
  page.evaluate(() => {
    const charts = (globalThis as unknown as { acadCharts: Record<string, { getOption(): { series: Array<{ data: unknown[] }> } }> })
      .acadCharts;
    return Object.fromEntries(Object.entries(charts).map(([name, c]) => [name, c.getOption().series?.[0]?.data ?? []]));
  });

interface DrillChart {
  id: string;
  type: string;
  drill?: { filter: string; from: string };
}

/** The charts of the dashboard on the page that drill down, from the definition the page carries. */
const drillCharts = (page: Page) =>
  page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document;
    const definition = JSON.parse(doc.getElementById('dashboard-definition')?.textContent ?? '{}') as { charts: DrillChart[] };
    return definition.charts.filter((c) => c.drill);
  });

/**
 * Clicks the first mark of a chart that has a value, where ECharts drew it (convertToPixel), and
 * returns the category the click drills into.
 */
async function clickMark(page: Page, chart: DrillChart): Promise<string> {
  const target = await page.evaluate((c) => {
    type Option = {
      series: Array<{ data: unknown[] }>;
      xAxis?: Array<{ data?: string[] }>;
      yAxis?: Array<{ data?: string[] }>;
    };
    const instance = (
      globalThis as unknown as {
        acadCharts: Record<string, { getOption(): Option; convertToPixel(finder: object, value: unknown[]): number[] }>;
      }
    ).acadCharts[c.id];
    const option = instance.getOption();
    const data = option.series[0].data;
    // A heat map cell drills even where its rate is suppressed (the course is public; its rate is not).
    const index = c.type === 'heatmap' ? 0 : data.findIndex((d) => d !== null && d !== undefined);
    const point = data[index];
    if (c.type === 'heatmap') {
      const [x, y] = point as number[];
      return { xy: instance.convertToPixel({ seriesIndex: 0 }, [x, y]), value: String(option.yAxis?.[0].data?.[y]) };
    }
    if (c.type === 'scatter') {
      const [x, y, label] = point as [number, number, string];
      return { xy: instance.convertToPixel({ seriesIndex: 0 }, [x, y]), value: label };
    }
    // Every bar suppressed (a released reader's rates): the grey mark standing in for the first one.
    if (index === -1) {
      const marks = option.series.findIndex((x) => (x as { name?: string }).name === 'suppressed (< 5)');
      const mark = option.series[marks].data[0] as [string, number];
      return { xy: instance.convertToPixel({ seriesIndex: marks }, mark), value: mark[0] };
    }
    // A bar: the middle of the rectangle ECharts laid out for it (beside the other series' bars).
    const layout = (
      instance as unknown as {
        getModel(): { getSeriesByIndex(i: number): { getData(): { getItemLayout(i: number): Record<string, number> } } };
      }
    )
      .getModel()
      .getSeriesByIndex(0)
      .getData()
      .getItemLayout(index);
    return {
      xy: [layout['x'] + layout['width'] / 2, layout['y'] + layout['height'] / 2],
      value: String(option.xAxis?.[0].data?.[index]),
    };
  }, chart);
  const box = await page.locator(`#${chart.id}`).boundingBox();
  if (!box) throw new Error(`${chart.id} is not on the page`);
  await page.locator(`#${chart.id}`).scrollIntoViewIfNeeded();
  const again = (await page.locator(`#${chart.id}`).boundingBox()) ?? box;
  await page.mouse.click(again.x + target.xy[0], again.y + target.xy[1]);
  return target.value;
}

/** The filter a loaded dashboard shows as chosen: the control's value, and the page's loaded parameters. */
const shownChoice = async (page: Page, filter: string) => ({
  control: await page.locator(`#${filter}`).inputValue(),
  loaded: new URLSearchParams((await page.locator('[data-loaded]').getAttribute('data-loaded')) ?? '').get(filter),
});

describe('dashboards in a real browser', () => {
  let lake: SampleLake;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    lake = await sampleLake(80);
    app = await buildServer(lake.settings);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
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

    // The first dashboard request waits for the serving snapshots and release families to be built.
    await page.waitForSelector('[data-loaded="all"]', { timeout: 90_000 });
    expect(await page.locator('#trend canvas').count()).toBeGreaterThan(0);
    const before = await chartData(page);
    for (const name of ['trend', 'byDepartment', 'heatmap']) expect(before[name].length).toBeGreaterThan(0);
    expect(await page.locator('#atRisk-table table tr').count()).toBeGreaterThan(1);
    // Headline numbers above the charts: this week's rate with its change, and the students at risk.
    expect(await page.locator('#headlines li').allInnerTexts()).toEqual([
      expect.stringMatching(/Attendance rate, latest week[\s\S]*\d+\.\d%/),
      expect.stringMatching(/at risk[\s\S]*\d+/),
    ]);
    await screenshot(page, 'attendance-dashboard');

    // Each chart can be reached from the keyboard, and its data is one visible button away.
    await page.locator('#trend').focus();
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id,
      ),
    ).toBe('trend');
    await page.getByRole('button', { name: 'Show as table' }).first().press('Enter');
    expect(await page.locator('#trend-table').isVisible()).toBe(true);
    expect(await page.locator('#trend-table tr').count()).toBeGreaterThan(1);
    expect(await page.locator('#atRisk-table table').innerText()).toMatch(/\d+\.\d%/);
    // The at-risk table stays inside its card: it scrolls there, the page does not.
    const [table, card] = await Promise.all([
      page.locator('#atRisk-table').boundingBox(),
      page.locator('#atRisk-table').locator('xpath=..').boundingBox(),
    ]);
    expect((table?.x ?? 0) + (table?.width ?? 0)).toBeLessThanOrEqual((card?.x ?? 0) + (card?.width ?? 0));

    const department = (await page.locator('#department option').allTextContents()).find((d) => d !== 'All' && d !== 'unknown') as string;
    await page.selectOption('#department', department);
    await page.waitForSelector(`[data-loaded="department=${encodeURIComponent(department).replace(/%20/g, '+')}"]`);
    const after = await chartData(page);
    expect(after['byDepartment']).toHaveLength(1);
    expect(after['heatmap']).not.toEqual(before['heatmap']);
    await screenshot(page, 'attendance-filtered');

    await page.getByRole('link', { name: 'Admissions' }).click();
    await page.waitForSelector('[data-loaded="all"]');
    const admissions = await chartData(page);
    for (const name of ['funnel', 'byProgramme', 'byGender', 'byCountry']) expect(admissions[name].length).toBeGreaterThan(0);
    expect(await page.locator('#funnel canvas').count()).toBeGreaterThan(0);
    const term = (await page.locator('#term option').allTextContents()).find((t) => t !== 'All') as string;
    await page.selectOption('#term', term);
    await page.waitForSelector(`[data-loaded="term=${term}"]`);
    expect(await chartData(page)).not.toEqual(admissions);
    await screenshot(page, 'admissions-dashboard');

    await page.goto(`${base}/catalog/attendance_weekly`);
    await page.waitForSelector('#preview table');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('attendance_weekly.csv');
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('course_code,section,week_start,sessions,students,present,late,absent,excused,attendance_rate');
    expect(csv.split('\r\n').length).toBeGreaterThan(10);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'XLSX', exact: true }).click()]);
    expect(xlsx.suggestedFilename()).toBe('attendance_weekly.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsx.path()) as string);
    const sheet = book.getWorksheet('attendance_weekly');
    expect(sheet?.rowCount).toBe(csv.trimEnd().split('\r\n').length);
    expect(sheet?.getRow(2).getCell(3).value).toBeInstanceOf(Date);
    expect(typeof sheet?.getRow(2).getCell(4).value).toBe('number');
    await screenshot(page, 'dataset-page');

    await page.goto(`${base}/catalog`);
    await page.waitForSelector('#lineage canvas');
    expect((await chartData(page))['lineage'].length).toBeGreaterThan(5);
    await screenshot(page, 'catalog');

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
    expect(await page.locator('#atRisk-table').innerText()).toContain('Not available to your role');
    expect(await page.locator('#headlines li').count()).toBe(1);
    await screenshot(page, 'attendance-public');
    await page.close();
  });

  const ROLES: Array<Role | 'anonymous'> = ['admin', 'registrar', 'analyst', 'viewer', 'public', 'anonymous'];
  // One signed-in context per role for both checks: each dashboard's first view is checked by axe on
  // the load the drill starts from, and each drilled view where the drill ends.
  it.each(ROLES)(
    'as %s, drills down on each dashboard by a click and by keyboard, a shared URL reopens the same view, and no page (nor drilled view) has a serious or critical accessibility violation',
    async (role) => {
      const context = await signedIn(browser, base, role === 'anonymous' ? undefined : lake.tokens[role], 1400);
      const page = await context.newPage();
      const errors: string[] = [];
      const found: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      for (const path of DASHBOARDS) {
        await page.goto(`${base}${path}`);
        await page.waitForSelector('[data-loaded="all"]', { timeout: 90_000 });
        found.push(...(await seriousViolations(page)).map((v) => `${path} ${v}`));
        const [first, ...rest] = await drillCharts(page);
        // A click on a mark sets its filter: in the URL, in the control, in what the page loaded.
        const value = await clickMark(page, first);
        const filter = first.drill?.filter as string;
        await page.waitForSelector(`[data-loaded*="${filter}="]`);
        expect(new URL(page.url()).searchParams.get(filter)).toBe(value);
        expect(await shownChoice(page, filter)).toEqual({ control: value, loaded: value });
        // The next level down, where the dashboard has one (department → its courses → a course's weeks).
        const next = rest.find((c) => c.drill?.filter !== filter);
        if (next && (await chartData(page))[next.id].length > 0) {
          const deeper = await clickMark(page, next);
          const nextFilter = next.drill?.filter as string;
          await page.waitForSelector(`[data-loaded*="${nextFilter}="]`);
          expect(new URL(page.url()).searchParams.get(nextFilter)).toBe(deeper);
          expect(new URL(page.url()).searchParams.get(filter)).toBe(value);
        }
        // The URL, opened by someone else (a new page), shows the same selection.
        const shared = page.url();
        const other = await context.newPage();
        await other.goto(shared);
        await other.waitForSelector('[data-loaded]:not([data-loaded="all"])');
        expect(await other.locator('[data-loaded]').getAttribute('data-loaded')).toBe(new URL(shared).search.slice(1));
        for (const [name, v] of new URL(shared).searchParams) expect(await other.locator(`#${name}`).inputValue()).toBe(v);
        await other.close();
        // The same drill from the keyboard: the chart's table, then the link in its row.
        await page.goto(`${base}${path}`);
        await page.waitForSelector('[data-loaded="all"]');
        await page.locator(`[aria-controls="${first.id}-table"]`).focus();
        await page.keyboard.press('Enter');
        const link = page.locator(`#${first.id}-table a`).first();
        const linked = await link.innerText();
        await link.focus();
        await page.keyboard.press('Enter');
        await page.waitForURL((url) => url.searchParams.get(filter) === linked);
        await page.waitForSelector(`[data-loaded*="${filter}="]`);
        expect(await shownChoice(page, filter)).toEqual({ control: linked, loaded: linked });
        // A drilled view (withheld levels, links, headlines) is as accessible as the first one.
        expect(await seriousViolations(page)).toEqual([]);
      }
      for (const path of PAGES.filter((p) => !DASHBOARDS.includes(p))) {
        await page.goto(`${base}${path}`);
        await settled(page, path);
        found.push(...(await seriousViolations(page)).map((v) => `${path} ${v}`));
      }
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    },
    180_000,
  );

  it('fits a 390 px phone without scrolling sideways, and looks right at 1400 and 390 px', async () => {
    // At 1400 px nothing is asserted: the pass is for the screenshots, so it runs only when they are wanted.
    for (const width of screenshotsWanted() ? [1400, 390] : [390]) {
      const context = await signedIn(browser, base, lake.tokens.analyst, width);
      const page = await context.newPage();
      for (const path of PAGES) {
        await page.goto(`${base}${path}`);
        await settled(page, path);
        if (width === 390) {
          const scrollWidth = await page.evaluate(
            () =>
              (globalThis as unknown as { document: { scrollingElement: { scrollWidth: number } | null } }).document.scrollingElement
                ?.scrollWidth ?? 0,
          );
          expect({ path, scrollWidth: Math.min(scrollWidth, 390) }).toEqual({ path, scrollWidth });
          const nav = await page.locator('header nav').boundingBox();
          expect(nav && nav.x + nav.width).toBeLessThanOrEqual(390);
        }
        const name = path === '/' ? 'attendance' : path.slice(1).replace(/\//g, '-');
        await screenshot(page, `${name}-${width}`);
      }
      await context.close();
    }
  });

  it('links the API docs back to the app, and has a favicon', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/docs`);
    await page.getByRole('link', { name: 'Back to the Academics Data Platform' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/assets/favicon.svg');
    const icon = await page.request.get(`${base}/favicon.ico`);
    expect(icon.headers()['content-type']).toMatch(/image\/svg\+xml/);
    await page.close();
  });
});
