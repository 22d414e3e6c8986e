import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createZoneStores, openLakeQuery, readSnapshot, removeOrphanedStaging } from '@acad/zones';
import { filesUnder, generateSampleFiles, runCommand, startCommand, tempDir, type SampleManifest } from './worker-process.test-support';
import { LocalKeyring } from '@acad/crypto';

jest.setTimeout(600_000);

const TRIALS = 24;
const PARALLEL_TRIALS = 4;

/** The delivered files, as landing keys, in the order `ingest run` takes them. */
interface Delivery {
  key: string;
  bytes: Buffer;
}

interface LakeContents {
  /** (seq, dataset, batchId, file, rows) of every commit, in order. */
  commits: string[];
  /** relation → every row (lineage timestamps left out), sorted. */
  relations: Record<string, unknown[]>;
  landing: string[];
}

async function placeInLanding(home: string, deliveries: Delivery[]): Promise<void> {
  for (const { key, bytes } of deliveries) {
    const path = join(home, 'zones', 'landing', key);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, bytes);
  }
}

/** What a reader of the lake sees: the committed snapshot's trusted and curated rows. */
async function lakeContents(home: string): Promise<LakeContents> {
  const stores = createZoneStores({ home });
  const snapshot = await readSnapshot(stores.platform);
  const lake = await openLakeQuery(stores);
  try {
    const relations: Record<string, unknown[]> = {};
    for (const relation of [...lake.relations].sort()) {
      const columns = (await lake.engine.query<{ column_name: string }>(`DESCRIBE ${relation}`)).map((c) => c.column_name);
      // When a row was ingested differs from run to run; everything else must not.
      const select = columns.includes('_ingested_at') ? `SELECT * EXCLUDE (_ingested_at) FROM ${relation}` : `SELECT * FROM ${relation}`;
      // Encrypted fields are randomised per write; the keyed `_fingerprint` column pins their plaintext.
      const rows = await lake.engine.query<Record<string, unknown>>(`${select} ORDER BY ALL`);
      relations[relation] = rows
        .map((row) =>
          Object.fromEntries(
            Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && v.startsWith('enc1:') ? 'enc1:(ciphertext)' : v]),
          ),
        )
        .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    }
    return {
      commits: snapshot.entries.map((e) => `${e.seq} ${e.dataset} ${e.batchId} ${e.file} ${JSON.stringify(e.rows)}`),
      relations,
      landing: (await filesUnder(join(home, 'zones', 'landing'))).filter((f) => !f.startsWith('.')),
    };
  } finally {
    await lake.close();
  }
}

/** A tiny deterministic generator, so a failing trial can be repeated. */
/** The private staging folders of process `pid` in the temp folder. */
async function stagingFoldersOf(pid: number): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith(`acad-stage-${pid}-`)).map((name) => join(tmpdir(), name));
}

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('ingestion worker crash recovery and concurrency', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let deliveries: Delivery[];
  let cleanHome: string;
  let clean: LakeContents;

  beforeAll(async () => {
    work = await tempDir('acad-crash-');
    // Over fifty worker starts: each from one bundle of the worker's sources, not through tsx.
    const sample = join(work.path, 'sample');
    const manifest: SampleManifest = await generateSampleFiles(sample, 25, 'crash-recovery');
    const attendance = await readFile(join(sample, manifest.files.attendance.file));
    // A second delivery re-submits early rows with later timestamps, so batches merge on keys.
    const lines = attendance
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    const corrections = [
      lines[0],
      ...lines.slice(1, 400).map((l) => l.replace(/,2025-(\d\d)-(\d\d)T/, ',2026-$1-$2T').replace(',present,', ',excused,')),
    ];
    deliveries = [
      { key: 'attendance/a-term.csv', bytes: attendance },
      {
        key: 'attendance/b-corrections.csv',
        bytes: Buffer.from(`${corrections.join('\n')}\n`),
      },
      {
        key: 'courses/courses.csv',
        bytes: await readFile(join(sample, manifest.files.courses.file)),
      },
      {
        key: 'students/students.csv',
        bytes: await readFile(join(sample, manifest.files.students.file)),
      },
    ];

    cleanHome = join(work.path, 'clean');
    await placeInLanding(cleanHome, deliveries);
    LocalKeyring.create(cleanHome);
    const result = await runCommand('ingest', ['run', '--json'], cleanHome);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    clean = await lakeContents(cleanHome);
  });

  afterAll(async () => {
    await work?.remove();
  });

  /** A fresh home sharing the clean run's keyring, so tokens (keyed HMACs) are comparable. */
  async function homeLike(name: string): Promise<string> {
    const home = join(work.path, name);
    await mkdir(home, { recursive: true, mode: 0o700 });
    await cp(join(cleanHome, 'keys'), join(home, 'keys'), { recursive: true });
    await placeInLanding(home, deliveries);
    return home;
  }

  it('commits every delivery once in a clean run, with rows in trusted and curated', async () => {
    expect(clean.commits).toHaveLength(4);
    // The two attendance files are small: one group commit (one log object) holds both batches.
    expect(await filesUnder(join(cleanHome, 'platform', '_log'))).toHaveLength(3);
    expect(clean.commits.filter((c) => c.startsWith('1 attendance '))).toHaveLength(2);
    expect(clean.landing).toEqual([]);
    expect(Object.keys(clean.relations)).toEqual(
      expect.arrayContaining([
        'trusted.attendance',
        'trusted.courses',
        'curated.attendance_weekly',
        'curated.attendance_by_department',
        'curated.student_attendance_risk',
      ]),
    );
    for (const rows of Object.values(clean.relations)) expect(rows.length).toBeGreaterThan(0);
  });

  it(`gives the clean run's lake after SIGKILL at random moments and a re-run (${TRIALS} trials)`, async () => {
    const random = prng(20_260_105);
    // Kill points spread over the whole run: after 0, 1 or 2 of the 3 commits (log objects) have appeared, plus a
    // random delay, so the kill lands in start-up, staging, promotion, upload, commit or clean-up.
    const plans = Array.from({ length: TRIALS }, (_, i) => ({
      afterCommits: i % 3,
      extraMs: Math.round((i % 3 === 0 ? 300 : 0) + random() * (i % 3 === 0 ? 2500 : 1200)),
    }));
    const outcomes: string[] = [];
    const killedAfter = new Set<number>();
    const leftBehind: string[] = [];
    const trial = async (index: number) => {
      const home = await homeLike(`trial-${index}`);
      const worker = startCommand('ingest', ['run', '--json'], home);
      const exited = once(worker, 'exit');
      let running = true;
      void exited.then(() => (running = false));
      const plan = plans[index];
      while (running && (await filesUnder(join(home, 'platform', '_log'))).length < plan.afterCommits) await sleep(20);
      const timer = setTimeout(() => worker.kill('SIGKILL'), plan.extraMs);
      const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
      clearTimeout(timer);
      // The killed worker's lease stays behind: the re-run must see that its holder is gone.
      const committedBeforeKill = (await filesUnder(join(home, 'platform', '_log'))).filter((f) => f.endsWith('.json')).length;
      if (signal === 'SIGKILL') {
        killedAfter.add(committedBeforeKill);
        leftBehind.push(...(await stagingFoldersOf(worker.pid as number)));
      }
      const rerun = await runCommand('ingest', ['run', '--json'], home);
      const label = `trial ${index}: killed ${plans[index].extraMs} ms after commit ${plans[index].afterCommits} (${signal ?? `exit ${code}`})`;
      expect({ label, code: rerun.code, stderr: rerun.stderr }).toEqual({
        label,
        code: 0,
        stderr: '',
      });
      const contents = await lakeContents(home);
      expect({ label, ...contents }).toEqual({ label, ...clean });
      outcomes.push(`${label}: ${committedBeforeKill} of 3 commits made before the kill`);
      await rm(home, { recursive: true, force: true });
    };
    for (let next = 0; next < TRIALS; next += PARALLEL_TRIALS) {
      await Promise.all(Array.from({ length: Math.min(PARALLEL_TRIALS, TRIALS - next) }, (_, i) => trial(next + i)));
    }
    expect(outcomes).toHaveLength(TRIALS);
    // The kills did land before the first, between, and after later commits.
    expect([...killedAfter].sort()).toEqual(expect.arrayContaining([0, 1, 2]));
    // Killed workers left their private staging folders; once old enough, the next run's sweep
    // removes them (here without waiting for the age).
    expect(leftBehind.length).toBeGreaterThan(0);
    expect(await removeOrphanedStaging(tmpdir(), { minAgeMs: 0 })).toEqual(expect.arrayContaining(leftBehind));
    for (const dir of leftBehind) expect({ dir, exists: existsSync(dir) }).toEqual({ dir, exists: false });
    process.stdout.write(`${outcomes.sort().join('\n')}\n`);
  });

  it('commits each file exactly once when two workers start at once on the same landing files', async () => {
    const home = await homeLike('two-workers');
    const [first, second] = await Promise.all([
      runCommand('ingest', ['run', '--json'], home),
      runCommand('ingest', ['run', '--json'], home),
    ]);
    expect({ code: first.code, stderr: first.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect({ code: second.code, stderr: second.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    const contents = await lakeContents(home);
    const batchIds = contents.commits.map((c) => c.split(' ')[2]);
    expect(new Set(batchIds).size).toBe(batchIds.length);
    expect(contents).toEqual(clean);
  });
});
