import { DEFAULT_NAMESPACE } from '@acad/monitoring';
import type { DatasetContract } from '@acad/schemas';
import type { Resource } from '../resource';
import type { StackConfig } from '../stack-config';
import { pascalCase } from './glue-catalog';

const DAY = 86_400;
/** CloudWatch looks back at most 7 days (Period × EvaluationPeriods); longer SLAs stay with monitoring-reporter. */
const MAX_LOOKBACK_HOURS = 168;

export function alarmName(config: StackConfig, kind: string, dataset: string): string {
  return `${config.prefix}-${kind}-${dataset}`;
}

/**
 * The default alarms, per dataset, on the metrics the ingestion worker publishes (namespace
 * AcademicsDataPlatform, dimension Dataset): quarantine rate over 5 % of a day's rows, a batch
 * over 15 minutes, and no committed batch within the dataset's freshness SLA.
 */
export function alarmResources(config: StackConfig, contracts: readonly DatasetContract[]): Resource[] {
  return contracts.flatMap((contract) => {
    const dimensions = [{ Name: 'Dataset', Value: contract.name }];
    const metric = (id: string, MetricName: string, Stat: string) => ({
      Id: id,
      MetricStat: { Metric: { Namespace: DEFAULT_NAMESPACE, MetricName, Dimensions: dimensions }, Period: DAY, Stat },
      ReturnData: false,
    });
    const alarms: Resource[] = [
      {
        type: 'AWS::CloudWatch::Alarm',
        id: `${pascalCase(contract.name)}QuarantineRateAlarm`,
        properties: {
          AlarmName: alarmName(config, 'quarantine-rate', contract.name),
          AlarmDescription: `More than 5% of the rows of ${contract.name} delivered in a day were quarantined`,
          Metrics: [
            metric('quarantined', 'RowsQuarantined', 'Sum'),
            metric('read', 'RowsRead', 'Sum'),
            { Id: 'rate', Expression: '100 * quarantined / read', Label: 'Quarantined %', ReturnData: true },
          ],
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 5,
          EvaluationPeriods: 1,
          DatapointsToAlarm: 1,
          TreatMissingData: 'notBreaching',
        },
        dependsOn: [],
      },
      {
        type: 'AWS::CloudWatch::Alarm',
        id: `${pascalCase(contract.name)}BatchDurationAlarm`,
        properties: {
          AlarmName: alarmName(config, 'batch-duration', contract.name),
          AlarmDescription: `A batch of ${contract.name} took longer than 15 minutes`,
          Namespace: DEFAULT_NAMESPACE,
          MetricName: 'BatchDurationMs',
          Dimensions: dimensions,
          Statistic: 'Maximum',
          Period: DAY,
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 15 * 60 * 1000,
          EvaluationPeriods: 1,
          DatapointsToAlarm: 1,
          TreatMissingData: 'notBreaching',
        },
        dependsOn: [],
      },
    ];
    if (contract.freshnessSlaHours <= MAX_LOOKBACK_HOURS) alarms.push(freshnessAlarm(config, contract, dimensions));
    return alarms;
  });
}

function freshnessAlarm(config: StackConfig, contract: DatasetContract, dimensions: { Name: string; Value: string }[]): Resource {
  // Hourly periods; every hour of the SLA without a committed batch breaches (missing data counts).
  const hours = Math.max(1, Math.ceil(contract.freshnessSlaHours));
  return {
    type: 'AWS::CloudWatch::Alarm',
    id: `${pascalCase(contract.name)}FreshnessAlarm`,
    properties: {
      AlarmName: alarmName(config, 'freshness', contract.name),
      AlarmDescription: `No batch of ${contract.name} committed within its ${contract.freshnessSlaHours} h freshness SLA`,
      Namespace: DEFAULT_NAMESPACE,
      MetricName: 'BatchesCommitted',
      Dimensions: dimensions,
      Statistic: 'Sum',
      Period: 3600,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      EvaluationPeriods: hours,
      DatapointsToAlarm: hours,
      TreatMissingData: 'breaching',
    },
    dependsOn: [],
  };
}
