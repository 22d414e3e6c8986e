import { DEFAULT_NAMESPACE } from '@acad/monitoring';
import type { DatasetContract } from '@acad/schemas';
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
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
 * over 15 minutes, and no committed batch within the dataset's freshness SLA. Each notifies the
 * topic when it goes into ALARM and when it is OK again.
 */
export function addAlarms(scope: Construct, config: StackConfig, contracts: readonly DatasetContract[], topicArn: string): CfnAlarm[] {
  const notify = { alarmActions: [topicArn], okActions: [topicArn] };
  return contracts.flatMap((contract) => {
    const base = pascalCase(contract.name);
    const dimensions = [{ name: 'Dataset', value: contract.name }];
    const metric = (id: string, metricName: string, stat: string): CfnAlarm.MetricDataQueryProperty => ({
      id,
      metricStat: { metric: { namespace: DEFAULT_NAMESPACE, metricName, dimensions }, period: DAY, stat },
      returnData: false,
    });
    const alarms = [
      new CfnAlarm(scope, `${base}QuarantineRateAlarm`, {
        alarmName: alarmName(config, 'quarantine-rate', contract.name),
        alarmDescription: `More than 5% of the rows of ${contract.name} delivered in a day were quarantined`,
        metrics: [
          metric('quarantined', 'RowsQuarantined', 'Sum'),
          metric('read', 'RowsRead', 'Sum'),
          { id: 'rate', expression: '100 * quarantined / read', label: 'Quarantined %', returnData: true },
        ],
        comparisonOperator: 'GreaterThanThreshold',
        threshold: 5,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: 'notBreaching',
        ...notify,
      }),
      new CfnAlarm(scope, `${base}BatchDurationAlarm`, {
        alarmName: alarmName(config, 'batch-duration', contract.name),
        alarmDescription: `A batch of ${contract.name} took longer than 15 minutes`,
        namespace: DEFAULT_NAMESPACE,
        metricName: 'BatchDurationMs',
        dimensions,
        statistic: 'Maximum',
        period: DAY,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: 15 * 60 * 1000,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: 'notBreaching',
        ...notify,
      }),
    ];
    if (contract.freshnessSlaHours <= MAX_LOOKBACK_HOURS) {
      // Hourly periods; every hour of the SLA without a committed batch breaches (missing data counts).
      const hours = Math.max(1, Math.ceil(contract.freshnessSlaHours));
      alarms.push(
        new CfnAlarm(scope, `${base}FreshnessAlarm`, {
          alarmName: alarmName(config, 'freshness', contract.name),
          alarmDescription: `No batch of ${contract.name} committed within its ${contract.freshnessSlaHours} h freshness SLA`,
          namespace: DEFAULT_NAMESPACE,
          metricName: 'BatchesCommitted',
          dimensions,
          statistic: 'Sum',
          period: 3600,
          comparisonOperator: 'LessThanThreshold',
          threshold: 1,
          evaluationPeriods: hours,
          datapointsToAlarm: hours,
          treatMissingData: 'breaching',
          ...notify,
        }),
      );
    }
    return alarms;
  });
}
