import { metricIdentity, type Metric } from './metric';
import { aggregateByPeriod } from './period-aggregation';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export type AlarmStatistic = 'Sum' | 'Average' | 'Maximum' | 'Minimum';
export type ComparisonOperator =
  | 'GreaterThanThreshold'
  | 'GreaterThanOrEqualToThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';
export type TreatMissingData = 'missing' | 'notBreaching' | 'breaching' | 'ignore';

/** A static-threshold metric alarm with CloudWatch's fields and meaning. */
export interface ThresholdAlarmDefinition {
  name: string;
  description?: string;
  metric: string;
  /** The watched metric's full dimension set (a metric is its name plus all its dimensions). */
  dimensions: Record<string, string>;
  statistic: AlarmStatistic;
  comparison: ComparisonOperator;
  threshold: number;
  /** M: breaching datapoints needed among the N evaluated. */
  datapointsToAlarm: number;
  /** N: datapoints (periods) evaluated. */
  evaluationPeriods: number;
  periodSeconds: number;
  treatMissingData: TreatMissingData;
}

export interface Datapoint {
  timestamp: Date;
  value: number;
}

export interface ThresholdAlarmOptions {
  /** Evaluation time; the newest period is the one that contains it. Default now. */
  now?: Date;
  /** State kept by `ignore` when the data cannot decide. Default INSUFFICIENT_DATA. */
  previousState?: AlarmState;
  /** Periods looked back for real datapoints (CloudWatch's "evaluation range"). Default N + 2. */
  evaluationRangePeriods?: number;
}

export interface PeriodValue {
  start: Date;
  /** The statistic over the period's datapoints; absent when the period had none. */
  value?: number;
  breaching?: boolean;
}

export interface ThresholdAlarmEvaluation {
  state: AlarmState;
  reason: string;
  /** The evaluation range, newest period first. */
  periods: PeriodValue[];
}

/** The datapoints of the alarm's metric: same name and exactly the same dimensions. */
export function datapointsFor(
  definition: Pick<ThresholdAlarmDefinition, 'metric' | 'dimensions'>,
  metrics: readonly Metric[],
): Datapoint[] {
  const identity = metricIdentity(definition.metric, definition.dimensions);
  return metrics
    .filter((m) => m.name === definition.metric && metricIdentity(m.name, m.dimensions) === identity)
    .map((m) => ({ timestamp: m.timestamp, value: m.value }));
}

export function evaluateThresholdAlarm(
  definition: ThresholdAlarmDefinition,
  datapoints: readonly Datapoint[],
  options: ThresholdAlarmOptions = {},
): AlarmState {
  return explainThresholdAlarm(definition, datapoints, options).state;
}

/**
 * CloudWatch semantics: datapoints are aggregated per period; if the evaluation range holds at
 * least N real datapoints, the newest N decide and missing-data treatment does not apply.
 * Otherwise the real ones are all used and the gaps are filled as `treatMissingData` says:
 * `missing` judges on the real ones alone (INSUFFICIENT_DATA when there are none), `ignore`
 * keeps the previous state unless the real ones decide, `breaching`/`notBreaching` count the
 * gaps as bad/good. ALARM when at least M evaluated datapoints breach.
 */
export function explainThresholdAlarm(
  definition: ThresholdAlarmDefinition,
  datapoints: readonly Datapoint[],
  options: ThresholdAlarmOptions = {},
): ThresholdAlarmEvaluation {
  assertValidDefinition(definition);
  const m = definition.datapointsToAlarm;
  const n = definition.evaluationPeriods;
  const periods = periodValues(definition, datapoints, options);
  const present = periods.filter((p) => p.value !== undefined);
  const condition = `${definition.metric} ${definition.statistic} ${comparisonSymbol(definition.comparison)} ${definition.threshold}`;
  const decide = (breaching: number, evaluated: string): ThresholdAlarmEvaluation => ({
    state: breaching >= m ? 'ALARM' : 'OK',
    reason: `${breaching} of ${evaluated} breached (${condition}); ${m} needed`,
    periods,
  });

  if (present.length >= n) {
    const newest = present.slice(0, n);
    return decide(newest.filter((p) => p.breaching).length, `the last ${n} datapoints`);
  }
  const realBreaching = present.filter((p) => p.breaching).length;
  const gaps = n - present.length;
  const described = `${present.length} datapoint(s) and ${gaps} missing`;
  switch (definition.treatMissingData) {
    case 'breaching':
      return decide(realBreaching + gaps, `${described} (missing counted as breaching)`);
    case 'notBreaching':
      return decide(realBreaching, `${described} (missing counted as not breaching)`);
    case 'missing':
      if (present.length === 0)
        return { state: 'INSUFFICIENT_DATA', reason: `no datapoints in the last ${periods.length} periods`, periods };
      return decide(realBreaching, described);
    case 'ignore': {
      if (realBreaching >= m || realBreaching + gaps < m) return decide(realBreaching, described);
      const kept = options.previousState ?? 'INSUFFICIENT_DATA';
      return { state: kept, reason: `${described}; missing data ignored, state kept as ${kept}`, periods };
    }
  }
}

function periodValues(
  definition: ThresholdAlarmDefinition,
  datapoints: readonly Datapoint[],
  options: ThresholdAlarmOptions,
): PeriodValue[] {
  const periods = Math.max(definition.evaluationPeriods, options.evaluationRangePeriods ?? definition.evaluationPeriods + 2);
  return aggregateByPeriod(datapoints, {
    statistic: definition.statistic,
    periodSeconds: definition.periodSeconds,
    now: options.now ?? new Date(),
    periods,
  }).map((p) =>
    p.value === undefined
      ? { start: p.start }
      : { start: p.start, value: p.value, breaching: compare(definition.comparison, p.value, definition.threshold) },
  );
}

export function compare(operator: ComparisonOperator, value: number, threshold: number): boolean {
  switch (operator) {
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
  }
}

export function comparisonSymbol(operator: ComparisonOperator): string {
  return { GreaterThanThreshold: '>', GreaterThanOrEqualToThreshold: '>=', LessThanThreshold: '<', LessThanOrEqualToThreshold: '<=' }[
    operator
  ];
}

function assertValidDefinition(d: ThresholdAlarmDefinition): void {
  const wholeAtLeastOne = (v: number) => Number.isInteger(v) && v >= 1;
  if (!wholeAtLeastOne(d.evaluationPeriods) || !wholeAtLeastOne(d.datapointsToAlarm) || d.datapointsToAlarm > d.evaluationPeriods) {
    throw new RangeError(
      `Alarm ${d.name}: datapointsToAlarm (${d.datapointsToAlarm}) must be from 1 to evaluationPeriods (${d.evaluationPeriods})`,
    );
  }
  if (!(d.periodSeconds > 0) || !Number.isFinite(d.threshold)) {
    throw new RangeError(`Alarm ${d.name}: periodSeconds must be positive and threshold a finite number`);
  }
}
