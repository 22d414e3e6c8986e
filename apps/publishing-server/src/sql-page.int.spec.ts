import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildServer } from './build-server';
import { launchChromium, screenshot, seriousViolations } from './browser.test-support';
import { sampleLake, type SampleLake } from './sample-lake.test-support';

const QUERY = 'select course_code, week_start, attendance_rate from curated.attendance_weekly';

describe('the SQL page in a real browser', () => {
  let lake: SampleLake;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  async function signedIn(token: string, width: number): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 1000 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    await page.close();
    return context;
  }

  const editorText = (page: Page) => page.locator('.cm-content').innerText();

  /** Replaces the editor's text as a paste would (typing would let completion and bracket closing join in). */
  async function replaceSql(page: Page, sql: string): Promise<void> {
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(sql);
  }

  async function runWithKeyboard(page: Page): Promise<void> {
    const before = await page.locator('#result-status').innerText();
    await page.locator('.cm-content').focus();
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction((previous) => {
      const status = (
        globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }
      ).document.getElementById('result-status').textContent;
      return status !== previous && status !== 'Running…';
    }, before);
  }

  const columnValues = (page: Page, index: number) => page.locator(`#results tbody tr td:nth-child(${index + 1})`).allInnerTexts();

  beforeAll(async () => {
    lake = await sampleLake(40);
    app = await buildServer(lake.settings, { queryTimeoutMs: 30_000 });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('completes, runs with Ctrl-Enter, sorts, shows an error where it is, saves, shares, downloads, at 1400 and 390 px', async () => {
    const context = await signedIn(lake.tokens.analyst, 1400);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The browser logs the one query meant to fail (a 400); anything else logged as an error counts.
    const expectedFailure = 'Failed to load resource: the server responded with a status of 400 (Bad Request)';
    page.on('console', (m) => void (m.type() === 'error' && m.text() !== expectedFailure && errors.push(m.text())));

    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'SQL', exact: true }).click();
    await page.waitForSelector('#sql-page[data-ready] .cm-content');
    await page.waitForSelector('#table-list details', { timeout: 90_000 });

    // Completion offers the tables of a schema the role may query.
    await page.locator('.cm-content').click();
    await page.keyboard.type('select * from curated.att');
    // (A keyword list may show while the words before are typed: wait for the one after the dot.)
    const completion = page.locator('.cm-tooltip-autocomplete', { hasText: 'attendance_weekly' });
    await completion.waitFor();
    const offered = (await completion.locator('li').allInnerTexts()).map((t) => t.split('\n')[0]);
    expect(offered).toContain('attendance_weekly');
    await page.keyboard.press('Escape');

    // Typed, then run from the keyboard.
    await page.keyboard.press('Control+A');
    await page.keyboard.type(QUERY);
    await runWithKeyboard(page);
    const status = await page.locator('#result-status').innerText();
    expect(status).toMatch(/^[\d,]+ rows in [\d,]+ ms$/);
    const total = Number(status.split(' ')[0].replace(/,/g, ''));
    expect(total).toBeGreaterThan(50);
    expect(await page.locator('#results tbody tr').count()).toBe(50);
    expect(await page.locator('#page-info').innerText()).toBe(`Rows 1–50 of ${total.toLocaleString('en-US')}`);
    await page.getByRole('button', { name: 'Next page' }).click();
    expect(await page.locator('#page-info').innerText()).toMatch(/^Rows 51–/);

    // Sorting by a column, both ways, from its header button.
    const rateHeader = page.locator('#results th').nth(2);
    await rateHeader.getByRole('button').click();
    expect(await rateHeader.getAttribute('aria-sort')).toBe('ascending');
    const ascending = (await columnValues(page, 2)).map(Number);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await rateHeader.getByRole('button').press('Enter');
    expect(await rateHeader.getAttribute('aria-sort')).toBe('descending');
    const descending = (await columnValues(page, 2)).map(Number);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    expect(descending[0]).toBeGreaterThanOrEqual(ascending.at(-1) as number);
    await screenshot(page, 'sql-1400');

    // An error: marked at its place in the editor, and said under it.
    await replaceSql(page, 'select\n  course_code,\n  no_such_column\nfrom curated.attendance_weekly');
    await runWithKeyboard(page);
    const error = page.locator('#sql-error');
    expect(await error.isVisible()).toBe(true);
    expect(await error.innerText()).toMatch(/^Line 3, column 3: Query failed: .*no_such_column/);
    expect(await page.locator('.cm-lintRange-error').innerText()).toBe('no_such_column');
    await screenshot(page, 'sql-error-1400');

    // Saved, with a link to share; the history has the runs.
    await replaceSql(page, `${QUERY} order by course_code, week_start limit 120`);
    expect(await error.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('#result-status', { hasText: /^120 rows in / }).waitFor();
    await page.getByLabel('Title').fill('Weekly attendance by course');
    await page.getByRole('button', { name: 'Save query' }).click();
    const link = page.locator('#share a');
    await link.waitFor();
    const shared = (await link.getAttribute('href')) as string;
    expect(shared).toMatch(new RegExp(`^${base}/sql\\?q=[A-Za-z0-9_-]{16}$`));
    expect(page.url()).toBe(shared);
    await page.locator('#saved-list button.load', { hasText: 'Weekly attendance by course' }).waitFor();
    const latestRun = page.locator('#history-list button.load').first();
    expect((await latestRun.getAttribute('title'))?.trim()).toBe(`${QUERY} order by course_code, week_start limit 120`);
    expect(await latestRun.innerText()).toBe(`${QUERY} order by course_code, week_start limit 12…`);

    // Downloads of the result, read back.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(csvDownload.suggestedFilename()).toBe('query.csv');
    const csvLines = readFileSync((await csvDownload.path()) as string, 'utf8')
      .trim()
      .split('\r\n');
    expect(csvLines[0]).toBe('course_code,week_start,attendance_rate');
    expect(csvLines).toHaveLength(121);
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download XLSX' }).click()]);
    expect(xlsxDownload.suggestedFilename()).toBe('query.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await xlsxDownload.path()) as string);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, 'course_code', 'week_start', 'attendance_rate']);
    expect(sheet.rowCount).toBe(121);
    expect(typeof sheet.getRow(2).getCell(3).value).toBe('number');

    expect(await seriousViolations(page)).toEqual([]);

    // The link, opened by another role that may run SQL: the query is there and runs as that role.
    const registrar = await signedIn(lake.tokens.registrar, 1400);
    const other = await registrar.newPage();
    await other.goto(shared);
    await other.waitForSelector('#results tbody tr');
    expect((await editorText(other)).trim()).toBe(`${QUERY} order by course_code, week_start limit 120`);
    expect(await other.locator('#save-title').inputValue()).toBe('Weekly attendance by course');
    expect(await other.locator('#saved-list').innerText()).toBe('None yet.');
    await registrar.close();

    // A phone: no horizontal page scroll (the grid scrolls in its own box), no serious axe finding.
    const phone = await signedIn(lake.tokens.analyst, 390);
    const small = await phone.newPage();
    small.on('pageerror', (e) => errors.push(e.message));
    await small.goto(shared);
    await small.waitForSelector('#results tbody tr');
    expect(
      await small.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
      ),
    ).toBeLessThanOrEqual(390);
    expect(await seriousViolations(small)).toEqual([]);
    await screenshot(small, 'sql-390');
    await phone.close();

    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('shows a viewer no SQL link, and the plain "not available" page at /sql', async () => {
    const context = await signedIn(lake.tokens.viewer, 1400);
    const page = await context.newPage();
    await page.goto(`${base}/`);
    expect(await page.getByRole('link', { name: 'SQL', exact: true }).count()).toBe(0);
    const response = await page.goto(`${base}/sql`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('h1').innerText()).toBe('Not available to your role');
    await context.close();
  });
});
