import type { AlarmStatistic } from './threshold-alarm';

export interface TimedValue {
  timestamp: Date;
  value: number;
}

export interface PeriodAggregate {
  start: Date;
  /** The statistic over the period's datapoints; absent when the period had none. */
  value?: number;
}

export interface PeriodWindow {
  statistic: AlarmStatistic;
  periodSeconds: number;
  /** The newest period is the one that contains `now`; datapoints after it are ignored. */
  now: Date;
  /** How many periods, newest first. */
  periods: number;
}

/**
 * Aggregates datapoints per period as CloudWatch does: periods aligned to multiples of the
 * period since the epoch, newest first, with the statistic over each period's values.
 */
export function aggregateByPeriod(datapoints: readonly TimedValue[], window: PeriodWindow): PeriodAggregate[] {
  const periodMs = window.periodSeconds * 1000;
  const now = window.now.getTime();
  const newestStart = Math.floor(now / periodMs) * periodMs;
  const oldestStart = newestStart - (window.periods - 1) * periodMs;
  const buckets: number[][] = Array.from({ length: window.periods }, () => []);
  for (const point of datapoints) {
    const t = point.timestamp.getTime();
    if (t < oldestStart || t > now || !Number.isFinite(point.value)) continue;
    buckets[Math.floor((newestStart - Math.floor(t / periodMs) * periodMs) / periodMs)].push(point.value);
  }
  return buckets.map((values, index) => {
    const start = new Date(newestStart - index * periodMs);
    return values.length === 0 ? { start } : { start, value: statisticOf(window.statistic, values) };
  });
}

export function statisticOf(kind: AlarmStatistic, values: readonly number[]): number {
  switch (kind) {
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Maximum':
      return Math.max(...values);
    case 'Minimum':
      return Math.min(...values);
  }
}
