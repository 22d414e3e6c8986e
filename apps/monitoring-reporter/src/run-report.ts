import {
  collectStorageUsage,
  loadMonitoringConfig,
  measureFreshness,
  readAlarmStates,
  recordAlarmStates,
  resolveAlarms,
  storageUsageToMetrics,
  syncAlarmsToCloudWatch,
  type MonitoringConfig,
} from '@acad/monitoring';
import { DATASET_CONTRACTS } from '@acad/schemas';
import { listRejectedFiles, readSnapshot } from '@acad/zones';
import type { ReporterParts } from './compose';
import { costReport } from './cost-usage';
import { defaultAlarms, mergeAlarms } from './default-alarms';
import { measureKeys } from './measure';
import { notifyTransitions, type NotificationOutcome } from './notifier';
import { buildReport, derivedMetrics, type MonitoringReport } from './report';
import { bytesByZone, readPreviousSnapshot, readStorageHistory, saveStorageSnapshot, withGrowth } from './storage-history';

export interface RunReportOptions {
  now: Date;
  /** Days of pipeline runs to summarise. */
  days: number;
  /** Environment and folder for the monitoring configuration (ACAD_MONITORING_CONFIG, ACAD_ALARM_WEBHOOK). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface PublishedMetrics {
  destination: string;
  metrics: number;
}

export interface ReportRun {
  report: MonitoringReport;
  published: PublishedMetrics;
  notifications: NotificationOutcome;
  /** Alarms created or updated in CloudWatch (ACAD_METRICS=cloudwatch). */
  syncedAlarms: string[];
  configSource: string;
}

const DAY_MS = 86_400_000;

/**
 * One report: measure storage, runs, freshness, keys and cost; evaluate the alarms; record
 * and notify state changes; publish the measured metrics; sync alarms to CloudWatch when used.
 */
export async function runReport(parts: ReporterParts, options: RunReportOptions): Promise<ReportRun> {
  const { now } = options;
  const { config, source } = await loadMonitoringConfig({ home: parts.home, env: options.env, cwd: options.cwd });
  const since = new Date(now.getTime() - options.days * DAY_MS);
  const zones = await collectStorageUsage(parts.stores);
  const previous = await readPreviousSnapshot(parts.home);
  const storageHistory = await readStorageHistory(parts.home);
  let unreadable = 0;
  // Anomaly bands look back 28 days and cost a month: read a little more than both.
  const recordedMetrics = await parts.metrics.read({
    since: new Date(Math.min(since.getTime() - 3 * DAY_MS, now.getTime() - 32 * DAY_MS)),
    until: now,
    onProblem: () => unreadable++,
  });
  const commits = (await readSnapshot(parts.platform)).entries;
  const freshness = measureFreshness(
    commits,
    DATASET_CONTRACTS.map((c) => ({ dataset: c.name, slaHours: c.freshnessSlaHours })),
    now,
    parts.calendar,
  );
  const keys = await measureKeys(parts.settings, {
    raw: parts.stores.raw,
    quarantine: parts.stores.quarantine,
    rejected: parts.stores.rejected,
  });
  const rejectedFiles = await listRejectedFiles({ rejected: parts.stores.rejected });
  const cost = costReport({
    now,
    commits,
    metrics: recordedMetrics,
    currentBytesByZone: bytesByZone(zones),
    storageHistory,
    kmsKeys: Math.max(1, keys.keyVersions.length),
    config,
  });
  const datasetsWithRuns = [
    ...new Set(recordedMetrics.filter((m) => m.name === 'RowsRead' && m.dimensions['Dataset']).map((m) => m.dimensions['Dataset'])),
  ].sort();
  const alarms = alarmDefinitions(
    config,
    freshness.map((f) => f.dataset),
    datasetsWithRuns,
    parts.calendar?.datasets,
  );
  const slaHours = (dataset: string) => DATASET_CONTRACTS.find((c) => c.name === dataset)?.freshnessSlaHours;
  const previousStates = new Map(Object.entries(await readAlarmStates(parts.home)).map(([name, s]) => [name, s.state]));
  const report = buildReport({
    generatedAt: now,
    storage: withGrowth(zones, previous),
    storagePreviousAt: previous?.at ?? null,
    recordedMetrics,
    since,
    unreadableMetricLines: unreadable,
    rejectedFiles,
    freshness,
    keys,
    cost,
    storageHistory: [...storageHistory, { at: now, bytesByZone: bytesByZone(zones) }],
    alarms,
    slaHours,
    previousStates,
    calendar: parts.calendar,
    alarmSource: source,
  });
  report.transitions = await recordAlarmStates(parts.home, report.alarms, now);
  const notifications = await notifyTransitions(report.transitions, report.alarms, {
    logger: parts.logger,
    webhookUrl: config.webhookUrl,
    fetch: parts.fetch,
  });

  const metrics = [...storageUsageToMetrics(zones, now), ...derivedMetrics({ generatedAt: now, freshness, cost })];
  await parts.sink.publish(metrics);
  await saveStorageSnapshot(parts.home, zones, now);
  const syncedAlarms = parts.cloudWatch
    ? await syncAlarmsToCloudWatch(parts.cloudWatch, resolveAlarms(alarms, slaHours, source), {
        namespace: config.namespace,
        defaultBudgetLimitUsd: config.budget.monthlyLimitUsd,
      })
    : [];
  parts.logger.info(
    {
      alarms: report.alarms.length,
      inAlarm: report.alarms.filter((a) => a.state === 'ALARM').map((a) => a.name),
      published: metrics.length,
      syncedAlarms: syncedAlarms.length,
    },
    'monitoring report',
  );
  return {
    report,
    published: { destination: parts.sinkDescription, metrics: metrics.length },
    notifications,
    syncedAlarms,
    configSource: source,
  };
}

function alarmDefinitions(
  config: MonitoringConfig,
  contractDatasets: string[],
  datasetsWithRuns: string[],
  teachingDatasets?: readonly string[],
) {
  return mergeAlarms(defaultAlarms({ contractDatasets, datasetsWithRuns, teachingDatasets }), config.alarms, config.defaultAlarms);
}
