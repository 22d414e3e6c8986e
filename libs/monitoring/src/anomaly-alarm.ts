import { academicDayKind, followsCalendar, type AcademicCalendar } from '@acad/schemas';
import type { AnomalyAlarmDefinition } from './alarm-definitions';
import { aggregateByPeriod, type TimedValue } from './period-aggregation';
import type { AlarmState } from './threshold-alarm';

/** 1.4826 × MAD estimates the standard deviation of normally distributed data. */
const MAD_TO_SIGMA = 1.4826;
/** A flat history would give a zero-width band; never narrower than 1% of the median. */
const MIN_RELATIVE_SPREAD = 0.01;

export interface AnomalyBand {
  median: number;
  /** Robust standard deviation (scaled MAD, floored). */
  spread: number;
  lower: number;
  upper: number;
  /** History datapoints the band was learnt from. */
  history: number;
}

export interface AnomalyAlarmEvaluation {
  state: AlarmState;
  reason: string;
  band?: AnomalyBand;
  /** The evaluated periods, newest first. */
  values: Array<number | undefined>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** median ± width × max(1.4826 × MAD, 1% of |median|). */
export function learnAnomalyBand(history: readonly number[], width: number): AnomalyBand {
  const center = median(history);
  const mad = median(history.map((v) => Math.abs(v - center)));
  const spread = Math.max(MAD_TO_SIGMA * mad, MIN_RELATIVE_SPREAD * Math.abs(center), Number.EPSILON);
  return { median: center, spread, lower: center - width * spread, upper: center + width * spread, history: history.length };
}

function outside(definition: AnomalyAlarmDefinition, value: number, band: AnomalyBand): boolean {
  switch (definition.comparison) {
    case 'GreaterThanUpperThreshold':
      return value > band.upper;
    case 'LessThanLowerThreshold':
      return value < band.lower;
    case 'LessThanLowerOrGreaterThanUpperThreshold':
      return value > band.upper || value < band.lower;
  }
}

/**
 * The newest N periods are judged against a band learnt from the `historyPeriods` before them;
 * ALARM when at least M are outside it. Fewer than `minHistory` history datapoints: no band,
 * INSUFFICIENT_DATA. Missing evaluated periods are treated as `treatMissingData` says.
 */
export function evaluateAnomalyAlarm(
  definition: AnomalyAlarmDefinition,
  datapoints: readonly TimedValue[],
  options: { now?: Date; previousState?: AlarmState; calendar?: AcademicCalendar } = {},
): AnomalyAlarmEvaluation {
  const n = definition.evaluationPeriods;
  const m = definition.datapointsToAlarm;
  if (m > n) throw new RangeError(`Alarm ${definition.name}: datapointsToAlarm (${m}) must not exceed evaluationPeriods (${n})`);
  const now = options.now ?? new Date();
  const periods = aggregateByPeriod(datapoints, {
    statistic: definition.statistic,
    periodSeconds: definition.periodSeconds,
    now,
    periods: n + definition.historyPeriods,
  });
  const calendar = options.calendar;
  if (followsCalendar(calendar, definition.dimensions['Dataset'] ?? '') && definition.periodSeconds === DAY_SECONDS)
    return evaluateOnTeachingDays(definition, periods, calendar, now, options.previousState);
  const values = periods.slice(0, n).map((p) => p.value);
  const history = periods.slice(n).flatMap((p) => (p.value === undefined ? [] : [p.value]));
  return judgeAgainstHistory(definition, values, history, options.previousState);
}

const DAY_SECONDS = 86_400;

/**
 * Daily periods of a dataset the academic calendar lists: only teaching days are judged, against
 * a band learnt from teaching days only, so a quiet reading week, holiday, weekend or break is
 * neither an anomaly nor part of the usual. A teaching day that has ended with nothing delivered
 * counts as 0: a missing delivery on a teaching day is the anomaly.
 */
function evaluateOnTeachingDays(
  definition: AnomalyAlarmDefinition,
  periods: ReadonlyArray<{ start: Date; value?: number }>,
  calendar: AcademicCalendar,
  now: Date,
  previousState: AlarmState | undefined,
): AnomalyAlarmEvaluation {
  const n = definition.evaluationPeriods;
  const teaching = (p: { start: Date }) => academicDayKind(calendar, p.start) === 'teaching';
  const ended = (p: { start: Date }) => p.start.getTime() + definition.periodSeconds * 1000 <= now.getTime();
  const evaluated = periods.slice(0, n);
  const judged = evaluated.filter(teaching);
  if (judged.length === 0) {
    const kinds = [...new Set(evaluated.map((p) => academicDayKind(calendar, p.start)))].join(', ');
    return { state: 'OK', reason: `not a teaching day (${kinds}): nothing is expected, no anomaly is judged`, values: [] };
  }
  const values = judged.map((p) => p.value ?? (ended(p) ? 0 : undefined));
  const history = periods
    .slice(n)
    .filter(teaching)
    .flatMap((p) => (p.value === undefined ? [] : [p.value]));
  const evaluation = judgeAgainstHistory({ ...definition, evaluationPeriods: judged.length }, values, history, previousState);
  return { ...evaluation, reason: `${evaluation.reason} (teaching days only)` };
}

function judgeAgainstHistory(
  definition: AnomalyAlarmDefinition,
  values: Array<number | undefined>,
  history: number[],
  previousState: AlarmState | undefined,
): AnomalyAlarmEvaluation {
  const n = definition.evaluationPeriods;
  const m = Math.min(definition.datapointsToAlarm, n);
  if (history.length < definition.minHistory) {
    return {
      state: 'INSUFFICIENT_DATA',
      reason: `${history.length} history datapoint(s); ${definition.minHistory} needed to learn a band`,
      values,
    };
  }
  const band = learnAnomalyBand(history, definition.bandWidth);
  const present = values.filter((v): v is number => v !== undefined);
  const breaching = present.filter((v) => outside(definition, v, band)).length;
  const gaps = n - present.length;
  const bandText = `band ${round(band.lower)}…${round(band.upper)} from ${band.history} datapoint(s)`;
  const decide = (count: number, note = '') => ({
    state: (count >= m ? 'ALARM' : 'OK') as AlarmState,
    reason: `${count} of ${n} period(s) outside the ${bandText}${note}; ${m} needed`,
    band,
    values,
  });
  if (gaps === 0) return decide(breaching);
  switch (definition.treatMissingData) {
    case 'breaching':
      return decide(breaching + gaps, ` (${gaps} missing counted as breaching)`);
    case 'notBreaching':
      return decide(breaching, ` (${gaps} missing counted as not breaching)`);
    case 'missing':
      if (present.length === 0)
        return { state: 'INSUFFICIENT_DATA', reason: `no datapoint in the evaluated period(s); ${bandText}`, band, values };
      return decide(breaching, ` (${gaps} missing)`);
    case 'ignore': {
      if (breaching >= m || breaching + gaps < m) return decide(breaching, ` (${gaps} missing)`);
      const kept = previousState ?? 'INSUFFICIENT_DATA';
      return { state: kept, reason: `${gaps} missing; missing data ignored, state kept as ${kept}`, band, values };
    }
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
