import {
  comparisonSymbol,
  datapointsFor,
  explainThresholdAlarm,
  type AlarmState,
  type Metric,
  type ThresholdAlarmDefinition,
  type ZoneUsage,
} from '@acad/monitoring';
import { defaultAlarms } from './default-alarms';
import { quarantinedPercentMetrics, summarizeRuns, type RunsSummary } from './pipeline-runs';

export interface AlarmResult {
  name: string;
  description?: string;
  state: AlarmState;
  condition: string;
  reason: string;
  metric: string;
  dimensions: Record<string, string>;
}

export interface MonitoringReport {
  generatedAt: string;
  /** ALARM first, then INSUFFICIENT_DATA, then OK. */
  alarms: AlarmResult[];
  storage: ZoneUsage[];
  runs: RunsSummary;
}

export interface ReportInputs {
  generatedAt: Date;
  storage: ZoneUsage[];
  /** Metrics read from ACAD_HOME/metrics (pipeline metrics among others). */
  recordedMetrics: readonly Metric[];
  /** Start of the runs window. */
  since: Date;
  unreadableMetricLines?: number;
  /** Defaults to `defaultAlarms` for every dataset with runs. */
  alarms?: ThresholdAlarmDefinition[];
}

const STATE_ORDER: Record<AlarmState, number> = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };

/** Builds the report from already collected inputs; no I/O. */
export function buildReport(inputs: ReportInputs): MonitoringReport {
  const runs = summarizeRuns(inputs.recordedMetrics, inputs.since, inputs.unreadableMetricLines ?? 0);
  const alarmMetrics = [...inputs.recordedMetrics, ...quarantinedPercentMetrics(inputs.recordedMetrics)];
  const definitions = inputs.alarms ?? defaultAlarms(runs.datasets.map((d) => d.dataset));
  const alarms = definitions
    .map((definition): AlarmResult => {
      const evaluation = explainThresholdAlarm(definition, datapointsFor(definition, alarmMetrics), { now: inputs.generatedAt });
      return {
        name: definition.name,
        description: definition.description,
        state: evaluation.state,
        condition: `${definition.statistic} of ${definition.metric} ${comparisonSymbol(definition.comparison)} ${definition.threshold} for ${definition.datapointsToAlarm} of ${definition.evaluationPeriods} period(s) of ${definition.periodSeconds}s`,
        reason: evaluation.reason,
        metric: definition.metric,
        dimensions: definition.dimensions,
      };
    })
    .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { generatedAt: inputs.generatedAt.toISOString(), alarms, storage: inputs.storage, runs };
}
