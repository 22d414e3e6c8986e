import type { ThresholdAlarmDefinition } from '@acad/monitoring';
import { QUARANTINED_PERCENT_METRIC } from './pipeline-runs';

const DAY_SECONDS = 86_400;

/**
 * The alarms every installation gets, one set per dataset seen in the pipeline metrics.
 * Daily periods, one datapoint: the newest day with batches (within 3 days) decides; days
 * without batches are not a problem in themselves (`notBreaching`).
 */
export function defaultAlarms(datasets: readonly string[]): ThresholdAlarmDefinition[] {
  return datasets.flatMap((dataset): ThresholdAlarmDefinition[] => [
    {
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
  ]);
}
