import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBenchCli } from './cli';
import type { SuiteResult } from './report';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe('runBenchCli', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [['serve', '--serve-seconds', '0'], /--serve-seconds must be a whole number ≥ 1, not "0"/],
    [['ingest', 'nope'], /unknown suite nope/],
    [['--rows', '0'], /--rows must be a whole number ≥ 1, not "0"/],
  ])('exits 2 on bad usage %j', async (argv, message) => {
    const { io, err } = captureIo();
    expect(await runBenchCli([...argv, '--cache-dir', dir, '--artifacts-dir', dir], io)).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });

  const tiny = [
    '--rows',
    '2000',
    '--naive-rows',
    '1000',
    '--small-files',
    '1',
    '--small-file-rows',
    '200',
    '--crypto-bytes',
    '200000',
    '--seed',
    'spec',
  ];

  it('runs the ingest suite end to end at a tiny size and prints JSON with ratios and an artifact', async () => {
    const { io, out } = captureIo();
    const artifacts = join(dir, 'artifacts');
    expect(await runBenchCli(['ingest', ...tiny, '--json', '--cache-dir', join(dir, 'cache'), '--artifacts-dir', artifacts], io)).toBe(0);
    const { suites } = JSON.parse(out.join('\n')) as { suites: SuiteResult[] };
    expect(suites.map((s) => s.suite)).toEqual(['ingest']);
    const byMeasure = new Map(suites[0].rows.map((r) => [r.measure.split(':')[0], r]));
    const pipeline = byMeasure.get('pipeline');
    expect(pipeline?.ratio?.label).toBe('÷ baseline');
    expect(pipeline?.ratio?.value).toBeGreaterThan(0);
    expect(typeof pipeline?.pass).toBe('boolean');
    expect(byMeasure.get('small files')?.value).toBeGreaterThan(0);
    expect(suites[0].parts['pipeline']).toMatchObject({ rows: { read: 2000, accepted: 2000, duplicates: 0, quarantined: 0 } });
    expect(suites[0].parts['naive']).toMatchObject({ rows: 1000, valid: 1000 });
    const written = await readdir(artifacts);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^ingest-.*\.json$/);
    expect((JSON.parse(await readFile(join(artifacts, written[0]), 'utf8')) as SuiteResult).rows).toEqual(suites[0].rows);
  }, 120_000);

  it('runs the quality suite end to end at a tiny size: ruleset against a bare scan of the same table', async () => {
    const { io, out } = captureIo();
    expect(
      await runBenchCli(['quality', ...tiny, '--json', '--cache-dir', join(dir, 'cache'), '--artifacts-dir', join(dir, 'artifacts')], io),
    ).toBe(0);
    const { suites } = JSON.parse(out.join('\n')) as { suites: SuiteResult[] };
    const ruleset = suites[0].rows.find((r) => r.measure.startsWith('full attendance ruleset'));
    expect(ruleset?.ratio?.label).toBe('÷ scan');
    expect(ruleset?.target).toEqual({ op: '<=', threshold: 1.5 });
    expect(suites[0].parts['quality']).toMatchObject({
      rows: 2000,
      outcomes: { 'attendance.key': 'passed', 'attendance.row_count': 'passed' },
    });
  }, 120_000);

  it('runs the crypto suite end to end at a tiny size and prints the table with ratios', async () => {
    const { io, out, err } = captureIo();
    expect(await runBenchCli(['crypto', ...tiny, '--cache-dir', join(dir, 'cache'), '--artifacts-dir', join(dir, 'artifacts')], io)).toBe(
      0,
    );
    const text = out.join('\n');
    expect(text).toMatch(/encrypt stream file→file \(AES-256-GCM\)\s+[\d.,]+\s+MB\/s\s+[\d.]+ \(÷ copy\)/);
    expect(text).toMatch(/decrypt child peak RSS\s+[\d.,]+\s+MiB\s+< 200\s+(pass|FAIL)/);
    expect(text).toMatch(/CSV→Parquet with tokenized student_id\s+[\d,.]+\s+rows\/s\s+[\d.]+ \(÷ without\)/);
    expect(text).toContain('gave back 200000 bytes');
    expect(err.join('\n')).toMatch(/crypto: wrote .*crypto-.*\.json/);
  }, 120_000);
});
