import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createZoneStores, readSnapshot } from '@acad/zones';
import { ingestAttendance, runAcad } from './lake-fixture.test-support';

describe('acad verify', () => {
  let home: string;
  let curated: string;
  const cli = (...args: string[]) => runAcad(home, args);

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'acad-cli-verify-'));
    expect((await cli('keys', 'init')).code).toBe(0);
    await ingestAttendance(home);
    curated = (await readSnapshot(createZoneStores({ home }).platform)).curated.get('attendance_weekly') as string;
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('reports every committed file, per file with --json, and exits 0 on an intact lake', async () => {
    const result = await cli('verify', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; files: Array<{ zone: string; key: string; status: string }> };
    expect(report.ok).toBe(true);
    expect(report.files.map((f) => f.zone).sort()).toEqual(['curated', 'curated', 'curated', 'quarantine', 'raw', 'trusted']);
    expect(report.files.every((f) => f.status === 'ok')).toBe(true);
    expect((await cli('verify')).stdout).toMatch(/^OK: 6 committed file\(s\) up to commit 1 \(6 ok\)$/);
  });

  it('names each damaged file and exits 1', async () => {
    const path = join(home, 'zones', 'curated', curated);
    const original = readFileSync(path);
    writeFileSync(path, 'not the committed bytes');
    try {
      const result = await cli('verify');
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`hash-mismatch curated/${curated} (commit 1): SHA-256 `);
      expect(result.stdout).toMatch(/^DAMAGED: 6 committed file\(s\) up to commit 1 \(5 ok, 1 hash-mismatch\)$/m);
      expect(result.stderr).toMatch(/1 of 6 committed file\(s\) are missing, changed or undecryptable/);
    } finally {
      writeFileSync(path, original);
    }
  });
});
