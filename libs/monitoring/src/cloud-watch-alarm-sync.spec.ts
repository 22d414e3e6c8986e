import { CloudWatchClient, PutCompositeAlarmCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import type { ResolvedAlarmDefinition } from './alarm-definitions';
import { syncAlarmsToCloudWatch } from './cloud-watch-alarm-sync';
import { freshnessToThresholdAlarm } from './freshness';

const cloudWatch = mockClient(CloudWatchClient);

const definitions: ResolvedAlarmDefinition[] = [
  { kind: 'composite', name: 'outer', rule: 'ALARM(inner) OR ALARM("budget-forecast")' },
  { kind: 'composite', name: 'inner', description: 'stale and bad', rule: 'ALARM("freshness:attendance") AND NOT OK(quarantine-rate)' },
  freshnessToThresholdAlarm({ kind: 'freshness', dataset: 'attendance' }, 48),
  {
    kind: 'threshold',
    name: 'quarantine-rate',
    metric: 'QuarantinedPercent',
    dimensions: { Zone: 'trusted', Dataset: 'attendance' },
    statistic: 'Maximum',
    comparison: 'GreaterThanThreshold',
    threshold: 5,
    datapointsToAlarm: 2,
    evaluationPeriods: 3,
    periodSeconds: 300,
    treatMissingData: 'notBreaching',
  },
  {
    kind: 'anomaly',
    name: 'rows-anomaly',
    metric: 'RowsRead',
    dimensions: { Dataset: 'attendance' },
    statistic: 'Sum',
    comparison: 'LessThanLowerOrGreaterThanUpperThreshold',
    bandWidth: 2,
    periodSeconds: 86_400,
    datapointsToAlarm: 1,
    evaluationPeriods: 1,
    historyPeriods: 28,
    minHistory: 7,
    treatMissingData: 'missing',
  },
  { kind: 'budget', name: 'budget-forecast', basis: 'forecast', thresholdPercent: 80 },
];

describe('syncAlarmsToCloudWatch', () => {
  beforeEach(() => cloudWatch.reset());

  it('puts metric alarms with their exact fields, then composites after what they refer to', async () => {
    cloudWatch.on(PutMetricAlarmCommand).resolves({});
    cloudWatch.on(PutCompositeAlarmCommand).resolves({});
    const sent = await syncAlarmsToCloudWatch(new CloudWatchClient({ region: 'us-east-1' }), definitions, {
      namespace: 'Acad/Test',
      defaultBudgetLimitUsd: 50,
    });
    expect(sent).toEqual(['freshness:attendance', 'quarantine-rate', 'rows-anomaly', 'budget-forecast', 'inner', 'outer']);

    const metricAlarms = cloudWatch.commandCalls(PutMetricAlarmCommand).map((c) => c.args[0].input);
    expect(metricAlarms[0]).toEqual({
      AlarmName: 'freshness:attendance',
      AlarmDescription: 'No batch of attendance committed within its 48 h SLA',
      Namespace: 'Acad/Test',
      MetricName: 'DataAgeHours',
      Dimensions: [{ Name: 'Dataset', Value: 'attendance' }],
      Statistic: 'Maximum',
      Period: 3600,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: 48,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(metricAlarms[1]).toEqual({
      AlarmName: 'quarantine-rate',
      AlarmDescription: undefined,
      Namespace: 'Acad/Test',
      MetricName: 'QuarantinedPercent',
      Dimensions: [
        { Name: 'Dataset', Value: 'attendance' },
        { Name: 'Zone', Value: 'trusted' },
      ],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(metricAlarms[2]).toEqual({
      AlarmName: 'rows-anomaly',
      AlarmDescription: undefined,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
      ThresholdMetricId: 'ad1',
      TreatMissingData: 'missing',
      Metrics: [
        {
          Id: 'm1',
          ReturnData: true,
          MetricStat: {
            Metric: { Namespace: 'Acad/Test', MetricName: 'RowsRead', Dimensions: [{ Name: 'Dataset', Value: 'attendance' }] },
            Period: 86_400,
            Stat: 'Sum',
          },
        },
        { Id: 'ad1', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)', Label: 'RowsRead (expected)', ReturnData: true },
      ],
    });
    expect(metricAlarms[3]).toEqual({
      AlarmName: 'budget-forecast',
      AlarmDescription: undefined,
      Namespace: 'Acad/Test',
      MetricName: 'ForecastMonthlyCostUsd',
      Dimensions: [],
      Statistic: 'Maximum',
      Period: 21_600,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: 40,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'missing',
    });
    expect(cloudWatch.commandCalls(PutCompositeAlarmCommand).map((c) => c.args[0].input)).toEqual([
      { AlarmName: 'inner', AlarmDescription: 'stale and bad', AlarmRule: 'ALARM("freshness:attendance") AND NOT OK("quarantine-rate")' },
      { AlarmName: 'outer', AlarmDescription: undefined, AlarmRule: 'ALARM("inner") OR ALARM("budget-forecast")' },
    ]);
  });

  it('stops at the first refused alarm', async () => {
    cloudWatch.on(PutMetricAlarmCommand).rejects(Object.assign(new Error('Limit exceeded'), { name: 'LimitExceededFault' }));
    await expect(
      syncAlarmsToCloudWatch(new CloudWatchClient({ region: 'us-east-1' }), definitions, { defaultBudgetLimitUsd: 50 }),
    ).rejects.toThrow('Limit exceeded');
    expect(cloudWatch.commandCalls(PutMetricAlarmCommand)).toHaveLength(1);
    expect(cloudWatch.commandCalls(PutCompositeAlarmCommand)).toHaveLength(0);
  });
});
