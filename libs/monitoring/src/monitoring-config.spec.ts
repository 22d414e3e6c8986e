import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRICES } from './cost-prices';
import { loadMonitoringConfig } from './monitoring-config';
import { MonitoringConfigInvalid } from './monitoring-errors';

const homes: string[] = [];

function home(content?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'acad-moncfg-'));
  homes.push(dir);
  if (content !== undefined) writeFileSync(join(dir, 'acad.monitoring.json'), content);
  return dir;
}

afterEach(() => {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadMonitoringConfig', () => {
  it('uses built-in defaults when there is no file', async () => {
    const { config, source } = await loadMonitoringConfig({ home: home(), env: {} });
    expect(source).toBe('built-in defaults');
    expect(config).toMatchObject({
      alarms: [],
      defaultAlarms: true,
      budget: { monthlyLimitUsd: 25, forecastMinElapsedHours: 24 },
      prices: DEFAULT_PRICES,
    });
    expect(config.webhookUrl).toBeUndefined();
  });

  it('reads alarms, budget and price overrides with their defaults filled in', async () => {
    const dir = home(
      JSON.stringify({
        budget: { monthlyLimitUsd: 0.5 },
        prices: { s3StorageGbMonth: 0.025, pricesAsOf: '2026-01-01' },
        alarms: [
          {
            kind: 'threshold',
            name: 'slow',
            metric: 'BatchDurationMs',
            statistic: 'Maximum',
            comparison: 'GreaterThanThreshold',
            threshold: 1000,
            periodSeconds: 300,
          },
          { kind: 'composite', name: 'c', rule: 'ALARM(slow)' },
        ],
        webhookUrl: 'https://hooks.example.org/x',
      }),
    );
    const { config, source } = await loadMonitoringConfig({ home: dir, env: { ACAD_ALARM_WEBHOOK: 'http://127.0.0.1:9/hook' } });
    expect(source).toBe(join(dir, 'acad.monitoring.json'));
    expect(config.budget).toEqual({ monthlyLimitUsd: 0.5, forecastMinElapsedHours: 24 });
    expect(config.prices).toEqual({ ...DEFAULT_PRICES, s3StorageGbMonth: 0.025, pricesAsOf: '2026-01-01' });
    expect(config.alarms[0]).toEqual({
      kind: 'threshold',
      name: 'slow',
      metric: 'BatchDurationMs',
      dimensions: {},
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 1000,
      datapointsToAlarm: 1,
      evaluationPeriods: 1,
      periodSeconds: 300,
      treatMissingData: 'missing',
    });
    expect(config.webhookUrl).toBe('http://127.0.0.1:9/hook');
  });

  it('names the file and the field when the configuration is bad', async () => {
    const notJson = home('{ nope');
    await expect(loadMonitoringConfig({ home: notJson, env: {} })).rejects.toThrow(
      new RegExp(`^Invalid monitoring configuration ${join(notJson, 'acad.monitoring.json')}: not valid JSON`),
    );
    const badField = home(JSON.stringify({ budget: { monthlyLimitUsd: -1 } }));
    const error = await loadMonitoringConfig({ home: badField, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MonitoringConfigInvalid);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', file: join(badField, 'acad.monitoring.json') });
    expect((error as Error).message).toMatch(/budget\.monthlyLimitUsd: /);
    await expect(loadMonitoringConfig({ home: home(JSON.stringify({ alarms: [{ kind: 'sometimes' }] })), env: {} })).rejects.toThrow(
      /alarms\.0\.kind/,
    );
    await expect(loadMonitoringConfig({ home: home(), env: { ACAD_MONITORING_CONFIG: '/nonexistent/m.json' } })).rejects.toThrow(
      /\/nonexistent\/m\.json/,
    );
    await expect(loadMonitoringConfig({ home: home(), env: { ACAD_ALARM_WEBHOOK: 'ftp://x' } })).rejects.toThrow(
      /ACAD_ALARM_WEBHOOK: must be an http\(s\) URL/,
    );
  });
});
