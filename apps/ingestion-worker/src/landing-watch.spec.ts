import type { BatchSummary, LandingFile } from '@acad/zones';
import { LandingWatch } from './landing-watch';

const file = (key: string, size: number, time = 1_000): LandingFile => ({
  dataset: key.split('/')[0],
  key,
  size,
  lastModified: new Date(time),
});

const summary = (key: string, status: BatchSummary['status']): BatchSummary => {
  const [dataset, name] = key.split('/');
  return {
    dataset,
    batchId: 'b0',
    file: name,
    status,
    rows: { read: 0, accepted: 0, duplicates: 0, quarantined: 0 },
    quality: { passed: 0, warned: 0, failed: 0, score: 0 },
    durationMs: 1,
  };
};

describe('LandingWatch', () => {
  it('runs a file only once two looks in a row saw it unchanged', () => {
    const watch = new LandingWatch();
    expect(watch.ready([file('attendance/a.csv', 10)])).toEqual([]);
    // Still growing: a copy in progress.
    expect(watch.ready([file('attendance/a.csv', 20, 2_000)])).toEqual([]);
    expect(watch.ready([file('attendance/a.csv', 20, 2_000)])).toEqual([file('attendance/a.csv', 20, 2_000)]);
  });

  it('leaves a rejected or failed file alone until it changes, and forgets a removed one', () => {
    const watch = new LandingWatch();
    const bad = file('attendance/bad.csv', 5);
    const gated = file('attendance/gated.csv', 7);
    const good = file('courses/good.csv', 9);
    watch.ready([bad, gated, good]);
    const ready = watch.ready([bad, gated, good]);
    expect(ready).toEqual([bad, gated, good]);
    watch.ran(ready, [summary(bad.key, 'rejected'), summary(gated.key, 'failed'), summary(good.key, 'committed')]);
    // A committed file leaves landing; the other two wait for a fix.
    expect(watch.ready([bad, gated])).toEqual([]);
    expect(watch.ready([bad, gated])).toEqual([]);
    // The engineer fixes one: it runs once it has settled.
    const fixed = file('attendance/bad.csv', 6, 3_000);
    expect(watch.ready([fixed, gated])).toEqual([]);
    expect(watch.ready([fixed, gated])).toEqual([fixed]);
    // Removed and delivered again as it was: a new file, so it runs again.
    watch.ready([]);
    watch.ready([gated]);
    expect(watch.ready([gated])).toEqual([gated]);
  });

  it('runs a duplicate-reported or committed file again if it is delivered again', () => {
    const watch = new LandingWatch();
    const a = file('attendance/a.csv', 5);
    watch.ready([a]);
    watch.ran(watch.ready([a]), [summary(a.key, 'duplicate')]);
    expect(watch.ready([a])).toEqual([a]);
  });

  it('reports a refused entry (a link) once, and again only after it went away and came back', () => {
    const watch = new LandingWatch();
    const link = { dataset: 'attendance', key: 'attendance', why: 'landing/attendance is a symbolic link, which the store never follows' };
    expect(watch.newlyRefused([link])).toEqual([link]);
    expect(watch.newlyRefused([link])).toEqual([]);
    expect(watch.newlyRefused([])).toEqual([]);
    expect(watch.newlyRefused([link])).toEqual([link]);
  });
});
