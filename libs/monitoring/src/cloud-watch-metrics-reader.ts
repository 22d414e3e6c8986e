import {
  GetMetricDataCommand,
  ListMetricsCommand,
  type CloudWatchClient,
  type Metric as CloudWatchMetric,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { DEFAULT_NAMESPACE } from './emf';
import type { Metric, MetricUnit } from './metric';
import type { MetricsReader, MetricsReadRange } from './metrics-reader';

/** GetMetricData takes at most 500 queries per call. */
export const GET_METRIC_DATA_MAX_QUERIES = 500;

/**
 * How each metric is read back, one value per period per stream. The reporter re-aggregates
 * what it reads (totals per day, alarms over a day, per-dataset summaries), so each statistic is
 * the one that survives that re-aggregation:
 * - counts and bytes are per-batch or per-request amounts the report adds up: `Sum`, so totals
 *   and Sum alarms are exact however many batches share a period;
 * - durations and latencies are judged by their worst case (the batch-duration alarm is a
 *   Maximum; the latency summary looks at the tail): `Maximum` for batch durations, `p99` for
 *   HTTP latency, whose many requests per minute would make a maximum one outlier's;
 * - scores and percentages are per-batch levels: `Average`, since a sum of percentages means
 *   nothing;
 * - levels the reporter itself publishes each run (storage, data age, cost): `Maximum`, so two
 *   runs in one period count once, not twice.
 * A metric not listed is read as its `Average` with unit 'None'.
 */
export const READ_BACK_STATISTICS: Readonly<Record<string, { stat: string; unit: MetricUnit }>> = {
  BatchesCommitted: { stat: 'Sum', unit: 'Count' },
  BatchesFailed: { stat: 'Sum', unit: 'Count' },
  FilesRejected: { stat: 'Sum', unit: 'Count' },
  BatchesRejected: { stat: 'Sum', unit: 'Count' },
  BatchesDuplicate: { stat: 'Sum', unit: 'Count' },
  RowsRead: { stat: 'Sum', unit: 'Count' },
  RowsAccepted: { stat: 'Sum', unit: 'Count' },
  RowsDuplicate: { stat: 'Sum', unit: 'Count' },
  RowsQuarantined: { stat: 'Sum', unit: 'Count' },
  QualityRulesPassed: { stat: 'Sum', unit: 'Count' },
  QualityRulesFailed: { stat: 'Sum', unit: 'Count' },
  QualityRulesWarned: { stat: 'Sum', unit: 'Count' },
  HttpRequests: { stat: 'Sum', unit: 'Count' },
  QueryBytesScanned: { stat: 'Sum', unit: 'Bytes' },
  BatchDurationMs: { stat: 'Maximum', unit: 'Milliseconds' },
  HttpLatencyMs: { stat: 'p99', unit: 'Milliseconds' },
  QualityScore: { stat: 'Average', unit: 'Percent' },
  QuarantinedPercent: { stat: 'Average', unit: 'Percent' },
  StorageBytes: { stat: 'Maximum', unit: 'Bytes' },
  StorageObjects: { stat: 'Maximum', unit: 'Count' },
  DataAgeHours: { stat: 'Maximum', unit: 'None' },
  MonthToDateCostUsd: { stat: 'Maximum', unit: 'None' },
  ForecastMonthlyCostUsd: { stat: 'Maximum', unit: 'None' },
};

const DEFAULT_READ_BACK = { stat: 'Average', unit: 'None' as MetricUnit };

// CloudWatch keeps 1-minute points for 15 days and 5-minute points for 63 days; a query for older
// data at a finer period than is kept returns nothing. One minute keeps batches apart as points.
const MINUTE_DATA_DAYS = 15;
const DAY_MS = 86_400_000;

export interface CloudWatchMetricsReaderOptions {
  namespace?: string;
  /** Queries per GetMetricData call, 1–500. Default 500. */
  maxQueriesPerCall?: number;
}

/**
 * Reads the platform's metrics back from CloudWatch (ACAD_METRICS=cloudwatch), so the reporter's
 * report and alarms need no EMF files: ListMetrics finds every stream of the namespace, then
 * GetMetricData reads each with its statistic (see READ_BACK_STATISTICS) in calls of at most 500
 * queries, following NextToken. Each returned point is one Metric at the period's start.
 */
export class CloudWatchMetricsReader implements MetricsReader {
  readonly description: string;
  private readonly namespace: string;
  private readonly maxQueries: number;

  constructor(
    private readonly client: CloudWatchClient,
    options: CloudWatchMetricsReaderOptions = {},
  ) {
    this.namespace = options.namespace ?? DEFAULT_NAMESPACE;
    this.maxQueries = options.maxQueriesPerCall ?? GET_METRIC_DATA_MAX_QUERIES;
    if (!Number.isInteger(this.maxQueries) || this.maxQueries < 1 || this.maxQueries > GET_METRIC_DATA_MAX_QUERIES) {
      throw new RangeError(`maxQueriesPerCall must be a whole number from 1 to ${GET_METRIC_DATA_MAX_QUERIES}, got ${this.maxQueries}`);
    }
    this.description = `CloudWatch namespace ${this.namespace}`;
  }

  async read(range: MetricsReadRange): Promise<Metric[]> {
    const streams = await this.listStreams();
    const metrics: Metric[] = [];
    for (const window of periodWindows(range.since, range.until)) {
      for (let first = 0; first < streams.length; first += this.maxQueries) {
        metrics.push(...(await this.readBatch(streams.slice(first, first + this.maxQueries), first, window, range)));
      }
    }
    return metrics.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
  }

  private async listStreams(): Promise<CloudWatchMetric[]> {
    const streams: CloudWatchMetric[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListMetricsCommand({ Namespace: this.namespace, ...(token ? { NextToken: token } : {}) }));
      streams.push(...(page.Metrics ?? []).filter((m) => m.MetricName));
      token = page.NextToken;
    } while (token);
    return streams;
  }

  private async readBatch(streams: CloudWatchMetric[], offset: number, window: PeriodWindow, range: MetricsReadRange): Promise<Metric[]> {
    const queries: MetricDataQuery[] = streams.map((stream, index) => ({
      Id: `m${offset + index}`,
      MetricStat: { Metric: stream, Period: window.periodSeconds, Stat: readBack(stream.MetricName).stat },
      ReturnData: true,
    }));
    const byId = new Map(queries.map((query, index) => [query.Id, streams[index]]));
    const metrics: Metric[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: window.start,
          EndTime: window.end,
          ScanBy: 'TimestampAscending',
          ...(token ? { NextToken: token } : {}),
        }),
      );
      for (const result of page.MetricDataResults ?? []) {
        const stream = result.Id ? byId.get(result.Id) : undefined;
        if (!stream?.MetricName) continue;
        if (result.StatusCode === 'Forbidden' || result.StatusCode === 'InternalError') {
          range.onProblem?.(`CloudWatch answered ${result.StatusCode} for ${stream.MetricName}`);
        }
        const { unit } = readBack(stream.MetricName);
        const dimensions = Object.fromEntries((stream.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? '']));
        (result.Timestamps ?? []).forEach((timestamp, index) => {
          const value = result.Values?.[index];
          if (value === undefined || !Number.isFinite(value)) return;
          metrics.push({ name: stream.MetricName as string, unit, value, dimensions: { ...dimensions }, timestamp: new Date(timestamp) });
        });
      }
      token = page.NextToken;
    } while (token);
    return metrics;
  }
}

interface PeriodWindow {
  start: Date;
  end: Date;
  periodSeconds: number;
}

/**
 * The range split where CloudWatch's kept resolution changes: 1-minute periods for the last 15
 * days, 5-minute periods before that. Starts and ends are aligned to their period so each
 * point covers one whole period.
 */
export function periodWindows(since: Date, until: Date, now = until): PeriodWindow[] {
  const boundary = alignDown(new Date(now.getTime() - MINUTE_DATA_DAYS * DAY_MS), 300);
  const windows: PeriodWindow[] = [];
  if (since < boundary)
    windows.push({ start: alignDown(since, 300), end: until < boundary ? alignUp(until, 300) : boundary, periodSeconds: 300 });
  if (until > boundary)
    windows.push({ start: since > boundary ? alignDown(since, 60) : boundary, end: alignUp(until, 60), periodSeconds: 60 });
  return windows;
}

function readBack(name: string | undefined): { stat: string; unit: MetricUnit } {
  return (name && READ_BACK_STATISTICS[name]) || DEFAULT_READ_BACK;
}

function alignDown(at: Date, seconds: number): Date {
  return new Date(Math.floor(at.getTime() / (seconds * 1000)) * seconds * 1000);
}

function alignUp(at: Date, seconds: number): Date {
  return new Date(Math.ceil(at.getTime() / (seconds * 1000)) * seconds * 1000);
}
