/** A metric CloudWatch would refuse (bad name, unit, value or too many dimensions). */
export class InvalidMetric extends Error {
  readonly code = 'METRIC_INVALID';
  constructor(
    readonly metricName: string,
    readonly problems: string[],
  ) {
    super(`Metric "${metricName}" is not valid: ${problems.join('; ')}`);
    this.name = 'InvalidMetric';
  }
}

/** Publishing to a metrics sink failed after the allowed attempts. */
export class MetricsPublishFailed extends Error {
  readonly code = 'METRICS_PUBLISH_FAILED';
  constructor(
    readonly destination: string,
    readonly attempts: number,
    readonly published: number,
    cause: unknown,
  ) {
    super(
      `Publishing metrics to ${destination} failed after ${attempts} attempt(s) (${published} metric(s) were published before the failure): ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
      { cause },
    );
    this.name = 'MetricsPublishFailed';
  }
}

/** A composite alarm rule that does not follow CloudWatch's AlarmRule syntax. */
export class InvalidAlarmRule extends Error {
  readonly code = 'ALARM_RULE_INVALID';
  constructor(
    readonly rule: string,
    detail: string,
  ) {
    super(`Alarm rule ${JSON.stringify(rule)} is not valid: ${detail}`);
    this.name = 'InvalidAlarmRule';
  }
}

/** The monitoring configuration file is not valid JSON or breaks its schema. */
export class MonitoringConfigInvalid extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`Invalid monitoring configuration ${file}: ${detail}`);
    this.name = 'MonitoringConfigInvalid';
  }
}
