import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSampleHome } from './acad-home.test-support';
import { runCli, type CliIo } from './cli';

function io(env: NodeJS.ProcessEnv, cwd: string, now?: Date): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
    cwd,
    now: now ? () => now : undefined,
    out: () => out,
    err: () => err,
  };
}

describe('monitor report', () => {
  it('prints one JSON object with the figures', async () => {
    const { home, batchTime } = await createSampleHome();
    const streams = io({ ACAD_HOME: home }, home, new Date(batchTime.getTime() + 1000));
    expect(await runCli(['report', '--json'], streams)).toBe(0);
    const report = JSON.parse(streams.out());
    expect(Object.keys(report)).toEqual(['generatedAt', 'alarms', 'storage', 'runs', 'published']);
    expect(report.alarms[0]).toMatchObject({ name: 'quarantine-rate:attendance', state: 'ALARM' });
    expect(report.storage.find((z: { zone: string }) => z.zone === 'raw')).toMatchObject({ objects: 3, bytes: 1050 });
    expect(report.runs.datasets[0]).toMatchObject({ dataset: 'attendance', batches: 2, rowsRead: 300, rowsQuarantined: 22 });
    expect(report.published.metrics).toBe(20);
    expect(streams.err()).toBe('');
  });

  it('prints alarms in trouble, then storage, then runs', async () => {
    const { home } = await createSampleHome();
    const streams = io({ ACAD_HOME: home }, home);
    expect(await runCli(['report'], streams)).toBe(0);
    const text = streams.out();
    expect(text).toContain('Alarms: 1 in ALARM, 0 with insufficient data, 3 OK');
    expect(text).toMatch(/ALARM\s+quarantine-rate:attendance: More than 5% of the rows in one batch of attendance were quarantined/);
    expect(text).not.toMatch(/OK\s+batch-duration/);
    expect(text).toMatch(/raw\s+3\s+1\.0 KiB/);
    expect(text).toMatch(/attendance\s+2\s+300\s+278\s+22\s+7\.33\s+3400/);
    const order = ['Alarms:', 'Storage', 'Runs since', 'Published 20 storage metric(s)'].map((heading) => text.indexOf(heading));
    expect(order.every((position, i) => position >= 0 && (i === 0 || position > order[i - 1]))).toBe(true);
  });

  it('exits 2 naming the setting when the configuration is bad', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'acad-reporter-'));
    const streams = io({ ACAD_HOME: cwd, ACAD_STORAGE: 'ftp' }, cwd);
    expect(await runCli(['report'], streams)).toBe(2);
    expect(streams.err()).toMatch(/^Invalid setting ACAD_STORAGE \(from environment variable ACAD_STORAGE\)/);
    expect(streams.out()).toBe('');
  });

  it('exits 2 on bad usage and 0 for help', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'acad-reporter-'));
    const unknown = io({ ACAD_HOME: cwd }, cwd);
    expect(await runCli(['report', '--bogus'], unknown)).toBe(2);
    expect(unknown.err()).toContain("unknown option '--bogus'");
    const badDays = io({ ACAD_HOME: cwd }, cwd);
    expect(await runCli(['report', '--days', 'ten'], badDays)).toBe(2);
    expect(badDays.err()).toContain('must be a whole number of days');
    const none = io({}, cwd);
    expect(await runCli([], none)).toBe(2);
    expect(none.err()).toContain('Usage: monitor');
    const help = io({}, cwd);
    expect(await runCli(['report', '--help'], help)).toBe(0);
    expect(help.out()).toContain('--json');
  });

  it('exits 1 when the report cannot be made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acad-reporter-'));
    const notAFolder = join(dir, 'home-is-a-file');
    writeFileSync(notAFolder, 'x');
    const streams = io({ ACAD_HOME: notAFolder }, dir);
    expect(await runCli(['report'], streams)).toBe(1);
    expect(streams.err()).toMatch(/^monitor: /);
  });
});
