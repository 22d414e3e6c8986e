import { LocalFsObjectStore } from '@acad/storage';
import { appendCommit, datasetFiles, findBatch, logKey, partitionFiles, readSnapshot, type CommitEntry } from './commit-log';
import { keysIn, tempDir } from './zone-fixture.test-support';

function entry(seq: number, fields: Partial<CommitEntry> = {}): CommitEntry {
  return {
    seq,
    dataset: 'attendance',
    batchId: `b${String(seq).padStart(20, '0')}`,
    file: `file-${seq}.csv`,
    contentSha256: String(seq).repeat(64).slice(0, 64),
    committedAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
    runId: 'run-1',
    rows: { read: 3, accepted: 2, duplicates: 1, quarantined: 0 },
    quality: { passed: 4, warned: 0, failed: 0, score: 1 },
    raw: [],
    quarantine: [],
    trusted: {},
    curated: {},
    ...fields,
  };
}

describe('commit log', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let platform: LocalFsObjectStore;

  beforeEach(async () => {
    dir = await tempDir('acad-commit-log-');
    platform = new LocalFsObjectStore(dir.path);
  });

  afterEach(async () => {
    await dir.remove();
  });

  it('names entries so that key order is commit order', () => {
    expect(logKey(7)).toBe('_log/000000000007.json');
    expect(logKey(10) > logKey(9)).toBe(true);
  });

  it('replays a group commit as its batches, in order, all visible at once', async () => {
    await appendCommit(platform, entry(1, { trusted: { 'session_month=2025-09': ['attendance/session_month=2025-09/part-1.parquet'] } }));
    const first = entry(2, { batchId: 'b-first', file: 'a.csv' });
    const last = entry(2, {
      batchId: 'b-last',
      file: 'b.csv',
      trusted: {
        'session_month=2025-09': ['attendance/session_month=2025-09/part-1.parquet', 'attendance/session_month=2025-09/part-2.parquet'],
      },
      curated: { attendance_weekly: 'attendance_weekly/part-2.parquet' },
    });
    expect(await appendCommit(platform, { seq: 2, kind: 'group', batches: [first, last] })).toBe(true);
    // The group took place 2 in the log: nothing else can commit there.
    expect(await appendCommit(platform, entry(2))).toBe(false);
    expect(await keysIn(platform, '_log/')).toEqual([logKey(1), logKey(2)]);
    const snapshot = await readSnapshot(platform);
    expect(snapshot.seq).toBe(2);
    expect(snapshot.entries.map((e) => [e.seq, e.batchId])).toEqual([
      [1, entry(1).batchId],
      [2, 'b-first'],
      [2, 'b-last'],
    ]);
    expect(findBatch(snapshot, 'attendance', 'b-first')?.file).toBe('a.csv');
    expect(datasetFiles(snapshot, 'attendance')).toEqual([
      'attendance/session_month=2025-09/part-1.parquet',
      'attendance/session_month=2025-09/part-2.parquet',
    ]);
    expect(snapshot.curated.get('attendance_weekly')).toBe('attendance_weekly/part-2.parquet');
  });

  it('replays the log as it stood at an earlier commit', async () => {
    await appendCommit(platform, entry(1, { trusted: { 'session_month=2025-09': ['attendance/session_month=2025-09/part-1.parquet'] } }));
    await appendCommit(platform, entry(2, { trusted: { 'session_month=2025-09': ['attendance/session_month=2025-09/part-2.parquet'] } }));
    const then = await readSnapshot(platform, { upTo: 1 });
    expect(then.seq).toBe(1);
    expect(datasetFiles(then, 'attendance')).toEqual(['attendance/session_month=2025-09/part-1.parquet']);
    expect(datasetFiles(await readSnapshot(platform, { upTo: 2 }), 'attendance')).toEqual([
      'attendance/session_month=2025-09/part-2.parquet',
    ]);
  });

  it('replays an empty log to an empty lake', async () => {
    const snapshot = await readSnapshot(platform);
    expect(snapshot).toEqual({
      seq: 0,
      entries: [],
      trusted: new Map(),
      curated: new Map(),
      staleCurated: new Set(),
      sha256: new Map(),
    });
  });

  it('replays legacy single-file entries: partition replacements, emptied partitions and curated pointers in order', async () => {
    await appendCommit(
      platform,
      entry(1, {
        trusted: {
          'session_month=2025-09': 'attendance/session_month=2025-09/part-b1.parquet',
          'session_month=2025-10': 'attendance/session_month=2025-10/part-b1.parquet',
        },
        curated: {
          attendance_weekly: 'attendance_weekly/part-b1.parquet',
          student_attendance_risk: 'student_attendance_risk/part-b1.parquet',
        },
      }),
    );
    await appendCommit(
      platform,
      entry(2, {
        dataset: 'admissions',
        trusted: { all: 'admissions/all/part-b2.parquet' },
        curated: { admissions_funnel: 'admissions_funnel/part-b2.parquet' },
      }),
    );
    await appendCommit(
      platform,
      entry(3, {
        trusted: {
          'session_month=2025-09': null,
          'session_month=2025-10': 'attendance/session_month=2025-10/part-b3.parquet',
          'session_month=2025-11': 'attendance/session_month=2025-11/part-b3.parquet',
        },
        curated: { attendance_weekly: 'attendance_weekly/part-b3.parquet' },
      }),
    );

    const snapshot = await readSnapshot(platform);
    expect(snapshot.seq).toBe(3);
    expect(snapshot.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(snapshot.trusted).toEqual(
      new Map([
        [
          'attendance',
          new Map([
            ['session_month=2025-10', ['attendance/session_month=2025-10/part-b3.parquet']],
            ['session_month=2025-11', ['attendance/session_month=2025-11/part-b3.parquet']],
          ]),
        ],
        ['admissions', new Map([['all', ['admissions/all/part-b2.parquet']]])],
      ]),
    );
    expect(snapshot.curated).toEqual(
      new Map([
        ['attendance_weekly', 'attendance_weekly/part-b3.parquet'],
        ['student_attendance_risk', 'student_attendance_risk/part-b1.parquet'],
        ['admissions_funnel', 'admissions_funnel/part-b2.parquet'],
      ]),
    );
  });

  it('replays file lists: a partition is the list its latest entry gives, an empty list empties it', async () => {
    const file = (p: string, b: string) => `attendance/${p}/part-${b}.parquet`;
    await appendCommit(
      platform,
      entry(1, {
        trusted: {
          'session_month=2025-09': [file('session_month=2025-09', 'b1')],
          'session_month=2025-10': [file('session_month=2025-10', 'b1')],
        },
      }),
    );
    await appendCommit(
      platform,
      entry(2, {
        trusted: {
          'session_month=2025-09': [file('session_month=2025-09', 'b1'), file('session_month=2025-09', 'b2')],
          'session_month=2025-10': [],
        },
      }),
    );
    const snapshot = await readSnapshot(platform);
    expect(snapshot.trusted.get('attendance')).toEqual(
      new Map([['session_month=2025-09', [file('session_month=2025-09', 'b1'), file('session_month=2025-09', 'b2')]]]),
    );
    expect(datasetFiles(snapshot, 'attendance')).toEqual([file('session_month=2025-09', 'b1'), file('session_month=2025-09', 'b2')]);
    expect(partitionFiles(null)).toEqual([]);
    expect(partitionFiles('k')).toEqual(['k']);
  });

  it('replays past nine entries in numeric order', async () => {
    for (let seq = 1; seq <= 12; seq++)
      await appendCommit(platform, entry(seq, { trusted: { all: `attendance/all/part-${seq}.parquet` } }));
    const snapshot = await readSnapshot(platform);
    expect(snapshot.seq).toBe(12);
    expect(snapshot.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(snapshot.trusted.get('attendance')).toEqual(new Map([['all', ['attendance/all/part-12.parquet']]]));
  });

  it('sees only committed entries: other objects beside the log are not commits', async () => {
    await appendCommit(platform, entry(1));
    await platform.put('_log/000000000002.json.tmp', 'partial');
    await platform.put('_leases/commit/000000000001.json', '{}');
    const snapshot = await readSnapshot(platform);
    expect(snapshot.seq).toBe(1);
    expect(snapshot.entries).toHaveLength(1);
  });

  it('refuses a commit whose place is taken and keeps the first one', async () => {
    const first = entry(1, { batchId: 'bfirst000000000000000' });
    const second = entry(1, { batchId: 'bsecond00000000000000' });
    await expect(appendCommit(platform, first)).resolves.toBe(true);
    await expect(appendCommit(platform, second)).resolves.toBe(false);
    expect(await keysIn(platform, '_log/')).toEqual([logKey(1)]);
    expect(JSON.parse((await platform.getBytes(logKey(1))).toString('utf8'))).toEqual(first);
    const snapshot = await readSnapshot(platform);
    expect(findBatch(snapshot, 'attendance', 'bfirst000000000000000')).toEqual(first);
    expect(findBatch(snapshot, 'attendance', 'bsecond00000000000000')).toBeUndefined();
  });

  it('lets exactly one of many concurrent committers take a place', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => appendCommit(platform, entry(1, { batchId: `bracer${i}` }))));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect((await readSnapshot(platform)).entries.map((e) => e.batchId)).toEqual([`bracer${winner}`]);
  });

  it('finds a batch by dataset and batch id only', async () => {
    await appendCommit(platform, entry(1, { dataset: 'attendance', batchId: 'bsame' }));
    const snapshot = await readSnapshot(platform);
    expect(findBatch(snapshot, 'attendance', 'bsame')?.seq).toBe(1);
    expect(findBatch(snapshot, 'admissions', 'bsame')).toBeUndefined();
  });
});

describe('commit log: stale curated products', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let platform: LocalFsObjectStore;

  beforeEach(async () => {
    dir = await tempDir('acad-stale-');
    platform = new LocalFsObjectStore(dir.path);
  });

  afterEach(async () => {
    await dir.remove();
  });

  it('marks products stale after a batch that did not rebuild them, until one does', async () => {
    const base = {
      dataset: 'attendance',
      file: 'a.csv',
      contentSha256: 'x',
      committedAt: '2026-01-01T00:00:00Z',
      runId: 'r',
      rows: { read: 0, accepted: 0, duplicates: 0, quarantined: 0 },
      quality: { passed: 0, warned: 0, failed: 0, score: 0 },
      raw: [],
      quarantine: [],
      trusted: {},
      curated: {},
    };
    await appendCommit(platform, { ...base, seq: 1, batchId: 'b1', curatedStale: ['attendance_weekly', 'student_attendance_risk'] });
    expect([...(await readSnapshot(platform)).staleCurated].sort()).toEqual(['attendance_weekly', 'student_attendance_risk']);
    await appendCommit(platform, {
      ...base,
      seq: 2,
      kind: 'refresh',
      dataset: '',
      batchId: 'refresh-2',
      curated: { attendance_weekly: 'attendance_weekly/part-refresh-2.parquet' },
    });
    const snapshot = await readSnapshot(platform);
    expect([...snapshot.staleCurated]).toEqual(['student_attendance_risk']);
    expect(snapshot.curated.get('attendance_weekly')).toBe('attendance_weekly/part-refresh-2.parquet');
    // A refresh is not a batch: it never makes a batch look committed, nor touches trusted.
    expect(findBatch(snapshot, '', 'refresh-2')).toBeUndefined();
    expect(snapshot.trusted.has('')).toBe(false);
  });
});
