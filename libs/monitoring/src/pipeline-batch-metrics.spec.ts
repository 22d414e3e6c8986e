import { batchMetrics } from './pipeline-batch-metrics';

const at = new Date('2026-01-05T10:00:00Z');
const committed = {
  dataset: 'attendance',
  batchId: 'b1',
  file: 'a.csv',
  status: 'committed' as const,
  rows: { read: 10, accepted: 7, duplicates: 1, quarantined: 2 },
  quality: { passed: 3, warned: 1, failed: 0, score: 0.75 }, // scored the old way: the counts are published as they are
  durationMs: 1200,
};

describe('batchMetrics', () => {
  it('reports the row counts, quality and duration of a committed batch by dataset', () => {
    const metrics = batchMetrics(committed, at);
    const byName = Object.fromEntries(metrics.map((m) => [m.name, m.value]));
    expect(byName).toEqual({
      BatchesCommitted: 1,
      RowsRead: 10,
      RowsAccepted: 7,
      RowsDuplicate: 1,
      RowsQuarantined: 2,
      QualityScore: 75,
      QualityRulesPassed: 3,
      QualityRulesFailed: 0,
      QualityRulesWarned: 1,
      BatchDurationMs: 1200,
    });
    expect(metrics.every((m) => m.dimensions['Dataset'] === 'attendance' && m.timestamp === at)).toBe(true);
  });

  it('counts a rejected file as a file, and a failed batch as a batch, without row figures', () => {
    expect(batchMetrics({ ...committed, status: 'rejected' }, at).map((m) => m.name)).toEqual(['FilesRejected']);
    expect(batchMetrics({ ...committed, status: 'failed' }, at).map((m) => m.name)).toEqual(['BatchesFailed']);
  });
});
