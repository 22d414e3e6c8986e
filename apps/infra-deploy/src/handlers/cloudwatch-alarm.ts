import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type MetricAlarm,
  type PutMetricAlarmInput,
} from '@aws-sdk/client-cloudwatch';
import type { HandlerContext, Properties, ResourceHandler } from './handler';

const FIELDS = [
  'AlarmName',
  'AlarmDescription',
  'Namespace',
  'MetricName',
  'Dimensions',
  'Statistic',
  'Period',
  'Metrics',
  'ComparisonOperator',
  'Threshold',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'TreatMissingData',
] as const;

const attributes = (name: string, ctx: HandlerContext) => ({
  Ref: name,
  Arn: `arn:${ctx.account.partition}:cloudwatch:${ctx.account.region}:${ctx.account.accountId}:alarm:${name}`,
});

function view(alarm: MetricAlarm): Properties {
  const properties: Properties = {};
  for (const field of FIELDS) {
    const value = alarm[field as keyof MetricAlarm];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) properties[field] = value;
  }
  return properties;
}

/** PutMetricAlarm creates or replaces an alarm: create and update are the same call. */
async function put(desired: Properties, ctx: HandlerContext) {
  const name = String(desired['AlarmName']);
  await ctx.call(() => ctx.clients.cloudwatch.send(new PutMetricAlarmCommand(desired as unknown as PutMetricAlarmInput)));
  return attributes(name, ctx);
}

export const cloudWatchAlarmHandler: ResourceHandler = {
  type: 'AWS::CloudWatch::Alarm',

  async read(desired, ctx) {
    const name = String(desired['AlarmName']);
    const out = await ctx.call(() =>
      ctx.clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ['MetricAlarm'] })),
    );
    const alarm = out.MetricAlarms?.find((a) => a.AlarmName === name);
    return alarm ? { properties: view(alarm), attributes: { Ref: name, Arn: alarm.AlarmArn ?? attributes(name, ctx).Arn } } : undefined;
  },

  create: (desired, ctx) => put(desired, ctx),
  update: (desired, _actual, _changed, ctx) => put(desired, ctx),

  async delete(actual, ctx) {
    await ctx.call(() => ctx.clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [actual.attributes['Ref']] })));
  },
};
