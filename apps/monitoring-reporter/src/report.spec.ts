import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '@acad/config';
import { fromEmfDocument, type Metric } from '@acad/monitoring';
import { createSampleHome } from './acad-home.test-support';
import { composeReporter } from './compose';
import { buildReport } from './report';
import { runReport } from './run-report';

describe('runReport', () => {
  it('measures the zones, summarises runs, evaluates alarms and publishes storage metrics', async () => {
    const { home, batchTime } = await createSampleHome();
    const now = new Date(batchTime.getTime() + 60 * 60 * 1000);
    const parts = composeReporter(loadSettings({ env: { ACAD_HOME: home }, cwd: home }));
    const { report, published } = await runReport(parts, { now, days: 7 });

    expect(report.generatedAt).toBe(now.toISOString());
    expect(report.storage.map((z) => [z.zone, z.objects, z.bytes])).toEqual([
      ['landing', 1, 1000],
      ['raw', 3, 1050],
      ['quarantine', 1, 30],
      ['trusted', 1, 2],
      ['curated', 0, 0],
    ]);
    expect(report.storage[1].datasets).toEqual([
      { dataset: 'attendance', objects: 2, bytes: 1000 },
      { dataset: 'grades', objects: 1, bytes: 50 },
    ]);
    expect(report.storage[3].datasets).toEqual([{ dataset: '_platform', objects: 1, bytes: 2 }]);

    expect(report.runs.batches).toBe(3);
    expect(report.runs.datasets.map((d) => [d.dataset, d.batches, d.rowsRead, d.rowsQuarantined, d.quarantinedPercent])).toEqual([
      ['attendance', 2, 300, 22, 7.33],
      ['grades', 1, 100, 1, 1],
    ]);

    expect(report.alarms.map((a) => [a.name, a.state])).toEqual([
      ['quarantine-rate:attendance', 'ALARM'],
      ['batch-duration:attendance', 'OK'],
      ['batch-duration:grades', 'OK'],
      ['quarantine-rate:grades', 'OK'],
    ]);
    expect(report.alarms[0].reason).toBe('1 of the last 1 datapoints breached (QuarantinedPercent Maximum > 5); 1 needed');

    // Published as EMF next to the worker's lines: 5 zones + 5 zone/dataset pairs, 2 metrics each.
    expect(published).toEqual({ destination: join(home, 'metrics'), metrics: 20 });
    const day = now.toISOString().slice(0, 10);
    const batchDay = batchTime.toISOString().slice(0, 10);
    const lines = [...new Set([day, batchDay])].flatMap((d) => readFileSync(join(home, 'metrics', `metrics-${d}.jsonl`), 'utf8').trim().split('\n'));
    const written: Metric[] = lines.flatMap((line) => fromEmfDocument(JSON.parse(line)).metrics);
    expect(written).toContainEqual({ name: 'StorageBytes', unit: 'Bytes', value: 1050, dimensions: { Zone: 'raw' }, timestamp: now });
    expect(written).toContainEqual({ name: 'StorageObjects', unit: 'Count', value: 2, dimensions: { Dataset: 'attendance', Zone: 'raw' }, timestamp: now });
  });
});

describe('buildReport', () => {
  it('gives no alarms and no runs for an empty installation', () => {
    const now = new Date('2025-03-04T10:00:00Z');
    expect(buildReport({ generatedAt: now, storage: [], recordedMetrics: [], since: new Date('2025-03-01T00:00:00Z') })).toEqual({
      generatedAt: '2025-03-04T10:00:00.000Z',
      alarms: [],
      storage: [],
      runs: { since: '2025-03-01T00:00:00.000Z', batches: 0, datasets: [], unreadableMetricLines: 0 },
    });
  });

  it('orders alarms ALARM, INSUFFICIENT_DATA, OK', () => {
    const now = new Date('2025-03-04T10:00:00Z');
    const base = { metric: 'X', dimensions: {}, statistic: 'Maximum', comparison: 'GreaterThanThreshold', threshold: 1, datapointsToAlarm: 1, evaluationPeriods: 1, periodSeconds: 60 } as const;
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
