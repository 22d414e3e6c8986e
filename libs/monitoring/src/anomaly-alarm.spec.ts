import type { AnomalyAlarmDefinition } from './alarm-definitions';
import { evaluateAnomalyAlarm, learnAnomalyBand, median } from './anomaly-alarm';

const DAY = 86_400_000;
const NOW = new Date('2025-03-20T12:00:00Z');

function alarm(overrides: Partial<AnomalyAlarmDefinition> = {}): AnomalyAlarmDefinition {
  return {
    kind: 'anomaly',
    name: 'rows-read-anomaly',
    metric: 'RowsRead',
    dimensions: { Dataset: 'attendance' },
    statistic: 'Sum',
    comparison: 'LessThanLowerOrGreaterThanUpperThreshold',
    bandWidth: 3,
    periodSeconds: 86_400,
    datapointsToAlarm: 1,
    evaluationPeriods: 1,
    historyPeriods: 14,
    minHistory: 5,
    treatMissingData: 'missing',
    ...overrides,
  };
}

/** One value per day, oldest first, ending today; `null` leaves a day empty. */
function daily(values: Array<number | null>) {
  return values.flatMap((value, i) =>
    value === null ? [] : [{ timestamp: new Date(NOW.getTime() - (values.length - 1 - i) * DAY), value }],
  );
}

const history = [1000, 1020, 980, 1010, 990, 1005, 995, 1015];

describe('learnAnomalyBand', () => {
  it('is median ± k × 1.4826 × MAD, never narrower than 1% of the median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const band = learnAnomalyBand([10, 12, 14, 16, 18], 2);
    expect(band.median).toBe(14);
    expect(band.spread).toBeCloseTo(1.4826 * 2);
    expect(band.lower).toBeCloseTo(14 - 2 * 1.4826 * 2);
    const flat = learnAnomalyBand([50, 50, 50], 3);
    expect([flat.lower, flat.upper]).toEqual([48.5, 51.5]);
  });
});

describe('evaluateAnomalyAlarm', () => {
  it('fires when today is far outside the band learnt from history', () => {
    const high = evaluateAnomalyAlarm(alarm(), daily([...history, 5000]), { now: NOW });
    expect(high.state).toBe('ALARM');
    expect(high.reason).toMatch(/^1 of 1 period\(s\) outside the band 95\d\.\d+…10\d\d\.\d+ from 8 datapoint\(s\); 1 needed$/);
    expect(evaluateAnomalyAlarm(alarm(), daily([...history, 10]), { now: NOW }).state).toBe('ALARM');
  });

  it('stays OK inside the band, and honours a one-sided comparison', () => {
    expect(evaluateAnomalyAlarm(alarm(), daily([...history, 1012]), { now: NOW }).state).toBe('OK');
    expect(evaluateAnomalyAlarm(alarm({ comparison: 'GreaterThanUpperThreshold' }), daily([...history, 10]), { now: NOW }).state).toBe(
      'OK',
    );
    expect(evaluateAnomalyAlarm(alarm({ comparison: 'LessThanLowerThreshold' }), daily([...history, 10]), { now: NOW }).state).toBe(
      'ALARM',
    );
  });

  it('needs minHistory datapoints before it judges', () => {
    const result = evaluateAnomalyAlarm(alarm({ minHistory: 10 }), daily([...history, 5000]), { now: NOW });
    expect(result.state).toBe('INSUFFICIENT_DATA');
    expect(result.reason).toBe('8 history datapoint(s); 10 needed to learn a band');
  });

  it('applies M of N over the evaluated periods and the missing-data policy', () => {
    const two = alarm({ evaluationPeriods: 3, datapointsToAlarm: 2 });
    expect(evaluateAnomalyAlarm(two, daily([...history, 5000, 1000, 5000]), { now: NOW }).state).toBe('ALARM');
    expect(evaluateAnomalyAlarm(two, daily([...history, 5000, 1000, 1000]), { now: NOW }).state).toBe('OK');
    const gaps = daily([...history, null, null, 5000]);
    expect(evaluateAnomalyAlarm({ ...two, treatMissingData: 'missing' }, gaps, { now: NOW }).state).toBe('OK');
    expect(evaluateAnomalyAlarm({ ...two, treatMissingData: 'breaching' }, gaps, { now: NOW }).state).toBe('ALARM');
    expect(evaluateAnomalyAlarm({ ...two, treatMissingData: 'notBreaching' }, gaps, { now: NOW }).state).toBe('OK');
    expect(evaluateAnomalyAlarm({ ...two, treatMissingData: 'ignore' }, gaps, { now: NOW, previousState: 'ALARM' }).state).toBe('ALARM');
    expect(evaluateAnomalyAlarm(alarm(), daily([...history, null]), { now: NOW }).state).toBe('INSUFFICIENT_DATA');
  });
});
