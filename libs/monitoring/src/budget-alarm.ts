import type { BudgetAlarmDefinition } from './alarm-definitions';
import type { AlarmState } from './threshold-alarm';

export interface MonthWindow {
  start: Date;
  end: Date;
  /** Share of the (UTC) month that has passed at `now`, 0–1. */
  elapsedFraction: number;
}

/** The UTC calendar month holding `now`, as AWS billing counts it. */
export function monthWindow(now: Date): MonthWindow {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { start, end, elapsedFraction: (now.getTime() - start.getTime()) / (end.getTime() - start.getTime()) };
}

export interface StorageSample {
  at: Date;
  bytesByZone: Record<string, number>;
}

/**
 * Month-to-date storage as an average over the whole month (what GB-month pricing expects):
 * each sample holds until the next one (the last until `now`); before the month's first sample
 * its size is assumed since the month began — an upper estimate, as budgets should be.
 */
export function accruedStorageBytes(samples: readonly StorageSample[], now: Date): Record<string, number> {
  const month = monthWindow(now);
  const monthMs = month.end.getTime() - month.start.getTime();
  const sorted = [...samples].filter((s) => s.at <= now).sort((a, b) => a.at.getTime() - b.at.getTime());
  const inMonth = sorted.filter((s) => s.at >= month.start);
  const before = sorted.filter((s) => s.at < month.start).at(-1);
  const steps = before
    ? [{ ...before, at: month.start }, ...inMonth]
    : inMonth.length > 0
      ? [{ ...inMonth[0], at: month.start }, ...inMonth]
      : [];
  const accrued: Record<string, number> = {};
  steps.forEach((sample, i) => {
    const until = i + 1 < steps.length ? steps[i + 1].at.getTime() : now.getTime();
    const share = (until - sample.at.getTime()) / monthMs;
    for (const [zone, bytes] of Object.entries(sample.bytesByZone)) accrued[zone] = (accrued[zone] ?? 0) + bytes * share;
  });
  return accrued;
}

export interface BudgetFigures {
  monthToDateUsd: number;
  /** Linear extrapolation of month-to-date cost to the whole month; absent too early in the month. */
  forecastUsd?: number;
  elapsedFraction: number;
}

/** month-to-date ÷ elapsed share of the month, once at least `minElapsedHours` have passed. */
export function budgetFigures(monthToDateUsd: number, now: Date, minElapsedHours = 24): BudgetFigures {
  const month = monthWindow(now);
  const elapsedHours = (now.getTime() - month.start.getTime()) / 3_600_000;
  const forecastUsd = elapsedHours >= minElapsedHours && month.elapsedFraction > 0 ? monthToDateUsd / month.elapsedFraction : undefined;
  return { monthToDateUsd, forecastUsd, elapsedFraction: month.elapsedFraction };
}

export interface BudgetAlarmEvaluation {
  state: AlarmState;
  reason: string;
  limitUsd: number;
  valueUsd?: number;
}

/** ALARM when the actual (month-to-date) or forecast cost passes thresholdPercent of the limit. */
export function evaluateBudgetAlarm(
  definition: BudgetAlarmDefinition,
  figures: BudgetFigures,
  defaultLimitUsd: number,
): BudgetAlarmEvaluation {
  const limitUsd = definition.limitUsd ?? defaultLimitUsd;
  const trigger = (limitUsd * definition.thresholdPercent) / 100;
  const value = definition.basis === 'actual' ? figures.monthToDateUsd : figures.forecastUsd;
  const label = definition.basis === 'actual' ? 'month-to-date cost' : 'forecast monthly cost';
  if (value === undefined) {
    return {
      state: 'INSUFFICIENT_DATA',
      reason: `too early in the month to forecast (${(figures.elapsedFraction * 100).toFixed(1)}% elapsed)`,
      limitUsd,
    };
  }
  const state: AlarmState = value > trigger ? 'ALARM' : 'OK';
  return {
    state,
    reason: `${label} $${value.toFixed(4)} ${state === 'ALARM' ? '>' : '<='} $${trigger.toFixed(4)} (${definition.thresholdPercent}% of $${limitUsd})`,
    limitUsd,
    valueUsd: value,
  };
}
