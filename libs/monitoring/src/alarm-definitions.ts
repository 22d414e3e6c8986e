import { z } from 'zod';

const name = z.string().regex(/^[\x20-\x7E]{1,255}$/, 'printable ASCII, 1 to 255 characters');
const statistic = z.enum(['Sum', 'Average', 'Maximum', 'Minimum']);
const treatMissingData = z.enum(['missing', 'notBreaching', 'breaching', 'ignore']);
const dimensions = z.record(z.string().min(1), z.string().min(1)).default({});
const periodSeconds = z
  .number()
  .int()
  .positive()
  .refine((s) => s % 60 === 0 || [10, 20, 30].includes(s), 'must be 10, 20, 30 or a multiple of 60');

/** A static-threshold metric alarm (CloudWatch PutMetricAlarm fields). */
export const ThresholdAlarmSchema = z.strictObject({
  kind: z.literal('threshold'),
  name,
  description: z.string().optional(),
  metric: z.string().min(1),
  dimensions,
  statistic,
  comparison: z.enum(['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold']),
  threshold: z.number(),
  datapointsToAlarm: z.number().int().min(1).default(1),
  evaluationPeriods: z.number().int().min(1).default(1),
  periodSeconds,
  treatMissingData: treatMissingData.default('missing'),
});

/** A band learnt from the metric's own history: median ± bandWidth × (scaled) MAD. */
export const AnomalyAlarmSchema = z.strictObject({
  kind: z.literal('anomaly'),
  name,
  description: z.string().optional(),
  metric: z.string().min(1),
  dimensions,
  statistic,
  comparison: z
    .enum(['LessThanLowerOrGreaterThanUpperThreshold', 'GreaterThanUpperThreshold', 'LessThanLowerThreshold'])
    .default('LessThanLowerOrGreaterThanUpperThreshold'),
  /** Band half-width in robust standard deviations (CloudWatch's ANOMALY_DETECTION_BAND width). */
  bandWidth: z.number().positive().default(3),
  periodSeconds,
  datapointsToAlarm: z.number().int().min(1).default(1),
  evaluationPeriods: z.number().int().min(1).default(1),
  /** Periods before the evaluated ones that the band is learnt from. */
  historyPeriods: z.number().int().min(2).default(28),
  /** Fewer history datapoints than this: INSUFFICIENT_DATA. */
  minHistory: z.number().int().min(2).default(7),
  treatMissingData: treatMissingData.default('missing'),
});

/** AND / OR / NOT over other alarms' states, in CloudWatch AlarmRule syntax. */
export const CompositeAlarmSchema = z.strictObject({
  kind: z.literal('composite'),
  name,
  description: z.string().optional(),
  rule: z.string().min(1).max(10_240),
});

/** AWS Budgets-style: month-to-date (actual) or forecast monthly cost against a limit. */
export const BudgetAlarmSchema = z.strictObject({
  kind: z.literal('budget'),
  name,
  description: z.string().optional(),
  basis: z.enum(['actual', 'forecast']),
  /** Defaults to the configuration's budget.monthlyLimitUsd. */
  limitUsd: z.number().positive().optional(),
  /** Fires when the cost passes this share of the limit. */
  thresholdPercent: z.number().positive().default(100),
});

/** Fires when a dataset's newest commit is older than its SLA, or it never committed. */
export const FreshnessAlarmSchema = z.strictObject({
  kind: z.literal('freshness'),
  name: name.optional(),
  description: z.string().optional(),
  dataset: z.string().min(1),
  /** Defaults to the dataset contract's freshnessSlaHours. */
  slaHours: z.number().positive().optional(),
});

export const AlarmDefinitionSchema = z.discriminatedUnion('kind', [
  ThresholdAlarmSchema,
  AnomalyAlarmSchema,
  CompositeAlarmSchema,
  BudgetAlarmSchema,
  FreshnessAlarmSchema,
]);

export type ThresholdAlarmConfig = z.infer<typeof ThresholdAlarmSchema>;
export type AnomalyAlarmDefinition = z.infer<typeof AnomalyAlarmSchema>;
export type CompositeAlarmDefinition = z.infer<typeof CompositeAlarmSchema>;
export type BudgetAlarmDefinition = z.infer<typeof BudgetAlarmSchema>;
export type FreshnessAlarmDefinition = z.infer<typeof FreshnessAlarmSchema>;
export type AlarmDefinition = z.infer<typeof AlarmDefinitionSchema>;
/** Definitions once freshness alarms have become threshold alarms on DataAgeHours. */
export type ResolvedAlarmDefinition = Exclude<AlarmDefinition, FreshnessAlarmDefinition>;
