import { followsCalendar, teachingHoursBetween, type AcademicCalendar } from '@acad/schemas';
import type { FreshnessAlarmDefinition, ThresholdAlarmConfig } from './alarm-definitions';
import type { Metric } from './metric';

/** Hours since a dataset's newest commit, published per dataset by the reporter. */
export const DATA_AGE_METRIC = 'DataAgeHours';

export interface DatasetFreshness {
  dataset: string;
  slaHours: number;
  /** Null when the dataset never committed a batch. */
  lastCommittedAt: string | null;
  /** Hours since the newest commit; for a dataset the academic calendar lists, teaching hours only. */
  ageHours: number | null;
  /** Whether `ageHours` counts teaching hours only (weekends, holidays, reading weeks and breaks add nothing). */
  teachingHours: boolean;
  withinSla: boolean;
}

/**
 * Each dataset's newest commit against its SLA (`commits`: any order, e.g. commit-log entries).
 * With an academic calendar, the datasets it lists age by teaching hours: a file last delivered
 * before a holiday weekend is as fresh after it, and every teaching day without one counts.
 */
export function measureFreshness(
  commits: ReadonlyArray<{ dataset: string; committedAt: string }>,
  slas: ReadonlyArray<{ dataset: string; slaHours: number }>,
  now: Date,
  calendar?: AcademicCalendar,
): DatasetFreshness[] {
  const newest = new Map<string, number>();
  for (const commit of commits) {
    const t = Date.parse(commit.committedAt);
    if (Number.isFinite(t) && t > (newest.get(commit.dataset) ?? -Infinity)) newest.set(commit.dataset, t);
  }
  return slas.map(({ dataset, slaHours }) => {
    const t = newest.get(dataset);
    const teachingHours = followsCalendar(calendar, dataset);
    if (t === undefined) return { dataset, slaHours, lastCommittedAt: null, ageHours: null, teachingHours, withinSla: false };
    const ageHours = teachingHours
      ? teachingHoursBetween(calendar as AcademicCalendar, new Date(t), now)
      : Math.max(0, (now.getTime() - t) / 3_600_000);
    return { dataset, slaHours, lastCommittedAt: new Date(t).toISOString(), ageHours, teachingHours, withinSla: ageHours <= slaHours };
  });
}

/** One DataAgeHours datapoint per dataset that has committed; a never-committed dataset has none (missing data). */
export function freshnessMetrics(freshness: readonly DatasetFreshness[], timestamp: Date): Metric[] {
  return freshness.flatMap((f) =>
    f.ageHours === null
      ? []
      : [{ name: DATA_AGE_METRIC, unit: 'None' as const, value: f.ageHours, dimensions: { Dataset: f.dataset }, timestamp }],
  );
}

/**
 * A freshness alarm is a threshold alarm on DataAgeHours, hourly, with missing data counted as
 * breaching: a dataset that never committed, or a reporter that stopped publishing, fires it too.
 */
export function freshnessToThresholdAlarm(definition: FreshnessAlarmDefinition, slaHours: number): ThresholdAlarmConfig {
  return {
    kind: 'threshold',
    name: definition.name ?? `freshness:${definition.dataset}`,
    description: definition.description ?? `No batch of ${definition.dataset} committed within its ${slaHours} h SLA`,
    metric: DATA_AGE_METRIC,
    dimensions: { Dataset: definition.dataset },
    statistic: 'Maximum',
    comparison: 'GreaterThanThreshold',
    threshold: definition.slaHours ?? slaHours,
    datapointsToAlarm: 1,
    evaluationPeriods: 1,
    periodSeconds: 3600,
    treatMissingData: 'breaching',
  };
}
