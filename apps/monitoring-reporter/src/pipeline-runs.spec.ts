import type { Metric } from '@acad/monitoring';
import { batchSeries, qualityRules, quarantinedPercentMetrics, summarizeRuns } from './pipeline-runs';

const t1 = new Date('2025-03-04T10:00:00Z');
const t2 = new Date('2025-03-04T11:00:00Z');
const m = (name: string, value: number, dataset: string, timestamp: Date, extra: Record<string, string> = {}): Metric => ({
  name,
  unit: 'Count',
  value,
  dimensions: { Dataset: dataset, ...extra },
  timestamp,
});

const metrics: Metric[] = [
  m('RowsRead', 100, 'attendance', t1),
  m('RowsQuarantined', 10, 'attendance', t1),
  m('RowsAccepted', 90, 'attendance', t1),
  m('BatchDurationMs', 500, 'attendance', t1),
  m('RowsRead', 50, 'attendance', t2),
  m('RowsQuarantined', 0, 'attendance', t2),
  m('RowsAccepted', 50, 'attendance', t2),
  m('BatchDurationMs', 300, 'attendance', t2),
  m('RowsDuplicate', 3, 'attendance', t2),
  m('QualityScore', 80, 'attendance', t1),
  m('QualityScore', 90, 'attendance', t2),
  // The breakdown behind the newest score (t1's batch came from a worker that did not publish one).
  m('QualityRulesPassed', 9, 'attendance', t2),
  m('QualityRulesFailed', 1, 'attendance', t2),
  m('QualityRulesWarned', 15, 'attendance', t2),
  // What older workers wrote for a rejected file, and what they write now.
  m('BatchesRejected', 1, 'grades', t1),
  m('FilesRejected', 1, 'attendance', t2),
  m('BatchesFailed', 1, 'attendance', t2),
  m('RowsRead', 0, 'grades', t2),
  m('RowsQuarantined', 0, 'grades', t2),
  // Not per-dataset pipeline metrics: ignored.
  m('RowsRead', 999, 'attendance', t2, { Zone: 'raw' }),
  m('StorageBytes', 5, 'attendance', t2),
];

describe('summarizeRuns', () => {
  it('totals batches and rows per dataset within the window, counting rejected files apart from failed batches', () => {
    expect(summarizeRuns(metrics, new Date('2025-03-04T00:00:00Z'), 2)).toEqual({
      since: '2025-03-04T00:00:00.000Z',
      batches: 3,
      failures: 1,
      rejectedFiles: 2,
      unreadableMetricLines: 2,
      datasets: [
        {
          dataset: 'attendance',
          batches: 2,
          rowsRead: 150,
          rowsAccepted: 140,
          rowsDuplicate: 3,
          rowsQuarantined: 10,
          batchesFailed: 1,
          filesRejected: 1,
          batchesDuplicate: 0,
          latestQualityScore: 90,
          averageQualityScore: 85,
          latestQualityRules: { passed: 9, failed: 1, warned: 15 },
          quarantinedPercent: 6.67,
          averageBatchDurationMs: 400,
          maxBatchDurationMs: 500,
          lastRunAt: t2.toISOString(),
        },
        {
          dataset: 'grades',
          batches: 1,
          rowsRead: 0,
          rowsAccepted: 0,
          rowsDuplicate: 0,
          rowsQuarantined: 0,
          batchesFailed: 0,
          filesRejected: 1,
          batchesDuplicate: 0,
          latestQualityScore: null,
          averageQualityScore: null,
          latestQualityRules: null,
          quarantinedPercent: null,
          averageBatchDurationMs: null,
          maxBatchDurationMs: null,
          lastRunAt: t2.toISOString(),
        },
      ],
    });
    expect(summarizeRuns(metrics, new Date('2025-03-04T10:30:00Z')).datasets[0].batches).toBe(1);
  });

  it('shows the newest score with the rules behind it, and none for a batch that published none', () => {
    const [attendance, grades] = summarizeRuns(metrics, new Date('2025-03-04T00:00:00Z')).datasets;
    expect(qualityRules(attendance)).toBe('9/1/15');
    expect(qualityRules(grades)).toBe('-');
    const older = summarizeRuns(
      metrics.filter((x) => x.timestamp < t2),
      new Date('2025-03-04T00:00:00Z'),
    ).datasets[0];
    expect(older.latestQualityRules).toBeNull();
  });
});

describe('quarantinedPercentMetrics', () => {
  it('derives one percentage per batch that read rows', () => {
    expect(quarantinedPercentMetrics(metrics)).toEqual([
      { name: 'QuarantinedPercent', unit: 'Percent', value: 10, dimensions: { Dataset: 'attendance' }, timestamp: t1 },
      { name: 'QuarantinedPercent', unit: 'Percent', value: 0, dimensions: { Dataset: 'attendance' }, timestamp: t2 },
    ]);
  });
});

describe('batchSeries', () => {
  it('gives one point per batch of a per-dataset metric, oldest first', () => {
    expect(batchSeries(metrics, 'QualityScore', t1)).toEqual([
      { dataset: 'attendance', at: t1.toISOString(), value: 80 },
      { dataset: 'attendance', at: t2.toISOString(), value: 90 },
    ]);
    expect(batchSeries(metrics, 'RowsRead', t2).map((p) => p.value)).toEqual([50, 0]);
  });
});
