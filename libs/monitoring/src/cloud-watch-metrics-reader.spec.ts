import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchMetricsReader, periodWindows } from './cloud-watch-metrics-reader';

const NOW = new Date('2025-03-16T11:00:00Z');
const SINCE = new Date('2025-03-10T11:00:00Z');
const attendance = [{ Name: 'Dataset', Value: 'attendance' }];

describe('CloudWatchMetricsReader', () => {
  const cloudWatch = mockClient(CloudWatchClient);
  const client = new CloudWatchClient({ region: 'eu-west-1' });

  beforeEach(() => cloudWatch.reset());
  afterAll(() => cloudWatch.restore());

  it('finds the streams with ListMetrics and reads each with its statistic by GetMetricData, following NextToken over two pages', async () => {
    cloudWatch
      .on(ListMetricsCommand)
      .resolvesOnce({
        Metrics: [
          { Namespace: 'AcademicsDataPlatform', MetricName: 'RowsRead', Dimensions: attendance },
          { Namespace: 'AcademicsDataPlatform', MetricName: 'BatchDurationMs', Dimensions: attendance },
        ],
        NextToken: 'list-2',
      })
      .resolvesOnce({
        Metrics: [
          { Namespace: 'AcademicsDataPlatform', MetricName: 'QualityScore', Dimensions: attendance },
          { Namespace: 'AcademicsDataPlatform', MetricName: 'HttpLatencyMs', Dimensions: [{ Name: 'Route', Value: '/' }] },
        ],
      });
    const t1 = new Date('2025-03-12T08:00:00Z');
    const t2 = new Date('2025-03-14T08:01:00Z');
    cloudWatch
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'm0', Timestamps: [t1], Values: [120], StatusCode: 'PartialData' },
          { Id: 'm1', Timestamps: [t1], Values: [65_000], StatusCode: 'PartialData' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'm0', Timestamps: [t2], Values: [180], StatusCode: 'Complete' },
          { Id: 'm2', Timestamps: [t1, t2], Values: [92.5, 88], StatusCode: 'Complete' },
          { Id: 'm3', Timestamps: [], Values: [], StatusCode: 'Complete' },
        ],
      });

    const metrics = await new CloudWatchMetricsReader(client).read({ since: SINCE, until: NOW });

    expect(cloudWatch.commandCalls(ListMetricsCommand).map((c) => c.args[0].input)).toEqual([
      { Namespace: 'AcademicsDataPlatform' },
      { Namespace: 'AcademicsDataPlatform', NextToken: 'list-2' },
    ]);
    const queries = [
      ['RowsRead', attendance, 'Sum'],
      ['BatchDurationMs', attendance, 'Maximum'],
      ['QualityScore', attendance, 'Average'],
      ['HttpLatencyMs', [{ Name: 'Route', Value: '/' }], 'p99'],
    ].map(([MetricName, Dimensions, Stat], index) => ({
      Id: `m${index}`,
      MetricStat: { Metric: { Namespace: 'AcademicsDataPlatform', MetricName, Dimensions }, Period: 60, Stat },
      ReturnData: true,
    }));
    // Six days back: all within CloudWatch's 15 days of 1-minute points, one window.
    expect(cloudWatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input)).toEqual([
      { MetricDataQueries: queries, StartTime: SINCE, EndTime: NOW, ScanBy: 'TimestampAscending' },
      { MetricDataQueries: queries, StartTime: SINCE, EndTime: NOW, ScanBy: 'TimestampAscending', NextToken: 'page-2' },
    ]);
    expect(metrics).toEqual([
      { name: 'RowsRead', unit: 'Count', value: 120, dimensions: { Dataset: 'attendance' }, timestamp: t1 },
      { name: 'BatchDurationMs', unit: 'Milliseconds', value: 65_000, dimensions: { Dataset: 'attendance' }, timestamp: t1 },
      { name: 'QualityScore', unit: 'Percent', value: 92.5, dimensions: { Dataset: 'attendance' }, timestamp: t1 },
      { name: 'RowsRead', unit: 'Count', value: 180, dimensions: { Dataset: 'attendance' }, timestamp: t2 },
      { name: 'QualityScore', unit: 'Percent', value: 88, dimensions: { Dataset: 'attendance' }, timestamp: t2 },
    ]);
  });

  it('sends at most 500 queries per GetMetricData call, with ids unique across calls', async () => {
    const streams = Array.from({ length: 1203 }, (_, i) => ({
      Namespace: 'AcademicsDataPlatform',
      MetricName: 'RowsRead',
      Dimensions: [{ Name: 'Dataset', Value: `d${i}` }],
    }));
    cloudWatch.on(ListMetricsCommand).resolves({ Metrics: streams });
    cloudWatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: Array<{ Id: string }> }) => ({
      MetricDataResults: input.MetricDataQueries.map((q) => ({ Id: q.Id, Timestamps: [SINCE], Values: [1], StatusCode: 'Complete' })),
    }));

    const metrics = await new CloudWatchMetricsReader(client).read({ since: SINCE, until: NOW });

    const calls = cloudWatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.MetricDataQueries ?? []);
    expect(calls.map((queries) => queries.length)).toEqual([500, 500, 203]);
    expect(new Set(calls.flat().map((q) => q.Id)).size).toBe(1203);
    expect(metrics).toHaveLength(1203);
    expect(new Set(metrics.map((m) => m.dimensions['Dataset'])).size).toBe(1203);
  });

  it('reads data older than 15 days at 5-minute periods (what CloudWatch keeps), the rest at 1 minute', async () => {
    cloudWatch.on(ListMetricsCommand).resolves({ Metrics: [{ Namespace: 'AcademicsDataPlatform', MetricName: 'RowsRead' }] });
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const since = new Date('2025-02-12T11:00:00Z');

    await new CloudWatchMetricsReader(client).read({ since, until: NOW });

    const boundary = new Date('2025-03-01T11:00:00Z');
    expect(
      cloudWatch.commandCalls(GetMetricDataCommand).map((c) => {
        const input = c.args[0].input;
        return [input.StartTime, input.EndTime, input.MetricDataQueries?.[0].MetricStat?.Period];
      }),
    ).toEqual([
      [since, boundary, 300],
      [boundary, NOW, 60],
    ]);
    expect(periodWindows(new Date('2025-03-10T11:00:30Z'), new Date('2025-03-16T11:00:10Z'))).toEqual([
      { start: new Date('2025-03-10T11:00:00Z'), end: new Date('2025-03-16T11:01:00Z'), periodSeconds: 60 },
    ]);
  });

  it('reads no metric when the namespace holds none, and refuses more than 500 queries per call', async () => {
    cloudWatch.on(ListMetricsCommand).resolves({ Metrics: [] });

    expect(await new CloudWatchMetricsReader(client).read({ since: SINCE, until: NOW })).toEqual([]);
    expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(0);
    expect(() => new CloudWatchMetricsReader(client, { maxQueriesPerCall: 501 })).toThrow(RangeError);
  });
});
