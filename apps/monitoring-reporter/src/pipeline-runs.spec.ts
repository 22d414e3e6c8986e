import type { Metric } from '@acad/monitoring';
import { quarantinedPercentMetrics, summarizeRuns } from './pipeline-runs';

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
  m('RowsRead', 0, 'grades', t2),
  m('RowsQuarantined', 0, 'grades', t2),
  // Not per-dataset pipeline metrics: ignored.
  m('RowsRead', 999, 'attendance', t2, { Zone: 'raw' }),
  m('StorageBytes', 5, 'attendance', t2),
];

describe('summarizeRuns', () => {
  it('totals batches and rows per dataset within the window', () => {
    expect(summarizeRuns(metrics, new Date('2025-03-04T00:00:00Z'), 2)).toEqual({
      since: '2025-03-04T00:00:00.000Z',
      batches: 3,
      unreadableMetricLines: 2,
      datasets: [
        {
          dataset: 'attendance',
          batches: 2,
          rowsRead: 150,
          rowsAccepted: 140,
          rowsQuarantined: 10,
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
          rowsQuarantined: 0,
          quarantinedPercent: null,
          averageBatchDurationMs: null,
          maxBatchDurationMs: null,
          lastRunAt: t2.toISOString(),
        },
      ],
    });
    expect(summarizeRuns(metrics, new Date('2025-03-04T10:30:00Z')).datasets[0].batches).toBe(1);
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
