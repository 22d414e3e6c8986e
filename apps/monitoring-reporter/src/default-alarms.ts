import type { AlarmDefinition } from '@acad/monitoring';
import { QUARANTINED_PERCENT_METRIC } from './pipeline-runs';

const DAY_SECONDS = 86_400;

export interface DefaultAlarmScope {
  /** Datasets with a contract: each gets a freshness alarm against its SLA. */
  contractDatasets: readonly string[];
  /** Datasets seen in the pipeline metrics: each gets quarantine, duration and volume alarms. */
  datasetsWithRuns: readonly string[];
  /**
   * Datasets the academic calendar lists: their volume alarm judges yesterday too, so a teaching
   * day that ended with nothing delivered is caught (non-teaching days are never judged).
   */
  teachingDatasets?: readonly string[];
}

/**
 * The alarms every installation gets. Daily periods for batch alarms: the newest day with
 * batches decides; days without batches are not a problem in themselves (`notBreaching`),
 * that is what the freshness alarms are for.
 */
export function defaultAlarms(scope: DefaultAlarmScope): AlarmDefinition[] {
  const freshness = scope.contractDatasets.map((dataset): AlarmDefinition => ({ kind: 'freshness', dataset }));
  const batches = scope.datasetsWithRuns.flatMap((dataset): AlarmDefinition[] => [
    {
      kind: 'threshold',
      name: `quarantine-rate:${dataset}`,
      description: `More than 5% of the rows in one batch of ${dataset} were quarantined`,
      metric: QUARANTINED_PERCENT_METRIC,
      dimensions: { Dataset: dataset },
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 5,
      datapointsToAlarm: 1,
      evaluationPeriods: 1,
      periodSeconds: DAY_SECONDS,
      treatMissingData: 'notBreaching',
    },
    {
      kind: 'threshold',
      name: `batch-duration:${dataset}`,
      description: `One batch of ${dataset} took longer than 15 minutes`,
      metric: 'BatchDurationMs',
      dimensions: { Dataset: dataset },
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 15 * 60 * 1000,
      datapointsToAlarm: 1,
      evaluationPeriods: 1,
      periodSeconds: DAY_SECONDS,
      treatMissingData: 'notBreaching',
    },
    {
      kind: 'anomaly',
      name: `rows-read-anomaly:${dataset}`,
      description: scope.teachingDatasets?.includes(dataset)
        ? `Rows of ${dataset} read on a teaching day far from the usual (median ± 3 MAD of the teaching days of the last 28 days; a teaching day without a delivery counts as 0)`
        : `Rows of ${dataset} read in a day far from the usual (median ± 3 MAD of the last 28 days)`,
      metric: 'RowsRead',
      dimensions: { Dataset: dataset },
      statistic: 'Sum',
      comparison: 'LessThanLowerOrGreaterThanUpperThreshold',
      bandWidth: 3,
      periodSeconds: DAY_SECONDS,
      datapointsToAlarm: 1,
      evaluationPeriods: scope.teachingDatasets?.includes(dataset) ? 2 : 1,
      historyPeriods: 28,
      minHistory: 7,
      treatMissingData: 'notBreaching',
    },
  ]);
  const budget: AlarmDefinition[] = [
    {
      kind: 'budget',
      name: 'budget-actual',
      description: 'Month-to-date cost passed the monthly budget',
      basis: 'actual',
      thresholdPercent: 100,
    },
    {
      kind: 'budget',
      name: 'budget-forecast',
      description: 'Forecast monthly cost passes the monthly budget',
      basis: 'forecast',
      thresholdPercent: 100,
    },
  ];
  const watched = [...scope.contractDatasets.map((d) => `freshness:${d}`), ...scope.datasetsWithRuns.map((d) => `quarantine-rate:${d}`)];
  const composite: AlarmDefinition[] =
    watched.length === 0
      ? []
      : [
          {
            kind: 'composite',
            name: 'data-needs-attention',
            description: 'Some dataset is stale or its latest batch quarantined too much',
            rule: watched.map((name) => `ALARM(${JSON.stringify(name)})`).join(' OR '),
          },
        ];
  return [...freshness, ...batches, ...budget, ...composite];
}

/** Configured alarms are added to the defaults; one with a default's name replaces it. */
export function mergeAlarms(
  defaults: readonly AlarmDefinition[],
  configured: readonly AlarmDefinition[],
  useDefaults: boolean,
): AlarmDefinition[] {
  const nameOf = (d: AlarmDefinition) => (d.kind === 'freshness' ? (d.name ?? `freshness:${d.dataset}`) : d.name);
  const configuredNames = new Set(configured.map(nameOf));
  return [...(useDefaults ? defaults.filter((d) => !configuredNames.has(nameOf(d))) : []), ...configured];
}
