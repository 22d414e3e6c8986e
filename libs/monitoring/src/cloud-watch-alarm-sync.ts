import {
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
  type CloudWatchClient,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import type { ResolvedAlarmDefinition } from './alarm-definitions';
import { alarmsInRule, formatAlarmRule, parseAlarmRule } from './alarm-rule';
import { DEFAULT_NAMESPACE } from './emf';

/** Cost metrics the reporter publishes so budget alarms can live in CloudWatch too (unit None, USD). */
export const MONTH_TO_DATE_COST_METRIC = 'MonthToDateCostUsd';
export const FORECAST_COST_METRIC = 'ForecastMonthlyCostUsd';

export interface AlarmSyncOptions {
  namespace?: string;
  /** Limit for budget alarms that name none. */
  defaultBudgetLimitUsd: number;
}

const dimensionList = (dimensions: Record<string, string>) =>
  Object.entries(dimensions)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([Name, Value]) => ({ Name, Value }));

/** The PutMetricAlarm input for a threshold, anomaly or budget alarm. */
export function metricAlarmInput(
  definition: Exclude<ResolvedAlarmDefinition, { kind: 'composite' }>,
  options: AlarmSyncOptions,
): PutMetricAlarmCommandInput {
  const Namespace = options.namespace ?? DEFAULT_NAMESPACE;
  switch (definition.kind) {
    case 'threshold':
      return {
        AlarmName: definition.name,
        AlarmDescription: definition.description,
        Namespace,
        MetricName: definition.metric,
        Dimensions: dimensionList(definition.dimensions),
        Statistic: definition.statistic,
        Period: definition.periodSeconds,
        EvaluationPeriods: definition.evaluationPeriods,
        DatapointsToAlarm: definition.datapointsToAlarm,
        Threshold: definition.threshold,
        ComparisonOperator: definition.comparison,
        TreatMissingData: definition.treatMissingData,
      };
    case 'anomaly':
      // CloudWatch learns its own band with an anomaly detection model on the metric.
      return {
        AlarmName: definition.name,
        AlarmDescription: definition.description,
        EvaluationPeriods: definition.evaluationPeriods,
        DatapointsToAlarm: definition.datapointsToAlarm,
        ComparisonOperator: definition.comparison,
        ThresholdMetricId: 'ad1',
        TreatMissingData: definition.treatMissingData,
        Metrics: [
          {
            Id: 'm1',
            ReturnData: true,
            MetricStat: {
              Metric: { Namespace, MetricName: definition.metric, Dimensions: dimensionList(definition.dimensions) },
              Period: definition.periodSeconds,
              Stat: definition.statistic,
            },
          },
          {
            Id: 'ad1',
            Expression: `ANOMALY_DETECTION_BAND(m1, ${definition.bandWidth})`,
            Label: `${definition.metric} (expected)`,
            ReturnData: true,
          },
        ],
      };
    case 'budget':
      return {
        AlarmName: definition.name,
        AlarmDescription: definition.description,
        Namespace,
        MetricName: definition.basis === 'actual' ? MONTH_TO_DATE_COST_METRIC : FORECAST_COST_METRIC,
        Dimensions: [],
        Statistic: 'Maximum',
        Period: 21_600,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: ((definition.limitUsd ?? options.defaultBudgetLimitUsd) * definition.thresholdPercent) / 100,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'missing',
      };
  }
}

/**
 * Creates or updates every alarm in CloudWatch (Put* calls are idempotent upserts): metric
 * alarms first, then composites with each after the composites it refers to. Returns the names
 * in the order they were sent.
 */
export async function syncAlarmsToCloudWatch(
  client: CloudWatchClient,
  definitions: readonly ResolvedAlarmDefinition[],
  options: AlarmSyncOptions,
): Promise<string[]> {
  const sent: string[] = [];
  for (const definition of definitions) {
    if (definition.kind === 'composite') continue;
    await client.send(new PutMetricAlarmCommand(metricAlarmInput(definition, options)));
    sent.push(definition.name);
  }
  const composites = definitions.filter((d) => d.kind === 'composite');
  const pending = new Map(composites.map((d) => [d.name, { definition: d, rule: parseAlarmRule(d.rule) }]));
  while (pending.size > 0) {
    const ready = [...pending.values()].filter(({ rule }) => alarmsInRule(rule).every((name) => !pending.has(name)));
    if (ready.length === 0) throw new Error(`composite alarms refer to each other in a cycle: ${[...pending.keys()].join(', ')}`);
    for (const { definition, rule } of ready) {
      await client.send(
        new PutCompositeAlarmCommand({
          AlarmName: definition.name,
          AlarmDescription: definition.description,
          AlarmRule: formatAlarmRule(rule),
        }),
      );
      sent.push(definition.name);
      pending.delete(definition.name);
    }
  }
  return sent;
}
