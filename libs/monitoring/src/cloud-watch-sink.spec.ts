import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchSink } from './cloud-watch-sink';
import { metric, T0 } from './metric-fixtures.test-support';
import { MetricsPublishFailed } from './monitoring-errors';

const cloudWatch = mockClient(CloudWatchClient);

function throttling(name = 'ThrottlingException'): Error {
  return Object.assign(new Error('Rate exceeded'), { name });
}

describe('CloudWatchSink', () => {
  beforeEach(() => cloudWatch.reset());

  it('sends PutMetricData with the namespace and each datum', async () => {
    cloudWatch.on(PutMetricDataCommand).resolves({});
    const sink = new CloudWatchSink(new CloudWatchClient({ region: 'us-east-1' }), { namespace: 'Acad/Test' });
    await sink.publish([
      metric('RowsRead', 12, { Dataset: 'attendance', Zone: 'raw' }),
      { ...metric('BatchDurationMs', 4.5), unit: 'Milliseconds' },
    ]);
    const calls = cloudWatch.commandCalls(PutMetricDataCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toEqual({
      Namespace: 'Acad/Test',
      MetricData: [
        {
          MetricName: 'RowsRead',
          Dimensions: [
            { Name: 'Dataset', Value: 'attendance' },
            { Name: 'Zone', Value: 'raw' },
          ],
          Unit: 'Count',
          Value: 12,
          Timestamp: T0,
        },
        { MetricName: 'BatchDurationMs', Dimensions: [], Unit: 'Milliseconds', Value: 4.5, Timestamp: T0 },
      ],
    });
  });

  it('splits into batches of at most 1000 datums', async () => {
    cloudWatch.on(PutMetricDataCommand).resolves({});
    const sink = new CloudWatchSink(new CloudWatchClient({ region: 'us-east-1' }));
    const metrics = Array.from({ length: 2345 }, (_, i) => metric('RowsRead', i, { Dataset: `d${i}` }));
    await sink.publish(metrics);
    const calls = cloudWatch.commandCalls(PutMetricDataCommand);
    expect(calls.map((c) => c.args[0].input.MetricData?.length)).toEqual([1000, 1000, 345]);
    expect(calls.every((c) => c.args[0].input.Namespace === 'AcademicsDataPlatform')).toBe(true);
    expect(calls.flatMap((c) => (c.args[0].input.MetricData ?? []).map((d) => d.Value))).toEqual(metrics.map((m) => m.value));
  });

  it('splits by estimated payload size when datums are large', async () => {
    cloudWatch.on(PutMetricDataCommand).resolves({});
    const sink = new CloudWatchSink(new CloudWatchClient({ region: 'us-east-1' }));
    // 30 dimensions with long values make each datum several kilobytes once encoded.
    const wide = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`Dimension${i}`, 'v'.repeat(200)]));
    await sink.publish(Array.from({ length: 1000 }, (_, i) => metric('Wide', i, wide)));
    const sizes = cloudWatch.commandCalls(PutMetricDataCommand).map((c) => c.args[0].input.MetricData?.length ?? 0);
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1000);
    for (const call of cloudWatch.commandCalls(PutMetricDataCommand)) {
      expect(Buffer.byteLength(JSON.stringify(call.args[0].input))).toBeLessThan(1_000_000);
    }
  });

  it('leaves retrying to the SDK: one call per batch, and a failure names the attempts the SDK made', async () => {
    const throttled = Object.assign(throttling(), { $metadata: { attempts: 5 } });
    cloudWatch.on(PutMetricDataCommand).rejects(throttled);
    const sink = new CloudWatchSink(new CloudWatchClient({ region: 'us-east-1' }));
    await expect(sink.publish([metric('RowsRead', 1)])).rejects.toThrow(/failed after 5 attempt\(s\)/);
    expect(cloudWatch.commandCalls(PutMetricDataCommand)).toHaveLength(1);

    cloudWatch.reset();
    cloudWatch.on(PutMetricDataCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(sink.publish([metric('RowsRead', 1)])).rejects.toThrow(MetricsPublishFailed);
    await expect(sink.publish([metric('RowsRead', 1)])).rejects.toThrow(/failed after 1 attempt\(s\).*denied/);
  });

  it('refuses an invalid metric before sending anything', async () => {
    const sink = new CloudWatchSink(new CloudWatchClient({ region: 'us-east-1' }));
    await expect(sink.publish([metric('RowsRead', Number.POSITIVE_INFINITY)])).rejects.toThrow(/finite number/);
    expect(cloudWatch.commandCalls(PutMetricDataCommand)).toHaveLength(0);
  });
});
