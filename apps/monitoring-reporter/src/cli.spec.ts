import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchSink } from '@acad/monitoring';
import { DATASET_CONTRACTS } from '@acad/schemas';
import { createSampleHome, tempHome } from './acad-home.test-support';
import { runCli, type CliIo } from './cli';

const NOW = new Date('2025-03-16T11:00:00Z');

function io(env: NodeJS.ProcessEnv, cwd: string, extra: Partial<CliIo> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
    cwd,
    now: () => NOW,
    ...extra,
    out: () => out,
    err: () => err,
  };
}

describe('monitor report', () => {
  it('prints one JSON object with the figures', async () => {
    const { home } = await createSampleHome();
    const streams = io({ ACAD_HOME: home }, home);
    expect(await runCli(['report', '--json'], streams)).toBe(0);
    const report = JSON.parse(streams.out());
    expect(Object.keys(report)).toEqual([
      'generatedAt',
      'alarms',
      'transitions',
      'storage',
      'storagePreviousAt',
      'runs',
      'rejected',
      'freshness',
      'http',
      'keys',
      'cost',
      'trends',
      'published',
      'notifications',
      'syncedAlarms',
      'configSource',
    ]);
    expect(report.alarms[0]).toMatchObject({ name: 'data-needs-attention', state: 'ALARM', kind: 'composite' });
    expect(report.storage.find((z: { zone: string }) => z.zone === 'raw')).toMatchObject({ objects: 3, bytes: 1050 });
    expect(report.runs.datasets[0]).toMatchObject({
      dataset: 'attendance',
      batches: 2,
      rowsRead: 300,
      rowsQuarantined: 22,
      batchesFailed: 1,
      filesRejected: 1,
    });
    // Rejected files are shown apart from failed batches: the one waiting in the rejected area.
    expect(report.runs).toMatchObject({ failures: 1, rejectedFiles: 1 });
    expect(report.rejected).toEqual({ waiting: 1, byDataset: { attendance: 1 }, oldestRejectedAt: expect.any(String) });
    expect(report.cost.estimatedMonthly.pricesAsOf).toBe('2025-06-01');
    expect(report.published.metrics).toBe(27);
    expect(streams.err()).toBe('');
  });

  it('prints alarms in trouble first, then storage, runs, freshness and cost', async () => {
    const { home } = await createSampleHome();
    const streams = io({ ACAD_HOME: home }, home);
    expect(await runCli(['report'], streams)).toBe(0);
    const text = streams.out();
    // Freshness fires for each contract dataset but attendance, plus the quarantine rate and the composite.
    // Attendance's volume is not judged on a Sunday (the default academic calendar): OK, not insufficient data.
    expect(text).toContain(`Alarms: ${DATASET_CONTRACTS.length - 1 + 2} in ALARM, 1 with insufficient data, 7 OK`);
    expect(text).toMatch(/ALARM\s+quarantine-rate:attendance: More than 5% of the rows in one batch of attendance were quarantined/);
    expect(text).toMatch(/ALARM\s+freshness:students: No batch of students committed within its 720 h SLA/);
    expect(text).not.toMatch(/OK\s+batch-duration/);
    expect(text).toMatch(/raw\s+3\s+1\.0 KiB\s+-/);
    expect(text).toMatch(/attendance\s+2\s+300\s+278\s+0\s+22\s+7\.33\s+90\.0\s+-\s+3400\s+1/);
    expect(text).toMatch(/students\s+-\s+720\s+never committed/);
    expect(text).toMatch(/Estimated monthly cost on AWS: \$\d+\.\d{4} \(us-east-1 list prices as of 2025-06-01\)/);
    const order = ['Alarms:', 'Storage', 'Runs since', 'Freshness', 'Keys', 'Estimated monthly cost', 'Published 27 metric(s)'].map(
      (heading) => text.indexOf(heading),
    );
    expect(order.every((position, i) => position >= 0 && (i === 0 || position > order[i - 1]))).toBe(true);
  });

  it('reads the academic calendar ACAD_CALENDAR names, and exits 2 naming it when the file is bad', async () => {
    const { home } = await createSampleHome();
    // A calendar under which Sunday 16 March 2025 is out of term but every day a teaching weekday: attendance ages by the clock.
    writeFileSync(
      join(home, 'every-day.json'),
      JSON.stringify({ institution: 'U', teachingWeekdays: [1, 2, 3, 4, 5, 6, 7], terms: [{ start: '2025-01-06', end: '2025-06-27' }] }),
    );
    const streams = io({ ACAD_HOME: home, ACAD_CALENDAR: 'every-day.json' }, home);
    expect(await runCli(['report', '--json'], streams)).toBe(0);
    const report = JSON.parse(streams.out()) as { freshness: Array<{ dataset: string; ageHours: number; teachingHours: boolean }> };
    expect(report.freshness.find((f) => f.dataset === 'attendance')).toMatchObject({ ageHours: 1, teachingHours: true });
    writeFileSync(join(home, 'bad.json'), JSON.stringify({ institution: 'U', terms: [{ start: '2025-01-06', end: 'June' }] }));
    const bad = io({ ACAD_HOME: home, ACAD_CALENDAR: 'bad.json' }, home);
    expect(await runCli(['report'], bad)).toBe(2);
    expect(bad.err()).toBe(
      `Invalid setting ACAD_CALENDAR (from ${join(home, 'bad.json')}): Academic calendar ${join(home, 'bad.json')}: terms.0.end: a date as YYYY-MM-DD\n`,
    );
  });

  it('fires the budget alarm when the forecast passes the configured limit', async () => {
    const { home } = await createSampleHome();
    writeFileSync(join(home, 'acad.monitoring.json'), JSON.stringify({ budget: { monthlyLimitUsd: 0.5 } }));
    const streams = io({ ACAD_HOME: home }, home);
    expect(await runCli(['report', '--json'], streams)).toBe(0);
    const report = JSON.parse(streams.out());
    expect(report.configSource).toBe(join(home, 'acad.monitoring.json'));
    expect(report.cost.budget.forecastUsd).toBeGreaterThan(0.5);
    expect(report.alarms.find((a: { name: string }) => a.name === 'budget-forecast')).toMatchObject({
      state: 'ALARM',
      reason: expect.stringMatching(/^forecast monthly cost \$\d+\.\d+ > \$0\.5000 \(100% of \$0\.5\)$/),
    });
  });

  it('writes a self-contained HTML report', async () => {
    const { home } = await createSampleHome();
    const streams = io({ ACAD_HOME: home }, home);
    expect(await runCli(['report', '--html', 'report.html'], streams)).toBe(0);
    expect(streams.out()).toContain(`HTML report written to ${join(home, 'report.html')}`);
    const html = readFileSync(join(home, 'report.html'), 'utf8');
    expect(html).toContain('id="chart-storage"');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });

  it('with ACAD_METRICS=cloudwatch reads the pipeline metrics back with GetMetricData, not the EMF files, and syncs alarms', async () => {
    const cloudWatch = mockClient(CloudWatchClient);
    const attendance = [{ Name: 'Dataset', Value: 'attendance' }];
    cloudWatch.on(ListMetricsCommand).resolves({
      Metrics: ['RowsRead', 'RowsQuarantined', 'BatchesCommitted', 'QualityScore'].map((MetricName) => ({
        Namespace: 'AcademicsDataPlatform',
        MetricName,
        Dimensions: attendance,
      })),
    });
    // Two batches, a day apart: different figures from the sample home's EMF files (300 rows read there).
    const batches = [new Date('2025-03-14T08:00:00Z'), new Date('2025-03-15T08:00:00Z')];
    const values: Record<string, number[]> = { m0: [400, 500], m1: [40, 10], m2: [1, 1], m3: [90, 98] };
    cloudWatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: Array<{ Id: string }>; StartTime: Date; EndTime: Date }) => {
      const within = batches.map((at, i) => [at, i] as const).filter(([at]) => at >= input.StartTime && at < input.EndTime);
      return {
        MetricDataResults: input.MetricDataQueries.map(({ Id }) => ({
          Id,
          Timestamps: within.map(([at]) => at),
          Values: within.map(([, i]) => values[Id][i]),
          StatusCode: 'Complete',
        })),
      };
    });
    cloudWatch.on(PutMetricDataCommand).resolves({});
    cloudWatch.on(PutMetricAlarmCommand).resolves({});
    cloudWatch.on(PutCompositeAlarmCommand).resolves({});
    const { home } = await createSampleHome();
    const client = new CloudWatchClient({ region: 'us-east-1' });
    const streams = io({ ACAD_HOME: home, ACAD_METRICS: 'cloudwatch' }, home, {
      adjustParts: (parts) => ({ ...parts, cloudWatch: client, sink: new CloudWatchSink(client) }),
    });
    expect(await runCli(['report', '--json'], streams)).toBe(0);
    const report = JSON.parse(streams.out());
    // The report's runs come from CloudWatch: 32 days back (anomaly history and the month's cost), 5-minute points before 15 days.
    const reads = cloudWatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    expect(reads.map((r) => [r.StartTime, r.EndTime, r.ScanBy, r.MetricDataQueries?.map((q) => q.MetricStat?.Stat)])).toEqual([
      [new Date('2025-02-12T11:00:00Z'), new Date('2025-03-01T11:00:00Z'), 'TimestampAscending', ['Sum', 'Sum', 'Sum', 'Average']],
      [new Date('2025-03-01T11:00:00Z'), NOW, 'TimestampAscending', ['Sum', 'Sum', 'Sum', 'Average']],
    ]);
    expect(report.runs.datasets.find((d: { dataset: string }) => d.dataset === 'attendance')).toMatchObject({
      dataset: 'attendance',
      batches: 2,
      rowsRead: 900,
      rowsQuarantined: 50,
      latestQualityScore: 98,
    });
    const alarmNames = cloudWatch.commandCalls(PutMetricAlarmCommand).map((c) => c.args[0].input.AlarmName);
    expect(report.syncedAlarms).toEqual([...alarmNames, 'data-needs-attention']);
    expect(
      cloudWatch.commandCalls(PutMetricAlarmCommand).find((c) => c.args[0].input.AlarmName === 'freshness:attendance')?.args[0].input,
    ).toMatchObject({
      MetricName: 'DataAgeHours',
      Namespace: 'AcademicsDataPlatform',
      Threshold: 48,
      TreatMissingData: 'breaching',
    });
    expect(cloudWatch.commandCalls(PutCompositeAlarmCommand)[0].args[0].input.AlarmRule).toBe(
      [
        ...DATASET_CONTRACTS.map((c) => `ALARM("freshness:${c.name}")`),
        // Only attendance has runs in CloudWatch; the EMF files' grades runs are not read.
        'ALARM("quarantine-rate:attendance")',
      ].join(' OR '),
    );
    expect(cloudWatch.commandCalls(PutMetricDataCommand).flatMap((c) => c.args[0].input.MetricData ?? [])).toHaveLength(27);
    cloudWatch.restore();
  });

  it('exits 2 naming the file when the monitoring configuration is bad', async () => {
    const { home } = await createSampleHome();
    writeFileSync(
      join(home, 'acad.monitoring.json'),
      JSON.stringify({ alarms: [{ kind: 'composite', name: 'c', rule: 'ALARM(nowhere)' }] }),
    );
    const streams = io({ ACAD_HOME: home }, home);
    expect(await runCli(['report'], streams)).toBe(2);
    expect(streams.err()).toBe(
      `Invalid monitoring configuration ${join(home, 'acad.monitoring.json')}: composite alarm c refers to unknown alarm(s) nowhere\n`,
    );
    writeFileSync(join(home, 'acad.monitoring.json'), '{"budget": {"monthlyLimitUsd": "lots"}}');
    const again = io({ ACAD_HOME: home }, home);
    expect(await runCli(['report'], again)).toBe(2);
    expect(again.err()).toMatch(/acad\.monitoring\.json: budget\.monthlyLimitUsd: /);
  });

  it('exits 2 naming the setting when the configuration is bad', async () => {
    const cwd = tempHome();
    const streams = io({ ACAD_HOME: cwd, ACAD_STORAGE: 'ftp' }, cwd);
    expect(await runCli(['report'], streams)).toBe(2);
    expect(streams.err()).toMatch(/^Invalid setting ACAD_STORAGE \(from environment variable ACAD_STORAGE\)/);
    expect(streams.out()).toBe('');
  });

  it('exits 2 on bad usage and 0 for help', async () => {
    const cwd = tempHome();
    const unknown = io({ ACAD_HOME: cwd }, cwd);
    expect(await runCli(['report', '--bogus'], unknown)).toBe(2);
    expect(unknown.err()).toContain("unknown option '--bogus'");
    const badDays = io({ ACAD_HOME: cwd }, cwd);
    expect(await runCli(['report', '--days', 'ten'], badDays)).toBe(2);
    expect(badDays.err()).toContain('must be a whole number of days');
    const badEvery = io({ ACAD_HOME: cwd }, cwd);
    expect(await runCli(['watch', '--every', 'soon'], badEvery)).toBe(2);
    expect(badEvery.err()).toContain('"soon" is not a duration such as 30s, 5m or 1h');
    const none = io({}, cwd);
    expect(await runCli([], none)).toBe(2);
    expect(none.err()).toContain('Usage: monitor');
    const help = io({}, cwd);
    expect(await runCli(['report', '--help'], help)).toBe(0);
    expect(help.out()).toContain('--html <file>');
    const watchHelp = io({}, cwd);
    expect(await runCli(['watch', '--help'], watchHelp)).toBe(0);
    expect(watchHelp.out()).toMatch(/--every <duration>.*\(default: 5m\)/s);
  });

  it('exits 1 when the report cannot be made', async () => {
    const dir = tempHome();
    const notAFolder = join(dir, 'home-is-a-file');
    writeFileSync(notAFolder, 'x');
    const streams = io({ ACAD_HOME: notAFolder }, dir);
    expect(await runCli(['report'], streams)).toBe(1);
    expect(streams.err()).toMatch(/^monitor: /);
  });
});

describe('monitor watch', () => {
  it('reports until the signal aborts', async () => {
    const { home } = await createSampleHome();
    const stop = new AbortController();
    let reports = 0;
    const streams = io({ ACAD_HOME: home }, home, {
      signal: stop.signal,
      stdout: {
        write: (s: string) => {
          if (s.startsWith('{')) reports += 1;
          if (reports === 2) stop.abort();
        },
      },
    });
    expect(await runCli(['watch', '--every', '1s', '--json'], streams)).toBe(0);
    expect(reports).toBe(2);
  });
});
