import type { BatchSummary } from './batch-summary';
import { batchSummariesJson, batchSummaryJson, formatBatchSummary } from './format-batch-summary';

// The counts `npm run ingest` reported for freshly generated sample attendance, whose line read "score 0.375".
const healthy: BatchSummary = {
  dataset: 'attendance',
  batchId: 'b9bf7de4c92789190fc4c',
  file: 'attendance.csv',
  status: 'committed',
  rows: { read: 22237, accepted: 21577, duplicates: 220, quarantined: 440 },
  quality: { passed: 9, warned: 15, failed: 0, score: 1 },
  durationMs: 2800,
};

describe('formatBatchSummary', () => {
  it('shows the score with its breakdown and the share of rows accepted', () => {
    expect(formatBatchSummary(healthy)).toBe(
      '✓ committed  attendance/attendance.csv batch b9bf7de4c92789190fc4c: read 22237 = accepted 21577 + duplicates 220 + quarantined 440' +
        ' · quality score 100% (9 passed, 0 failed; 15 warnings not counted) · 98.0% of rows accepted (440 quarantined) · 2.8 s',
    );
  });

  it('shows the score of a batch that failed its gate', () => {
    const failed: BatchSummary = {
      ...healthy,
      status: 'failed',
      quality: { passed: 7, warned: 2, failed: 1, score: 0.875 },
      problem: 'key',
    };
    expect(formatBatchSummary(failed)).toBe(
      '✗ failed     attendance/attendance.csv: key (quality score 87.5% (7 passed, 1 failed; 2 warnings not counted); nothing committed, the file stays in landing)',
    );
  });
});

describe('batchSummariesJson', () => {
  it('adds the share of rows accepted to the quality block', () => {
    const json = JSON.parse(batchSummariesJson([healthy])) as BatchSummary & { quality: { acceptedShare: number | null } };
    expect(json.quality).toEqual({ passed: 9, warned: 15, failed: 0, score: 1, acceptedShare: 21577 / 22017 });
    const rejected = JSON.parse(
      batchSummariesJson([
        { ...healthy, status: 'rejected', rows: { read: 0, accepted: 0, duplicates: 0, quarantined: 0 }, problem: 'empty file' },
      ]),
    ) as { quality: { acceptedShare: number | null } };
    expect(rejected.quality.acceptedShare).toBeNull();
  });
});

describe('batchSummaryJson', () => {
  it('is the one shape of a batch in JSON, as `ingest watch --json` prints it line by line', () => {
    expect(batchSummaryJson({ ...healthy, warnings: [] })).toEqual({
      ...healthy,
      quality: { passed: 9, warned: 15, failed: 0, score: 1, acceptedShare: 21577 / 22017 },
    });
  });
});
