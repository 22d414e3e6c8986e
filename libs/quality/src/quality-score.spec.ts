import { acceptedShare, formatAcceptedShare, formatPercent, formatQualityScore, qualityScore } from './quality-score';

describe('qualityScore', () => {
  it('scores the healthy sample attendance batch 1: its 15 warnings are reported, not counted', () => {
    // The counts `npm run ingest` reported for freshly generated sample attendance (it printed "score 0.375").
    const counts = { passed: 9, warned: 15, failed: 0 };
    expect(qualityScore(counts)).toBe(1);
    expect(formatQualityScore(counts)).toBe('score 100% (9 passed, 0 failed; 15 warnings not counted)');
  });

  it('counts failed error rules against passed ones', () => {
    expect(qualityScore({ passed: 7, failed: 1 })).toBe(0.875);
    expect(qualityScore({ passed: 2, failed: 1 })).toBe(0.666);
    expect(qualityScore({ passed: 0, failed: 0 })).toBe(1);
    expect(formatQualityScore({ passed: 2, warned: 1, failed: 1 })).toBe('score 66.6% (2 passed, 1 failed; 1 warning not counted)');
    // Short of all never reads 1 or 100%.
    expect(qualityScore({ passed: 2499, failed: 1 })).toBe(0.999);
    expect(formatQualityScore({ passed: 2499, warned: 0, failed: 1 })).toBe('score 99.9% (2499 passed, 1 failed)');
  });
});

describe('acceptedShare', () => {
  it('is the share of judged rows accepted, duplicates left out', () => {
    // Sample attendance: read 22237 = accepted 21577 + duplicates 220 + quarantined 440.
    const rows = { accepted: 21577, quarantined: 440 };
    expect(acceptedShare(rows)).toBeCloseTo(21577 / 22017, 12);
    expect(formatAcceptedShare(rows)).toBe('98.0% of rows accepted (440 quarantined)');
    expect(formatAcceptedShare({ accepted: 5, quarantined: 0 })).toBe('100% of rows accepted');
    expect(acceptedShare({ accepted: 0, quarantined: 0 })).toBeNull();
    expect(formatAcceptedShare({ accepted: 0, quarantined: 0 })).toBe('no rows judged');
  });
});

describe('formatPercent', () => {
  it('reads 100% only for all, and rounds anything else down to one decimal', () => {
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.99995)).toBe('99.9%');
    expect(formatPercent(0.375)).toBe('37.5%');
    expect(formatPercent(0)).toBe('0.0%');
  });
});
