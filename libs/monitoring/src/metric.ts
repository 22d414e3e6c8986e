import { InvalidMetric } from './monitoring-errors';

/** The CloudWatch units this platform publishes (a subset of CloudWatch's StandardUnit). */
export const METRIC_UNITS = ['Count', 'Bytes', 'Milliseconds', 'Seconds', 'Percent', 'None', 'Count/Second'] as const;

export type MetricUnit = (typeof METRIC_UNITS)[number];

/** One measured value of one metric, identified (as in CloudWatch) by its name plus its full set of dimensions. */
export interface Metric {
  name: string;
  unit: MetricUnit;
  value: number;
  dimensions: Record<string, string>;
  timestamp: Date;
}

/** CloudWatch's own ceilings: a metric may have at most 30 dimensions, names up to 255 characters. */
export const MAX_DIMENSIONS_PER_METRIC = 30;
export const MAX_NAME_LENGTH = 255;
export const MAX_DIMENSION_VALUE_LENGTH = 1024;

export function isMetricUnit(value: unknown): value is MetricUnit {
  return typeof value === 'string' && (METRIC_UNITS as readonly string[]).includes(value);
}

/**
 * Throws `InvalidMetric` when CloudWatch would reject the metric. Dimension values come from
 * dataset names and zones, never from row data, so they can safely appear in the message.
 */
export function assertValidMetric(metric: Metric): void {
  const problems = metricProblems(metric);
  if (problems.length > 0) throw new InvalidMetric(metric.name, problems);
}

export function metricProblems(metric: Metric): string[] {
  const problems: string[] = [];
  if (typeof metric.name !== 'string' || metric.name.length === 0 || metric.name.length > MAX_NAME_LENGTH) {
    problems.push(`name must have 1 to ${MAX_NAME_LENGTH} characters`);
  }
  if (!isMetricUnit(metric.unit)) problems.push(`unit must be one of ${METRIC_UNITS.join(', ')}`);
  // CloudWatch rejects NaN and the infinities.
  if (typeof metric.value !== 'number' || !Number.isFinite(metric.value)) problems.push('value must be a finite number');
  if (!(metric.timestamp instanceof Date) || Number.isNaN(metric.timestamp.getTime())) problems.push('timestamp must be a valid Date');
  const entries = Object.entries(metric.dimensions ?? {});
  if (entries.length > MAX_DIMENSIONS_PER_METRIC) {
    problems.push(`at most ${MAX_DIMENSIONS_PER_METRIC} dimensions are allowed, got ${entries.length}`);
  }
  for (const [name, value] of entries) {
    if (name.length === 0 || name.length > MAX_NAME_LENGTH || name.startsWith(':')) {
      problems.push(`dimension name "${name}" must have 1 to ${MAX_NAME_LENGTH} characters and not start with ':'`);
    }
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_DIMENSION_VALUE_LENGTH) {
      problems.push(`dimension ${name} must have a value of 1 to ${MAX_DIMENSION_VALUE_LENGTH} characters`);
    }
  }
  return problems;
}

/** A stable identity for a metric stream: name plus sorted dimensions. */
export function metricIdentity(name: string, dimensions: Record<string, string>): string {
  const dims = Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([name, dims]);
}
