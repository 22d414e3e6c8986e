import type { AcademicCalendar } from '@acad/schemas';
import {
  FORECAST_COST_METRIC,
  MONTH_TO_DATE_COST_METRIC,
  evaluateAlarms,
  freshnessMetrics,
  resolveAlarms,
  summarizeHttpMetrics,
  type AlarmDefinition,
  type AlarmResult,
  type AlarmState,
  type AlarmTransition,
  type DatasetFreshness,
  type HttpRouteSummary,
  type Metric,
  type StorageSample,
} from '@acad/monitoring';
import type { CostReport } from './cost-usage';
import { defaultAlarms } from './default-alarms';
import { batchSeries, quarantinedPercentMetrics, summarizeRuns, type BatchPoint, type RunsSummary } from './pipeline-runs';
import type { ZoneStorage } from './storage-history';

export interface KeysReport {
  provider: string;
  /** Master key versions (local keyring) or the configured KMS key. */
  keyVersions: string[];
  sealedObjects: number;
  sealedObjectsByKey: Record<string, number>;
  unreadableSealedObjects: number;
}

/** Files rejected whole and waiting in the rejected area (a state, apart from the runs that rejected them). */
export interface RejectedFilesReport {
  waiting: number;
  byDataset: Record<string, number>;
  oldestRejectedAt: string | null;
}

export interface MonitoringReport {
  generatedAt: string;
  /** ALARM first, then INSUFFICIENT_DATA, then OK. */
  alarms: AlarmResult[];
  /** State changes found by this report (filled in once recorded). */
  transitions: AlarmTransition[];
  storage: ZoneStorage[];
  /** When the previous report measured storage (growth is relative to it). */
  storagePreviousAt: string | null;
  runs: RunsSummary;
  rejected: RejectedFilesReport;
  freshness: DatasetFreshness[];
  http: HttpRouteSummary[];
  keys: KeysReport | null;
  cost: CostReport | null;
  trends: {
    storage: Array<{ at: string; bytesByZone: Record<string, number> }>;
    batchDurations: BatchPoint[];
    quality: BatchPoint[];
  };
}

export interface ReportInputs {
  generatedAt: Date;
  storage: ZoneStorage[];
  storagePreviousAt?: string | null;
  /** Metrics read from ACAD_HOME/metrics (pipeline and server metrics among others). */
  recordedMetrics: readonly Metric[];
  /** Start of the runs window. */
  since: Date;
  unreadableMetricLines?: number;
  /** Files waiting in the rejected area (dataset and when each was rejected). */
  rejectedFiles?: ReadonlyArray<{ dataset: string; rejectedAt: string }>;
  freshness?: DatasetFreshness[];
  keys?: KeysReport | null;
  cost?: CostReport | null;
  storageHistory?: readonly StorageSample[];
  /** Defaults to `defaultAlarms` for the datasets with runs (and those in `freshness`). */
  alarms?: AlarmDefinition[];
  /** SLA per dataset for freshness alarms that give none. */
  slaHours?: (dataset: string) => number | undefined;
  previousStates?: ReadonlyMap<string, AlarmState>;
  /** The institution's academic calendar: daily anomaly alarms of the datasets it lists judge teaching days only. */
  calendar?: AcademicCalendar;
  /** Names the alarm configuration in errors. */
  alarmSource?: string;
}

const STATE_ORDER: Record<AlarmState, number> = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };

/** Metrics the reporter derives at report time: freshness and cost (also published). */
export function derivedMetrics(inputs: Pick<ReportInputs, 'freshness' | 'cost' | 'generatedAt'>): Metric[] {
  const metrics = freshnessMetrics(inputs.freshness ?? [], inputs.generatedAt);
  if (inputs.cost) {
    metrics.push({
      name: MONTH_TO_DATE_COST_METRIC,
      unit: 'None',
      value: inputs.cost.monthToDate.totalUsd,
      dimensions: {},
      timestamp: inputs.generatedAt,
    });
    if (inputs.cost.budget.forecastUsd !== undefined) {
      metrics.push({
        name: FORECAST_COST_METRIC,
        unit: 'None',
        value: inputs.cost.budget.forecastUsd,
        dimensions: {},
        timestamp: inputs.generatedAt,
      });
    }
  }
  return metrics;
}

/** Builds the report from already collected inputs; no I/O. */
export function buildReport(inputs: ReportInputs): MonitoringReport {
  const runs = summarizeRuns(inputs.recordedMetrics, inputs.since, inputs.unreadableMetricLines ?? 0);
  const freshness = inputs.freshness ?? [];
  const alarmMetrics = [...inputs.recordedMetrics, ...quarantinedPercentMetrics(inputs.recordedMetrics), ...derivedMetrics(inputs)];
  const slaHours = inputs.slaHours ?? ((dataset: string) => freshness.find((f) => f.dataset === dataset)?.slaHours);
  const definitions = resolveAlarms(
    inputs.alarms ??
      defaultAlarms({
        contractDatasets: freshness.map((f) => f.dataset),
        datasetsWithRuns: runs.datasets.map((d) => d.dataset),
        teachingDatasets: inputs.calendar?.datasets,
      }),
    slaHours,
    inputs.alarmSource,
  );
  const budget = inputs.cost?.budget ?? { monthToDateUsd: 0, elapsedFraction: 0, limitUsd: Number.POSITIVE_INFINITY };
  const alarms = evaluateAlarms(definitions, {
    now: inputs.generatedAt,
    metrics: alarmMetrics,
    budget,
    defaultBudgetLimitUsd: budget.limitUsd,
    previousStates: inputs.previousStates,
    calendar: inputs.calendar,
  }).sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    generatedAt: inputs.generatedAt.toISOString(),
    alarms,
    transitions: [],
    storage: inputs.storage,
    storagePreviousAt: inputs.storagePreviousAt ?? null,
    runs,
    rejected: rejectedFilesReport(inputs.rejectedFiles ?? []),
    freshness,
    http: summarizeHttpMetrics(inputs.recordedMetrics, inputs.since),
    keys: inputs.keys ?? null,
    cost: inputs.cost ?? null,
    trends: {
      storage: (inputs.storageHistory ?? []).map((s) => ({ at: s.at.toISOString(), bytesByZone: s.bytesByZone })),
      batchDurations: batchSeries(inputs.recordedMetrics, 'BatchDurationMs', inputs.since),
      quality: batchSeries(inputs.recordedMetrics, 'QualityScore', inputs.since),
    },
  };
}

function rejectedFilesReport(files: ReadonlyArray<{ dataset: string; rejectedAt: string }>): RejectedFilesReport {
  const byDataset: Record<string, number> = {};
  for (const f of files) byDataset[f.dataset] = (byDataset[f.dataset] ?? 0) + 1;
  const oldest = files.map((f) => f.rejectedAt).sort()[0];
  return { waiting: files.length, byDataset, oldestRejectedAt: oldest ?? null };
}
