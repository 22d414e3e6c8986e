import { DATASET_CONTRACTS } from '@acad/schemas';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '@acad/config';
import { readAlarmHistory, readAlarmStates, readLocalMetrics, type Metric } from '@acad/monitoring';
import { createSampleHome } from './acad-home.test-support';
import { composeReporter } from './compose';
import { buildReport } from './report';
import { runReport } from './run-report';

const HOUR = 3_600_000;

describe('runReport', () => {
  it('measures zones, runs, freshness and cost, evaluates and records alarms, and publishes the metrics', async () => {
    const { home, batchTime } = await createSampleHome();
    const now = new Date(batchTime.getTime() + HOUR);
    const parts = composeReporter(loadSettings({ env: { ACAD_HOME: home }, cwd: home }));
    const { report, published, notifications, syncedAlarms, configSource } = await runReport(parts, { now, days: 7, env: {} });

    expect(report.generatedAt).toBe(now.toISOString());
    expect(report.storage.map((z) => [z.zone, z.objects, z.bytes, z.growthBytes])).toEqual([
      ['landing', 1, 1000, null],
      ['raw', 3, 1050, null],
      ['quarantine', 1, 30, null],
      ['trusted', 1, 2, null],
      ['curated', 0, 0, null],
      ['rejected', 2, 183, null],
    ]);
    expect(report.storage[1].datasets).toEqual([
      { dataset: 'attendance', objects: 2, bytes: 1000, growthBytes: null },
      { dataset: 'grades', objects: 1, bytes: 50, growthBytes: null },
    ]);
    expect(report.runs.batches).toBe(3);
    expect(report.runs.failures).toBe(1);
    expect(report.runs.rejectedFiles).toBe(1);
    expect(report.rejected).toMatchObject({ waiting: 1, byDataset: { attendance: 1 } });
    expect(
      report.runs.datasets.map((d) => [
        d.dataset,
        d.batches,
        d.rowsRead,
        d.rowsDuplicate,
        d.rowsQuarantined,
        d.quarantinedPercent,
        d.latestQualityScore,
      ]),
    ).toEqual([
      ['attendance', 2, 300, 0, 22, 7.33, 90],
      ['grades', 1, 100, 0, 1, 1, 99],
    ]);
    // One freshness row per contract dataset; only attendance has committed (an hour ago, on Sunday 16 March
    // 2025: the default academic calendar counts attendance's age in teaching hours, and a Sunday has none).
    expect(report.freshness.map((f) => [f.dataset, f.ageHours, f.teachingHours, f.withinSla])).toEqual(
      DATASET_CONTRACTS.map((c) => (c.name === 'attendance' ? ['attendance', 0, true, true] : [c.name, null, false, false])),
    );

    const states = Object.fromEntries(report.alarms.map((a) => [a.name, a.state]));
    expect(states).toMatchObject({
      'quarantine-rate:attendance': 'ALARM',
      'freshness:students': 'ALARM',
      'freshness:attendance': 'OK',
      'data-needs-attention': 'ALARM',
      // A Sunday is no teaching day: attendance's volume is not judged.
      'rows-read-anomaly:attendance': 'OK',
      'budget-forecast': 'OK',
      'batch-duration:grades': 'OK',
    });
    expect(report.alarms.findIndex((a) => a.state !== 'ALARM')).toBe(report.alarms.filter((a) => a.state === 'ALARM').length);

    // 15 of 31 days of March passed: the forecast is the month-to-date cost extrapolated.
    const cost = report.cost;
    expect(cost?.budget.forecastUsd).toBeCloseTo((cost?.budget.monthToDateUsd ?? 0) / (cost?.budget.elapsedFraction ?? 1));
    expect(cost?.estimatedMonthly.byService.Glue).toBeCloseTo((3 * 60 * 2 * 0.44) / 3600);

    const stale = DATASET_CONTRACTS.map((c) => c.name).filter((name) => name !== 'attendance');
    expect(
      report.transitions
        .filter((t) => t.to === 'ALARM')
        .map((t) => t.alarm)
        .sort(),
    ).toEqual(['data-needs-attention', ...stale.map((name) => `freshness:${name}`), 'quarantine-rate:attendance'].sort());
    expect(await readAlarmHistory(home)).toEqual(report.transitions);
    expect((await readAlarmStates(home))['freshness:students']).toMatchObject({ state: 'ALARM', since: now.toISOString() });
    expect(notifications).toEqual({ logged: report.transitions.length });
    const log = readFileSync(join(home, 'logs', 'monitoring-reporter.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.find((l) => l.alarm === 'freshness:students')).toMatchObject({ level: 40, from: 'INSUFFICIENT_DATA', to: 'ALARM' });
    expect(syncedAlarms).toEqual([]);
    expect(configSource).toBe('built-in defaults');

    // Storage (5 zones + 5 zone/dataset pairs, 2 each), DataAgeHours for attendance (teaching hours: 0 on a Sunday), month-to-date and forecast cost.
    expect(published).toEqual({ destination: join(home, 'metrics'), metrics: 27 });
    const written: Metric[] = await readLocalMetrics(home);
    expect(written).toContainEqual({ name: 'StorageBytes', unit: 'Bytes', value: 1050, dimensions: { Zone: 'raw' }, timestamp: now });
    expect(written).toContainEqual({ name: 'DataAgeHours', unit: 'None', value: 0, dimensions: { Dataset: 'attendance' }, timestamp: now });

    // A second report sees growth against the first and records no repeated transitions.
    const later = new Date(now.getTime() + HOUR);
    await parts.stores.raw.put('grades/batch=b4/part-0.parquet', 'x'.repeat(70));
    const second = await runReport(parts, { now: later, days: 7, env: {} });
    expect(second.report.storagePreviousAt).toBe(now.toISOString());
    expect(second.report.storage[1]).toMatchObject({ bytes: 1120, growthBytes: 70 });
    expect(second.report.storage[1].datasets[1]).toEqual({ dataset: 'grades', objects: 2, bytes: 120, growthBytes: 70 });
    expect(second.report.trends.storage.map((s) => s.bytesByZone['raw'])).toEqual([1050, 1120]);
    expect(second.report.transitions.filter((t) => t.to === 'ALARM')).toEqual([]);
  });
});

describe('buildReport', () => {
  const now = new Date('2025-03-04T10:00:00Z');

  it('gives only budget alarms and no runs for an empty installation', () => {
    const report = buildReport({ generatedAt: now, storage: [], recordedMetrics: [], since: new Date('2025-03-01T00:00:00Z') });
    expect(report.alarms.map((a) => [a.name, a.state])).toEqual([
      ['budget-forecast', 'INSUFFICIENT_DATA'],
      ['budget-actual', 'OK'],
    ]);
    expect(report.runs).toEqual({
      since: '2025-03-01T00:00:00.000Z',
      batches: 0,
      failures: 0,
      rejectedFiles: 0,
      datasets: [],
      unreadableMetricLines: 0,
    });
    expect(report.rejected).toEqual({ waiting: 0, byDataset: {}, oldestRejectedAt: null });
  });

  it('orders alarms ALARM, INSUFFICIENT_DATA, OK', () => {
    const base = {
      kind: 'threshold',
      metric: 'X',
      dimensions: {},
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 1,
      datapointsToAlarm: 1,
      evaluationPeriods: 1,
      periodSeconds: 60,
    } as const;
    const report = buildReport({
      generatedAt: now,
      storage: [],
      recordedMetrics: [{ name: 'X', unit: 'Count', value: 5, dimensions: {}, timestamp: new Date(now.getTime() - 1000) }],
      since: now,
      alarms: [
        { ...base, name: 'a-ok', threshold: 10, treatMissingData: 'missing' },
        { ...base, name: 'b-no-data', metric: 'Y', treatMissingData: 'missing' },
        { ...base, name: 'c-alarm', treatMissingData: 'missing' },
      ],
    });
    expect(report.alarms.map((a) => [a.name, a.state])).toEqual([
      ['c-alarm', 'ALARM'],
      ['b-no-data', 'INSUFFICIENT_DATA'],
      ['a-ok', 'OK'],
    ]);
  });
});
