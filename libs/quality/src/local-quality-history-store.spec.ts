import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalQualityHistoryStore } from './local-quality-history-store';
import { InvalidDatasetName, QualityHistoryCorrupt } from './quality-errors';
import type { BatchQualityRecord } from './quality-history-store';

function record(batchId: string, rowCount: number, score = 1): BatchQualityRecord {
  return {
    dataset: 'attendance',
    batchId,
    relation: 'trusted.attendance',
    evaluatedAt: '2025-09-01T00:00:00.000Z',
    status: 'passed',
    summary: { total: 1, passed: 1, warned: 0, failed: 0, score },
    results: [
      {
        ruleId: 'rows',
        type: 'RowCount',
        severity: 'error',
        outcome: 'passed',
        metric: rowCount,
        threshold: { op: '>', value: 0 },
        failingRows: null,
      },
    ],
    failingSamples: {},
  };
}

describe('LocalQualityHistoryStore', () => {
  const homes: string[] = [];
  const home = () => {
    const dir = mkdtempSync(join(tmpdir(), 'acad-quality-history-'));
    homes.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('appends JSON lines under <home>/quality/<dataset>.jsonl and reads them back oldest first', async () => {
    const dir = home();
    const store = new LocalQualityHistoryStore(dir);
    await store.record(record('b1', 10, 0.5));
    await store.record(record('b2', 12));
    await store.record(record('b3', 11));
    const file = join(dir, 'quality', 'attendance.jsonl');
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(3);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await store.history('attendance')).map((r) => r.batchId)).toEqual(['b1', 'b2', 'b3']);
    expect((await store.history('attendance', { limit: 2 })).map((r) => r.batchId)).toEqual(['b2', 'b3']);
    expect((await store.latest('attendance'))?.batchId).toBe('b3');
    expect(await store.metricHistory('attendance', 'rows')).toEqual([10, 12, 11]);
    expect(await store.metricHistory('attendance', 'rows', { excludeBatches: ['b2'], limit: 1 })).toEqual([11]);
    // A group commit judges several batches at once: none of them is its own history.
    expect(await store.metricHistory('attendance', 'rows', { excludeBatches: ['b1', 'b3'] })).toEqual([12]);
    expect(await store.history('admissions')).toEqual([]);
    expect(await store.latest('admissions')).toBeUndefined();
  });

  it('keeps one record per batch: recording a batch again replaces it', async () => {
    const store = new LocalQualityHistoryStore(home());
    await store.record(record('b1', 10));
    await store.record(record('b2', 20));
    await store.record(record('b1', 15));
    expect((await store.history('attendance')).map((r) => [r.batchId, r.results[0].metric])).toEqual([
      ['b2', 20],
      ['b1', 15],
    ]);
  });

  it('ignores a torn last line and starts the next record on a new line', async () => {
    const dir = home();
    const store = new LocalQualityHistoryStore(dir);
    await store.record(record('b1', 10));
    const file = join(dir, 'quality', 'attendance.jsonl');
    appendFileSync(file, JSON.stringify(record('b2', 20)).slice(0, 40));
    expect((await store.history('attendance')).map((r) => r.batchId)).toEqual(['b1']);
    await store.record(record('b3', 30));
    expect((await store.history('attendance')).map((r) => r.batchId)).toEqual(['b1', 'b3']);
  });

  it('reports a damaged line that is not the last, and refuses names that are not dataset names', async () => {
    const dir = home();
    const store = new LocalQualityHistoryStore(dir);
    await store.record(record('b1', 10));
    const file = join(dir, 'quality', 'attendance.jsonl');
    writeFileSync(file, `{"batchId": }\n${readFileSync(file, 'utf8')}`);
    await expect(store.history('attendance')).rejects.toThrow(QualityHistoryCorrupt);
    await expect(store.history('attendance')).rejects.toThrow(/line 1 is not a JSON record/);
    await expect(store.latest('../etc')).rejects.toThrow(InvalidDatasetName);
    // Reading only the newest records from the end meets the damage too, and names the line.
    await expect(store.history('attendance', { limit: 5 })).rejects.toThrow(/line 1 is not a JSON record/);
  });

  it('reads the newest records from the end of a long history, as a whole read would give them', async () => {
    const dir = home();
    const store = new LocalQualityHistoryStore(dir);
    for (let i = 0; i < 300; i += 1) await store.record(record(`b${i}`, i));
    // Batches recorded again move to the end; a torn append in the middle is skipped.
    await store.record(record('b7', 7000));
    appendFileSync(join(dir, 'quality', 'attendance.jsonl'), JSON.stringify(record('torn', 1)).slice(0, 30));
    await store.record(record('b299', 2990));
    const whole = await store.history('attendance');
    expect(whole).toHaveLength(300);
    for (const limit of [1, 2, 50, 299, 300, 1000]) expect(await store.history('attendance', { limit })).toEqual(whole.slice(-limit));
    expect((await store.latest('attendance'))?.results[0].metric).toBe(2990);
    const metrics = await store.metricHistory('attendance', 'rows', { excludeBatches: ['b299', 'b298'] });
    expect(await store.metricHistory('attendance', 'rows', { excludeBatches: ['b299', 'b298'], limit: 100 })).toEqual(metrics.slice(-100));
    expect(metrics.slice(-2)).toEqual([297, 7000]);
  });
});
