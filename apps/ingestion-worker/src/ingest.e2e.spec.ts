import { once } from 'node:events';
import { copyFile, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { filesUnder, generateSampleFiles, runCommand, startCommand, tempDir, type SampleManifest } from './worker-process.test-support';
import { LocalKeyring } from '@acad/crypto';

jest.setTimeout(60_000);

const ZONES = ['landing', 'raw', 'quarantine', 'trusted', 'curated', 'rejected'] as const;

interface Summary {
  dataset: string;
  batchId: string;
  file: string;
  status: string;
  rows: {
    read: number;
    accepted: number;
    duplicates: number;
    quarantined: number;
  };
  quality: { passed: number; warned: number; failed: number; score: number; acceptedShare: number | null };
  durationMs: number;
  problem?: string;
  warnings?: string[];
}

/**
 * PRODUCT.md §7: exactly these fields, with these types (`problem` only on a rejected batch,
 * `warnings` only when the reader had something to say).
 */
function expectSummaryShape(summary: Summary): void {
  const keys = ['dataset', 'batchId', 'file', 'status', 'rows', 'quality', 'durationMs'];
  const extra = [...(summary.status === 'rejected' ? ['problem'] : []), ...(summary.warnings ? ['warnings'] : [])];
  expect(Object.keys(summary).sort()).toEqual([...keys, ...extra].sort());
  if (summary.warnings) expect(summary.warnings).toEqual(expect.arrayContaining([expect.any(String)]));
  expect(summary).toEqual({
    dataset: expect.any(String),
    batchId: expect.any(String),
    file: expect.any(String),
    status: expect.stringMatching(/^(committed|duplicate|rejected)$/),
    rows: {
      read: expect.any(Number),
      accepted: expect.any(Number),
      duplicates: expect.any(Number),
      quarantined: expect.any(Number),
    },
    quality: {
      passed: expect.any(Number),
      warned: expect.any(Number),
      failed: expect.any(Number),
      score: expect.any(Number),
      // The share of judged rows (accepted + quarantined) accepted; null when there were none.
      acceptedShare:
        summary.rows.accepted + summary.rows.quarantined === 0
          ? null
          : summary.rows.accepted / (summary.rows.accepted + summary.rows.quarantined),
    },
    durationMs: expect.any(Number),
    ...(summary.status === 'rejected' ? { problem: expect.any(String) } : {}),
  });
  const { read, accepted, duplicates, quarantined } = summary.rows;
  expect(accepted + duplicates + quarantined).toBe(read);
}

/** Data files of a zone folder (the store's own `.tmp` and `.meta` folders left out). */
async function zoneFiles(home: string, zone: string): Promise<string[]> {
  return (await filesUnder(join(home, 'zones', zone))).filter((f) => !f.startsWith('.'));
}

async function committedBatches(home: string): Promise<string[]> {
  return filesUnder(join(home, 'platform', '_log'));
}

describe('ingest command line (end to end)', () => {
  let sample: Awaited<ReturnType<typeof tempDir>>;
  let home: Awaited<ReturnType<typeof tempDir>>;
  let manifest: SampleManifest;
  let attendance: string;

  beforeAll(async () => {
    sample = await tempDir('acad-worker-sample-');
    // Fourteen command starts: from bundles of their sources, one (below) through tsx as `npm run ingest` starts it.
    manifest = await generateSampleFiles(join(sample.path, 'files'), 15, 'worker-e2e');
    attendance = join(sample.path, 'files', manifest.files.attendance.file);
  });

  afterAll(async () => {
    await sample?.remove();
  });

  beforeEach(async () => {
    home = await tempDir('acad-worker-home-');
    LocalKeyring.create(home.path);
  });

  afterEach(async () => {
    await home.remove();
  });

  it('ingests a file, prints the §7 summary as JSON, and the lake answers queries over it', async () => {
    const result = await runCommand('ingest', [attendance, '--dataset', 'attendance', '--json'], home.path);
    expect(result).toMatchObject({ code: 0 });
    const summary = JSON.parse(result.stdout) as Summary;
    expectSummaryShape(summary);
    expect(summary).toMatchObject({
      dataset: 'attendance',
      file: manifest.files.attendance.file,
      status: 'committed',
    });
    expect(summary.batchId).not.toBe('');
    expect(summary.rows.read).toBe(manifest.files.attendance.rows);
    expect(await zoneFiles(home.path, 'landing')).toEqual([]);

    const query = await runCommand('acad', ['query', 'select count(*) as n from trusted.attendance', '--format', 'json'], home.path);
    expect(query).toMatchObject({ code: 0 });
    expect(JSON.parse(query.stdout)).toEqual([{ n: summary.rows.accepted }]);

    const again = await runCommand('ingest', [attendance, '--dataset', 'attendance', '--json'], home.path);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      status: 'duplicate',
      batchId: summary.batchId,
    });
    expect(await committedBatches(home.path)).toHaveLength(1);
  });

  it('prints a JSON array for several files', async () => {
    const small = join(sample.path, 'extra-attendance.csv');
    await writeFile(
      small,
      'student_id,course_code,section,session_date,status\nS1000001,ZZ101,A,2025-09-01,present\nS1000002,ZZ101,A,2025-09-01,PRESENT\n',
    );
    const result = await runCommand('ingest', [attendance, small, '--dataset', 'attendance', '--json'], home.path);
    expect(result.code).toBe(0);
    const summaries = JSON.parse(result.stdout) as Summary[];
    expect(Array.isArray(summaries)).toBe(true);
    expect(summaries.map((s) => [s.file, s.status])).toEqual([
      [manifest.files.attendance.file, 'committed'],
      ['extra-attendance.csv', 'committed'],
    ]);
    summaries.forEach(expectSummaryShape);
    expect(summaries[1].rows).toEqual({
      read: 2,
      accepted: 2,
      duplicates: 0,
      quarantined: 0,
    });
  });

  it('fails with exit 1 on a missing file, naming it, and writes nothing in any zone', async () => {
    const missing = join(sample.path, 'no-such-export.csv');
    const result = await runCommand('ingest', [missing, '--dataset', 'attendance', '--json'], home.path);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(missing);
    for (const zone of ZONES)
      expect({ zone, files: await zoneFiles(home.path, zone) }).toEqual({
        zone,
        files: [],
      });
    expect(await committedBatches(home.path)).toEqual([]);
  });

  it('exits 2 on an unknown dataset (started through tsx from its sources, as `npm run ingest` does)', async () => {
    const result = await runCommand('ingest', [attendance, '--dataset', 'timetables'], home.path, { throughTsx: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('timetables');
    for (const zone of ZONES)
      expect({ zone, files: await zoneFiles(home.path, zone) }).toEqual({
        zone,
        files: [],
      });
  });

  it('rejects a file missing a required column with exit 1, naming file and column, and moves it to the rejected area', async () => {
    const bad = join(sample.path, 'no-session-date.csv');
    await writeFile(bad, 'student_id,course_code,section,status\nS1000001,ZZ101,A,present\n');
    const result = await runCommand('ingest', [bad, '--dataset', 'attendance'], home.path);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /no-session-date\.csv.*session_date.*moved to the rejected area: npm run acad -- rejected show b[0-9a-f]{20}/,
    );
    expect(await zoneFiles(home.path, 'landing')).toEqual([]);
    expect(await zoneFiles(home.path, 'rejected')).toEqual([
      expect.stringMatching(/^attendance\/b[0-9a-f]{20}\/no-session-date\.csv\.enc$/),
      expect.stringMatching(/^attendance\/b[0-9a-f]{20}\/rejection\.json$/),
    ]);
    for (const zone of ZONES.filter((z) => z !== 'landing' && z !== 'rejected'))
      expect({ zone, files: await zoneFiles(home.path, zone) }).toEqual({
        zone,
        files: [],
      });
    expect(await committedBatches(home.path)).toEqual([]);
  });

  it('runs every pending landing file with "run"', async () => {
    const landing = join(home.path, 'zones', 'landing');
    await mkdir(join(landing, 'attendance'), { recursive: true });
    await mkdir(join(landing, 'courses'), { recursive: true });
    await copyFile(attendance, join(landing, 'attendance', 'delivered.csv'));
    await copyFile(join(sample.path, 'files', manifest.files.courses.file), join(landing, 'courses', 'courses.csv'));
    const result = await runCommand('ingest', ['run', '--json'], home.path);
    expect(result.code).toBe(0);
    const summaries = JSON.parse(result.stdout) as Summary[];
    expect(summaries.map((s) => [s.dataset, s.file, s.status]).sort()).toEqual([
      ['attendance', 'delivered.csv', 'committed'],
      ['courses', 'courses.csv', 'committed'],
    ]);
    expect(await zoneFiles(home.path, 'landing')).toEqual([]);
    expect(await committedBatches(home.path)).toHaveLength(2);

    const nothing = await runCommand('ingest', ['run', '--json'], home.path);
    expect(nothing.code).toBe(0);
    expect(JSON.parse(nothing.stdout)).toEqual([]);
  });

  it('goes on after a file the CSV parser could not follow, prints every summary, and never follows a link out of landing', async () => {
    const landing = join(home.path, 'zones', 'landing');
    const outside = join(home.path, '..', `${home.path.split('/').pop()}-outside`);
    await mkdir(join(landing, 'attendance'), { recursive: true });
    await mkdir(outside, { recursive: true });
    // A header ending in CRLF and a record ending in LF stopped DuckDB's CSV reader, and the run with it.
    await writeFile(
      join(landing, 'attendance', 'a-mixed.csv'),
      'student_id,course_code,section,session_date,status\r\nS1000001,ZZ101,A,2025-09-01,present\n',
    );
    await writeFile(join(landing, 'attendance', 'b-empty.csv'), '');
    await writeFile(
      join(landing, 'attendance', 'c-good.csv'),
      'student_id,course_code,section,session_date,status\nS1000002,ZZ101,A,2025-09-01,absent\n',
    );
    await copyFile(join(sample.path, 'files', manifest.files.courses.file), join(outside, 'courses.csv'));
    await symlink(outside, join(landing, 'courses'));
    try {
      const result = await runCommand('ingest', ['run', '--json'], home.path);
      expect(result.code).toBe(1);
      const summaries = JSON.parse(result.stdout) as Summary[];
      summaries.forEach(expectSummaryShape);
      expect(summaries.map((s) => [s.dataset, s.file, s.status])).toEqual([
        ['courses', '', 'rejected'],
        ['attendance', 'a-mixed.csv', 'committed'],
        ['attendance', 'b-empty.csv', 'rejected'],
        ['attendance', 'c-good.csv', 'committed'],
      ]);
      expect(summaries[0].problem).toMatch(/^landing\/courses is a symbolic link/);
      expect(summaries[2].problem).toBe('b-empty.csv was rejected for dataset attendance: empty file');
      // Nothing behind the link was read or deleted.
      expect(await filesUnder(outside)).toEqual(['courses.csv']);
      expect(await zoneFiles(home.path, 'landing')).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('picks up a file dropped into landing with "watch", and stops on SIGINT', async () => {
    const watch = await startWatch(home.path, 200);
    let exit;
    try {
      // Delivered the way a transfer tool does: written elsewhere, then moved in whole.
      await deliver(home.path, 'dropped.csv', await readFile(attendance));
      await waitFor(
        () => watch.summaries().length === 1,
        30_000,
        () => `no summary from watch: ${watch.stderr()}`,
      );
      const [summary] = watch.summaries();
      expectSummaryShape(summary);
      expect(summary).toMatchObject({
        dataset: 'attendance',
        file: 'dropped.csv',
        status: 'committed',
      });
      expect(await zoneFiles(home.path, 'landing')).toEqual([]);
    } finally {
      exit = await watch.stop();
    }
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('with "watch", keeps watching after a file the CSV parser could not follow', async () => {
    const watch = await startWatch(home.path, 100);
    let exit;
    try {
      await deliver(home.path, 'mixed.csv', 'student_id,course_code,section,session_date,status\r\nS1000001,ZZ101,A,2025-09-01,present\n');
      await waitFor(
        () => watch.summaries().length === 1,
        30_000,
        () => `no summary from watch: ${watch.stderr()}`,
      );
      await deliver(home.path, 'later.csv', 'student_id,course_code,section,session_date,status\nS1000002,ZZ101,A,2025-09-01,absent\n');
      await waitFor(
        () => watch.summaries().length === 2,
        30_000,
        () => `watch stopped watching: ${watch.stderr()}`,
      );
      expect(watch.summaries().map((s) => [s.file, s.status])).toEqual([
        ['mixed.csv', 'committed'],
        ['later.csv', 'committed'],
      ]);
    } finally {
      exit = await watch.stop();
    }
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('with "watch", reports a rejected file once, moves it out of landing, runs it again once it is fixed, and stops on SIGTERM', async () => {
    const watch = await startWatch(home.path, 100);
    let exit;
    try {
      await deliver(home.path, 'broken.csv', 'student_id,course_code\nS1234567,CS101\n');
      await waitFor(
        () => watch.summaries().length === 1,
        30_000,
        () => `no summary from watch: ${watch.stderr()}`,
      );
      expect(watch.summaries()[0]).toMatchObject({
        file: 'broken.csv',
        status: 'rejected',
      });
      // It left landing for the rejected area; many looks later it has been reported once.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(watch.summaries()).toHaveLength(1);
      expect(await zoneFiles(home.path, 'landing')).toEqual([]);
      expect(await zoneFiles(home.path, 'rejected')).toHaveLength(2);
      // Fixed and delivered again under the same name: it runs.
      await deliver(home.path, 'broken.csv', 'student_id,course_code,section,session_date,status\nS1234567,CS101,A,2025-09-01,present\n');
      await waitFor(
        () => watch.summaries().length === 2,
        30_000,
        () => `the fixed file did not run: ${watch.stderr()}`,
      );
      expect(watch.summaries()[1]).toMatchObject({
        file: 'broken.csv',
        status: 'committed',
        rows: { read: 1, accepted: 1 },
      });
      expect(await zoneFiles(home.path, 'landing')).toEqual([]);
    } finally {
      // The way a service manager stops it.
      exit = await watch.stop('SIGTERM');
    }
    // A file was rejected during the watch: exit code 1.
    expect(exit).toEqual({ code: 1, signal: null });
  });
});

/** `ingest watch --json` running on `home`, once it says it is watching; `stop` sends SIGINT unless told otherwise. */
async function startWatch(home: string, intervalMs: number) {
  const watcher = startCommand('ingest', ['watch', '--interval', String(intervalMs), '--json'], home);
  let stdout = '';
  let stderr = '';
  watcher.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  watcher.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = once(watcher, 'exit');
  const stop = async (sent: NodeJS.Signals = 'SIGINT') => {
    watcher.kill(sent);
    const [code, signal] = await exited;
    return { code, signal };
  };
  try {
    await waitFor(
      () => stderr.includes('Watching'),
      20_000,
      () => `watch did not start: ${stderr}`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    summaries: () =>
      stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Summary),
    stderr: () => stderr,
    stop,
  };
}

/** An attendance file into landing as a transfer tool delivers it: written beside, then moved in whole. */
async function deliver(home: string, name: string, content: string | Buffer): Promise<void> {
  const folder = join(home, 'zones', 'landing', 'attendance');
  await mkdir(folder, { recursive: true });
  await writeFile(join(home, 'incoming.csv'), content);
  await rename(join(home, 'incoming.csv'), join(folder, name));
}

async function waitFor(condition: () => boolean, timeoutMs: number, message: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((r) => setTimeout(r, 50));
  }
}
