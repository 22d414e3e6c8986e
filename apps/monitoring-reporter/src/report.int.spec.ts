import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { LocalKeyring } from '@acad/crypto';

const root = resolve(__dirname, '../../..');
const tsx = ['--conditions=@acad/source', '--import', 'tsx'];

function run(script: string, args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [...tsx, script, ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`${script} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

interface Alarm {
  name: string;
  state: string;
}

describe('monitor report after ingesting the sample data (end to end)', () => {
  let home: string;
  let browser: Browser | undefined;

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'acad-monitor-e2e-'));
    LocalKeyring.create(home);
    const sample = mkdtempSync(join(tmpdir(), 'acad-monitor-sample-'));
    try {
      run('tools/sample-data/src/main.ts', ['--out', sample, '--students', '200'], { ACAD_HOME: home });
      // admissions is deliberately never ingested: its freshness alarm must fire.
      for (const dataset of ['students', 'courses', 'attendance']) {
        run('apps/ingestion-worker/src/main.ts', [join(sample, `${dataset}.csv`), '--dataset', dataset, '--json'], { ACAD_HOME: home });
      }
    } finally {
      rmSync(sample, { recursive: true, force: true });
    }
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('shows real figures, a freshness alarm for the missing dataset and a budget alarm over its limit; the HTML charts render in Chromium', async () => {
    // A tiny budget, forecast from the first hour of the month, so the forecast passes it on any day.
    writeFileSync(join(home, 'acad.monitoring.json'), JSON.stringify({ budget: { monthlyLimitUsd: 0.01, forecastMinElapsedHours: 0 } }));
    const htmlFile = join(home, 'report.html');
    run('apps/monitoring-reporter/src/main.ts', ['report', '--json'], { ACAD_HOME: home });
    const report = JSON.parse(run('apps/monitoring-reporter/src/main.ts', ['report', '--json', '--html', htmlFile], { ACAD_HOME: home }));

    const state = (name: string) => (report.alarms as Alarm[]).find((a) => a.name === name)?.state;
    expect(state('freshness:admissions')).toBe('ALARM');
    expect(state('freshness:attendance')).toBe('OK');
    expect(state('freshness:students')).toBe('OK');
    expect(state('budget-forecast')).toBe('ALARM');
    expect(state('data-needs-attention')).toBe('ALARM');
    expect(report.alarms[0].state).toBe('ALARM');

    const attendance = report.runs.datasets.find((d: { dataset: string }) => d.dataset === 'attendance');
    expect(attendance.rowsRead).toBeGreaterThan(1000);
    expect(attendance.rowsRead).toBe(attendance.rowsAccepted + attendance.rowsDuplicate + attendance.rowsQuarantined);
    expect(attendance.latestQualityScore).toBeGreaterThan(0);
    expect(report.storage.find((z: { zone: string }) => z.zone === 'raw').bytes).toBeGreaterThan(10_000);
    expect(report.storage.find((z: { zone: string }) => z.zone === 'raw').growthBytes).toBe(0);
    expect(report.keys.keyVersions).toEqual(['local:v1']);
    expect(report.keys.sealedObjectsByKey['local:v1']).toBeGreaterThanOrEqual(3);
    expect(report.cost.budget.forecastUsd).toBeGreaterThan(0.01);
    expect(report.cost.estimatedMonthly.totalUsd).toBeGreaterThan(0);

    browser = await chromium.launch({
      // Debian's headless build of Chromium (package chromium-headless-shell) where installed, as the server's browser suites.
      executablePath: ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find(existsSync) ?? '/usr/bin/chromium',
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
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${htmlFile}`);
    await page.waitForSelector('body[data-charts-rendered="4"]', { timeout: 20_000 });
    // Counts non-background pixels of each chart's canvas, in the page (a string: no DOM types here).
    const painted = (await page.evaluate(`['chart-storage', 'chart-durations', 'chart-quality', 'chart-cost'].map((id) => {
      const canvas = document.querySelector('#' + id + ' canvas');
      if (!canvas) return { id, canvas: false, inked: 0 };
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) inked++;
      return { id, canvas: true, inked };
    })`)) as Array<{ id: string; canvas: boolean; inked: number }>;
    for (const chart of painted) {
      expect(chart.canvas).toBe(true);
      expect(chart.inked).toBeGreaterThan(500);
    }
    expect(errors).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(await page.locator('td', { hasText: /^freshness:admissions$/ }).count()).toBe(1);
    const screenshots = join(root, 'artifacts', 'screenshots');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'monitoring-report.png'), fullPage: true });
  });
});
