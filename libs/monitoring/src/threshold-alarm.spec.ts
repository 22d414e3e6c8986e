import { metric, T0 } from './metric-fixtures.test-support';
import {
  datapointsFor,
  evaluateThresholdAlarm,
  explainThresholdAlarm,
  type Datapoint,
  type ThresholdAlarmDefinition,
  type TreatMissingData,
} from './threshold-alarm';

const NOW = new Date(T0.getTime() + 30_000);

function alarm(overrides: Partial<ThresholdAlarmDefinition> = {}): ThresholdAlarmDefinition {
  return {
    name: 'quarantine-rate',
    metric: 'QuarantinedPercent',
    dimensions: { Dataset: 'attendance' },
    statistic: 'Maximum',
    comparison: 'GreaterThanThreshold',
    threshold: 5,
    datapointsToAlarm: 2,
    evaluationPeriods: 3,
    periodSeconds: 60,
    treatMissingData: 'missing',
    ...overrides,
  };
}

/** Periods oldest → newest across the 5-period evaluation range: `X` breaching, `0` not, `-` missing. */
function series(pattern: string): Datapoint[] {
  const marks = pattern.split(' ');
  return marks.flatMap((mark, i) => {
    if (mark === '-') return [];
    const start = T0.getTime() - (marks.length - 1 - i) * 60_000;
    return [{ timestamp: new Date(start + 10_000), value: mark === 'X' ? 10 : 1 }];
  });
}

function state(
  pattern: string,
  treatMissingData: TreatMissingData,
  overrides: Partial<ThresholdAlarmDefinition> = {},
  previousState?: 'OK' | 'ALARM',
) {
  return evaluateThresholdAlarm(alarm({ treatMissingData, ...overrides }), series(pattern), { now: NOW, previousState });
}

describe('evaluateThresholdAlarm', () => {
  it('alarms when M of the newest N datapoints breach', () => {
    expect(state('0 0 X 0 X', 'missing')).toBe('ALARM');
    expect(state('X X 0 0 X', 'missing')).toBe('OK');
    expect(state('0 0 X X X', 'missing', { datapointsToAlarm: 3 })).toBe('ALARM');
    expect(state('0 0 X 0 X', 'missing', { datapointsToAlarm: 3 })).toBe('OK');
  });

  it('looks further back in the range past gaps, so missing-data treatment does not apply', () => {
    // Three real points (X, X, 0) among five periods: all policies agree.
    for (const policy of ['missing', 'ignore', 'breaching', 'notBreaching'] as const) {
      expect(state('X - X - 0', policy)).toBe('ALARM');
      expect(state('0 - 0 - X', policy)).toBe('OK');
    }
  });

  it('aggregates several datapoints per period with the statistic', () => {
    const points: Datapoint[] = [3, 4, 2].flatMap((v) => [
      { timestamp: new Date(T0.getTime() + 1000), value: v },
      { timestamp: new Date(T0.getTime() - 60_000 + 1000), value: v },
    ]);
    const definition = { evaluationPeriods: 2, datapointsToAlarm: 2 };
    expect(evaluateThresholdAlarm(alarm({ ...definition, statistic: 'Sum' }), points, { now: NOW })).toBe('ALARM');
    expect(evaluateThresholdAlarm(alarm({ ...definition, statistic: 'Average' }), points, { now: NOW })).toBe('OK');
    expect(
      evaluateThresholdAlarm(
        alarm({ ...definition, statistic: 'Maximum', threshold: 4, comparison: 'GreaterThanOrEqualToThreshold' }),
        points,
        { now: NOW },
      ),
    ).toBe('ALARM');
    expect(
      evaluateThresholdAlarm(
        alarm({ ...definition, statistic: 'Minimum', threshold: 2, comparison: 'LessThanOrEqualToThreshold' }),
        points,
        { now: NOW },
      ),
    ).toBe('ALARM');
    expect(
      evaluateThresholdAlarm(alarm({ ...definition, statistic: 'Minimum', threshold: 2, comparison: 'LessThanThreshold' }), points, {
        now: NOW,
      }),
    ).toBe('OK');
  });

  it('missing: INSUFFICIENT_DATA with no data, otherwise judges the real datapoints alone', () => {
    expect(state('- - - - -', 'missing')).toBe('INSUFFICIENT_DATA');
    expect(state('- - - X X', 'missing')).toBe('ALARM');
    expect(state('- - - - X', 'missing')).toBe('OK');
  });

  it('breaching: gaps count as breaching', () => {
    expect(state('- - - - -', 'breaching')).toBe('ALARM');
    expect(state('- - - - X', 'breaching')).toBe('ALARM');
    expect(state('- - - 0 0', 'breaching')).toBe('OK');
  });

  it('notBreaching: gaps count as good', () => {
    expect(state('- - - - -', 'notBreaching')).toBe('OK');
    expect(state('- - - - X', 'notBreaching')).toBe('OK');
    expect(state('- - - X X', 'notBreaching')).toBe('ALARM');
  });

  it('ignore: keeps the previous state unless the real datapoints decide', () => {
    expect(state('- - - - -', 'ignore')).toBe('INSUFFICIENT_DATA');
    expect(state('- - - - -', 'ignore', {}, 'ALARM')).toBe('ALARM');
    expect(state('- - - - X', 'ignore', {}, 'OK')).toBe('OK');
    expect(state('- - - - X', 'ignore', {}, 'ALARM')).toBe('ALARM');
    expect(state('- - - X X', 'ignore', {}, 'OK')).toBe('ALARM');
    // Gaps that could not reach M breaching even if they all breached: OK whatever came before.
    expect(state('- - - - 0', 'ignore', { datapointsToAlarm: 3 }, 'ALARM')).toBe('OK');
    expect(state('- - - 0 0', 'ignore', {}, 'ALARM')).toBe('OK');
    // Two gaps could still make 2 breaching: undecided, so the state is kept.
    expect(state('- - - - 0', 'ignore', {}, 'ALARM')).toBe('ALARM');
  });

  it('ignores datapoints outside the evaluation range and explains the decision', () => {
    const old = [{ timestamp: new Date(T0.getTime() - 10 * 60_000), value: 99 }];
    const future = [{ timestamp: new Date(NOW.getTime() + 60_000), value: 99 }];
    expect(evaluateThresholdAlarm(alarm(), [...old, ...future], { now: NOW })).toBe('INSUFFICIENT_DATA');
    const explained = explainThresholdAlarm(alarm(), series('0 0 X 0 X'), { now: NOW });
    expect(explained.reason).toBe('2 of the last 3 datapoints breached (QuarantinedPercent Maximum > 5); 2 needed');
    expect(explained.periods.map((p) => p.value)).toEqual([10, 1, 10, 1, 1]);
    expect(explained.periods[0].start).toEqual(T0);
  });

  it('refuses M greater than N', () => {
    expect(() => evaluateThresholdAlarm(alarm({ datapointsToAlarm: 4 }), [], { now: NOW })).toThrow(RangeError);
  });
});

describe('datapointsFor', () => {
  it('selects the metric with exactly the alarm dimensions', () => {
    const metrics = [
      metric('QuarantinedPercent', 7, { Dataset: 'attendance' }),
      metric('QuarantinedPercent', 8, { Dataset: 'grades' }),
      metric('QuarantinedPercent', 9, { Dataset: 'attendance', Zone: 'raw' }),
      metric('RowsRead', 10, { Dataset: 'attendance' }),
    ];
    expect(datapointsFor(alarm(), metrics)).toEqual([{ timestamp: T0, value: 7 }]);
  });
});
