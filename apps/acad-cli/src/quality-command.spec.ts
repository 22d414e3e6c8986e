import type { BatchQualityRecord } from '@acad/quality';
import { formatQualityReport } from './quality-command';

const record: BatchQualityRecord = {
  dataset: 'attendance',
  batchId: 'b1',
  relation: 'merged_b1',
  evaluatedAt: '2025-09-02T00:00:00.000Z',
  status: 'passed',
  summary: { total: 1, passed: 0, warned: 1, failed: 0, score: 0 },
  results: [
    {
      ruleId: 'known_student',
      type: 'ReferentialIntegrity',
      severity: 'warn',
      outcome: 'warned',
      metric: 0.5,
      threshold: { op: '=', value: 1 },
      failingRows: 4,
    },
  ],
  failingSamples: {
    known_student: [1, 2, 3, 4].map((n) => ({
      _batch_id: 'b1',
      _row_number: n,
      _ingested_at: '2025-09-02',
      _partition: 'session_month=2025-09',
      student_id: `tok_${n}`,
    })),
  },
};

describe('formatQualityReport', () => {
  it('shows up to three failing rows per rule, without the columns every row of the batch shares', () => {
    const text = formatQualityReport({
      dataset: 'attendance',
      latest: record,
      trend: [{ batchId: 'b1', evaluatedAt: record.evaluatedAt, status: 'passed', score: 0 }],
    });
    expect(text).toContain('  warned  known_student  ReferentialIntegrity = 0.5, 4 failing row(s)');
    expect(text).toContain(
      [
        'Failing rows (PII masked; up to 3 per rule, more with --json):',
        '  known_student',
        '    {"_row_number":1,"student_id":"tok_1"}',
        '    {"_row_number":2,"student_id":"tok_2"}',
        '    {"_row_number":3,"student_id":"tok_3"}',
        '',
        'Trend (last 1): 0',
      ].join('\n'),
    );
  });

  it('shows the score with its breakdown, warnings not counted, also for a record scored the old way', () => {
    // Recorded before the score left warnings out: the stored score is 0, the counts say 1.
    const text = formatQualityReport({ dataset: 'attendance', latest: record, trend: [] });
    expect(text.split('\n')[0]).toBe(
      'attendance: batch b1 at 2025-09-02T00:00:00.000Z — PASSED, score 100% (0 passed, 0 failed; 1 warning not counted), 1 rules',
    );
  });

  it('has no failing-rows section when nothing was sampled', () => {
    const text = formatQualityReport({ dataset: 'attendance', latest: { ...record, failingSamples: {} }, trend: [] });
    expect(text).not.toContain('Failing rows');
  });
});
