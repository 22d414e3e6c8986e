import type { BudgetAlarmDefinition } from './alarm-definitions';
import { accruedStorageBytes, budgetFigures, evaluateBudgetAlarm, monthWindow, type StorageSample } from './budget-alarm';

const forecast: BudgetAlarmDefinition = { kind: 'budget', name: 'f', basis: 'forecast', thresholdPercent: 100 };
const actual: BudgetAlarmDefinition = { kind: 'budget', name: 'a', basis: 'actual', limitUsd: 20, thresholdPercent: 80 };

describe('monthWindow and budgetFigures', () => {
  it('extrapolates month-to-date cost linearly over the UTC month', () => {
    const now = new Date('2025-04-11T00:00:00Z');
    expect(monthWindow(now)).toEqual({
      start: new Date('2025-04-01T00:00:00Z'),
      end: new Date('2025-05-01T00:00:00Z'),
      elapsedFraction: 1 / 3,
    });
    expect(budgetFigures(3, now)).toEqual({ monthToDateUsd: 3, forecastUsd: 9, elapsedFraction: 1 / 3 });
  });

  it('gives no forecast before minElapsedHours of the month', () => {
    expect(budgetFigures(3, new Date('2025-04-01T05:00:00Z')).forecastUsd).toBeUndefined();
    expect(budgetFigures(3, new Date('2025-04-01T05:00:00Z'), 4).forecastUsd).toBeCloseTo(3 * 144);
  });
});

describe('evaluateBudgetAlarm', () => {
  const mid = (mtd: number) => budgetFigures(mtd, new Date('2025-04-16T00:00:00Z'));
  it('forecast: fires above the limit, OK at or below it, INSUFFICIENT_DATA without a forecast', () => {
    expect(evaluateBudgetAlarm(forecast, mid(6), 10)).toEqual({
      state: 'ALARM',
      reason: 'forecast monthly cost $12.0000 > $10.0000 (100% of $10)',
      limitUsd: 10,
      valueUsd: 12,
    });
    expect(evaluateBudgetAlarm(forecast, mid(5), 10).state).toBe('OK');
    expect(evaluateBudgetAlarm(forecast, budgetFigures(5, new Date('2025-04-01T01:00:00Z')), 10)).toMatchObject({
      state: 'INSUFFICIENT_DATA',
      reason: 'too early in the month to forecast (0.1% elapsed)',
    });
  });

  it('actual: fires when month-to-date passes the percentage of its own limit', () => {
    expect(evaluateBudgetAlarm(actual, mid(16.5), 10).state).toBe('ALARM');
    expect(evaluateBudgetAlarm(actual, mid(15.9), 10).state).toBe('OK');
  });
});

describe('accruedStorageBytes', () => {
  it('averages stored bytes over the month, each sample holding until the next', () => {
    const now = new Date('2025-04-16T00:00:00Z');
    const samples: StorageSample[] = [
      { at: new Date('2025-03-20T00:00:00Z'), bytesByZone: { raw: 300 } },
      { at: new Date('2025-04-06T00:00:00Z'), bytesByZone: { raw: 600, curated: 30 } },
    ];
    // raw: 300 for 5 days, 600 for 10 days, over 30 days; curated: 30 for 10 days.
    const accrued = accruedStorageBytes(samples, now);
    expect(accrued['raw']).toBeCloseTo((300 * 5 + 600 * 10) / 30);
    expect(accrued['curated']).toBeCloseTo((30 * 10) / 30);
    // No sample before the month: the first one is assumed since the month began.
    expect(accruedStorageBytes([samples[1]], now)['raw']).toBeCloseTo((600 * 15) / 30);
    expect(accruedStorageBytes([], now)).toEqual({});
  });
});
