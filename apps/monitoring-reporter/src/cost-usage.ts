import {
  accruedStorageBytes,
  budgetFigures,
  emptyUsage,
  estimateMonthlyCost,
  monthWindow,
  QUERY_BYTES_METRIC,
  type BudgetFigures,
  type CostEstimate,
  type Metric,
  type MonitoringConfig,
  type MonthlyUsage,
  type StorageSample,
} from '@acad/monitoring';

/** What the cost model needs from a commit-log entry. */
export interface CommitWork {
  committedAt: string;
  raw: readonly string[];
  quarantine: readonly string[];
  /** Partition → its files after the commit (older entries: one key, or null when emptied). */
  trusted: Record<string, readonly string[] | string | null>;
  curated: Record<string, string>;
}

/** Bytes scanned by one query, as the apps publish it for Athena (libs/monitoring). */
export { QUERY_BYTES_METRIC };

export interface CostInputs {
  now: Date;
  commits: readonly CommitWork[];
  metrics: readonly Metric[];
  currentBytesByZone: Record<string, number>;
  storageHistory: readonly StorageSample[];
  kmsKeys: number;
  config: Pick<MonitoringConfig, 'usage' | 'prices' | 'budget'>;
}

export interface CostReport {
  /** Current storage for a whole month plus the last 30 days of work, priced as on AWS. */
  estimatedMonthly: CostEstimate;
  monthToDate: CostEstimate;
  budget: BudgetFigures & { limitUsd: number };
}

/**
 * Work done in [from, to) priced as AWS usage: each committed batch writes its objects (S3 PUTs,
 * plus the landing file and the manifest), reads some back, has a data key made and unwrapped
 * per sealed object (KMS), and runs as one Glue job and one DataBrew job as long as it took here.
 */
function workUsage(inputs: CostInputs, from: Date, to: Date): MonthlyUsage {
  const usage = emptyUsage();
  const { usage: rates } = inputs.config;
  for (const commit of inputs.commits) {
    const t = new Date(commit.committedAt);
    if (t < from || t >= to) continue;
    const written =
      commit.raw.length +
      commit.quarantine.length +
      Object.values(commit.trusted).filter((v) => v !== null && v.length > 0).length +
      Object.keys(commit.curated).length +
      2;
    usage.s3PutRequests += written;
    usage.s3GetRequests += written * rates.s3GetsPerObjectWritten;
    usage.kmsRequests += (commit.raw.length + commit.quarantine.length) * rates.kmsRequestsPerSealedObject;
  }
  const inWindow = (m: Metric) => m.timestamp >= from && m.timestamp < to;
  const durations = inputs.metrics
    .filter((m) => m.name === 'BatchDurationMs' && m.dimensions['Dataset'] !== undefined && inWindow(m))
    .map((m) => m.value / 1000);
  const queries = inputs.metrics.filter((m) => m.name === QUERY_BYTES_METRIC && inWindow(m));
  return {
    ...usage,
    athenaQueries: queries.length,
    athenaBytesScanned: queries.reduce((sum, m) => sum + m.value, 0),
    glueJobSeconds: durations,
    glueDpusPerJob: rates.glueDpusPerJob,
    databrewJobSeconds: durations,
    databrewNodesPerJob: rates.databrewNodesPerJob,
  };
}

export function costReport(inputs: CostInputs): CostReport {
  const { now, config } = inputs;
  const month = monthWindow(now);
  const end = new Date(now.getTime() + 1);
  const lastThirtyDays = workUsage(inputs, new Date(now.getTime() - 30 * 86_400_000), end);
  const estimatedMonthly = estimateMonthlyCost(
    { ...lastThirtyDays, storageBytesByZone: inputs.currentBytesByZone, kmsKeys: inputs.kmsKeys },
    config.prices,
  );
  const samples = [...inputs.storageHistory, { at: now, bytesByZone: inputs.currentBytesByZone }];
  const monthToDate = estimateMonthlyCost(
    {
      ...workUsage(inputs, month.start, end),
      storageBytesByZone: accruedStorageBytes(samples, now),
      kmsKeys: inputs.kmsKeys * month.elapsedFraction,
    },
    config.prices,
  );
  const figures = budgetFigures(monthToDate.totalUsd, now, config.budget.forecastMinElapsedHours);
  return { estimatedMonthly, monthToDate, budget: { ...figures, limitUsd: config.budget.monthlyLimitUsd } };
}
