import { DATASET_CONTRACTS } from '@acad/schemas';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createSampleHome } from './acad-home.test-support';

const root = resolve(__dirname, '../../..');

function monitor(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--conditions=@acad/source', '--import', 'tsx', 'apps/monitoring-reporter/src/main.ts', ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('main (end to end)', () => {
  it('reports as JSON and exits 0', async () => {
    const { home } = await createSampleHome(new Date(Date.now() - 60 * 60 * 1000));
    const result = monitor(['report', '--json'], { ACAD_HOME: home });
    expect(result.stderr).not.toMatch(/monitor:|Error/);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.runs.batches).toBe(3);
    expect(report.storage.map((z: { zone: string }) => z.zone)).toEqual(['landing', 'raw', 'quarantine', 'trusted', 'curated', 'rejected']);
    // attendance committed an hour ago; the other contract datasets never did.
    // Every contract dataset but attendance misses its freshness SLA.
    const neverCommitted = DATASET_CONTRACTS.map((c) => c.name).filter((name) => name !== 'attendance');
    expect(report.alarms.filter((a: { state: string }) => a.state === 'ALARM').map((a: { name: string }) => a.name)).toEqual(
      ['data-needs-attention', ...neverCommitted.map((name) => `freshness:${name}`), 'quarantine-rate:attendance'].sort(),
    );
  }, 60_000);

  it('exits 2 and names ACAD_STORAGE when it is bad', async () => {
    const { home } = await createSampleHome();
    const result = monitor(['report'], { ACAD_HOME: home, ACAD_STORAGE: 'ftp' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('ACAD_STORAGE');
    expect(result.stdout).toBe('');
  }, 60_000);
});
