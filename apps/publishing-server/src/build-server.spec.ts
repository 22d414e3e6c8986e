import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadSettings } from '@acad/config';
import { buildServer } from './build-server';

const root = resolve(__dirname, '../../..');

describe('publishing server', () => {
  const home = mkdtempSync(join(tmpdir(), 'acad-serve-'));
  const settings = loadSettings({ env: { ACAD_HOME: home }, cwd: home });
  const app = buildServer(settings);

  beforeAll(async () => {
    const csv = join(home, 'attendance.csv');
    writeFileSync(csv, 'student_id,course_code,section,session_date,status\nS0000001,CS101,A,2025-09-01,present\nS0000002,CS101,A,2025-09-01,absent\n');
    await promisify(execFile)(process.execPath, ['--conditions=@acad/source', '--import', 'tsx', 'apps/ingestion-worker/src/main.ts', csv, '--dataset', 'attendance'], {
      cwd: root,
      env: { ...process.env, ACAD_HOME: home },
    });
  }, 60_000);
  afterAll(() => app.close());

  it('answers the health check', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('lists datasets with what the commit log says of them', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/datasets' });
    const datasets = response.json().datasets as Array<{ name: string; zone: string; rows: number | null; lastCommittedAt: string | null }>;
    expect(datasets.find((d) => d.name === 'attendance')).toMatchObject({ zone: 'trusted', rows: 2 });
    expect(datasets.find((d) => d.name === 'admissions')).toMatchObject({ rows: null, lastCommittedAt: null });
    expect(datasets.find((d) => d.name === 'attendance_weekly')?.lastCommittedAt).not.toBeNull();
  });

  it('serves a page listing every dataset and product', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    for (const name of ['trusted.attendance', 'trusted.admissions', 'curated.attendance_weekly', 'curated.admissions_demographics']) {
      expect(response.body).toContain(name);
    }
    expect(response.body).toMatch(/<th scope="row">trusted\.attendance<\/th><td>[^<]+<\/td><td class="num">2<\/td>/);
  });
});
