import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbEngine } from '@acad/engine';
import { AttendanceContract, parseAcademicCalendar } from '@acad/schemas';
import { evaluateBatchQuality } from './evaluate-batch-quality';
import { LocalQualityHistoryStore } from './local-quality-history-store';
import type { Rule } from './rule';

const SAMPLE = join(__dirname, '../../config/calendars/sample-university.json');
const calendar = parseAcademicCalendar(readFileSync(SAMPLE, 'utf8'), SAMPLE);

const anomaly: Rule = {
  id: 'rows.anomaly',
  severity: 'error',
  type: 'DetectAnomalies',
  metric: { type: 'RowCount' },
  k: 3,
  minHistory: 5,
};
const freshness: Rule = {
  id: 'fresh',
  severity: 'error',
  type: 'DataFreshness',
  column: 'recorded_at',
  age: { op: '<=', value: 48 },
  unit: 'hours',
};

describe('calendar-aware expectations (sample calendar, real dates)', () => {
  let engine: DuckDbEngine;
  const homes: string[] = [];

  beforeAll(async () => {
    engine = await DuckDbEngine.open({ mode: 'pipeline' });
    await engine.run('CREATE SCHEMA b');
  });
  afterAll(async () => {
    await engine.close();
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  });

  /** A batch of `rows` rows, its newest recorded_at at `newest`. */
  const batch = async (name: string, rows: number, newest = '2026-02-02T08:00:00Z') => {
    await engine.run(
      `CREATE OR REPLACE TABLE b.${name} AS SELECT i AS n, TIMESTAMP '${newest.replace('T', ' ').replace('Z', '')}' - to_seconds(i) AS recorded_at FROM range(${rows}) t(i)`,
    );
    return `b.${name}`;
  };

  /** Ten teaching days of spring 2026 (2–13 February), about 1000 rows each, in the history. */
  const learnedHistory = async () => {
    const home = mkdtempSync(join(tmpdir(), 'acad-calendar-'));
    homes.push(home);
    const history = new LocalQualityHistoryStore(home);
    const days = ['02', '03', '04', '05', '06', '09', '10', '11', '12', '13'];
    for (const [i, day] of days.entries()) {
      await evaluateBatchQuality({
        engine,
        contract: AttendanceContract,
        relation: await batch(`t${i}`, 990 + 3 * i),
        batchId: `teach-${day}`,
        history,
        rules: [anomaly],
        now: new Date(`2026-02-${day}T18:00:00Z`),
        calendar,
      });
    }
    return history;
  };

  const judge = async (history: LocalQualityHistoryStore, rows: number, at: string, withCalendar: boolean) => {
    const record = await evaluateBatchQuality({
      engine,
      contract: AttendanceContract,
      relation: await batch('judged', rows),
      batchId: `judged-${at}-${withCalendar}`,
      history,
      rules: [anomaly],
      now: new Date(at),
      ...(withCalendar ? { calendar } : {}),
    });
    return record.results[0];
  };

  it('raises no anomaly for a quiet reading week or holiday, but does on a teaching day', async () => {
    const history = await learnedHistory();
    // Tuesday of the spring reading week: 60 rows is quiet, not wrong.
    const readingWeek = await judge(history, 60, '2026-03-10T18:00:00Z', true);
    expect(readingWeek.outcome).toBe('warned');
    expect(readingWeek.detail).toMatch(/^not enough history: needs 5 past batch\(es\), has 0/);
    // Without the calendar the same batch is judged against teaching days, and fails.
    expect((await judge(history, 60, '2026-03-10T18:00:00Z', false)).outcome).toBe('failed');
    // The week after, teaching again: 60 rows is an anomaly.
    const teaching = await judge(history, 60, '2026-03-17T18:00:00Z', true);
    expect(teaching.outcome).toBe('failed');
    expect(teaching.detail).toMatch(/60 is outside median .* over 10 batch\(es\)/);
    // A normal teaching day passes against the teaching-day baseline.
    expect((await judge(history, 1000, '2026-03-18T18:00:00Z', true)).outcome).toBe('passed');
  });

  it('keeps holidays and reading weeks out of the teaching-day baseline', async () => {
    const history = await learnedHistory();
    // Six quiet reading-week and holiday batches are recorded...
    for (const at of ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-01-19'])
      await judge(history, 40, `${at}T18:00:00Z`, true);
    // ...and learned from for the next quiet day, but a teaching day is still judged against teaching days only.
    expect((await judge(history, 40, '2026-03-14T18:00:00Z', true)).outcome).toBe('passed'); // a Saturday
    expect((await judge(history, 40, '2026-03-16T18:00:00Z', true)).outcome).toBe('failed');
  });

  it('ages attendance by teaching hours: a holiday weekend is fresh, a missing file on teaching days is not', async () => {
    const fresh = async (newest: string, now: string, withCalendar: boolean) =>
      (
        await evaluateBatchQuality({
          engine,
          contract: AttendanceContract,
          relation: await batch('fresh', 10, newest),
          batchId: 'fresh',
          rules: [freshness],
          now: new Date(now),
          ...(withCalendar ? { calendar } : {}),
        })
      ).results[0];
    // Newest record Wednesday before Thanksgiving 2025 at noon, checked Monday 1 December at 11:00: 23 teaching hours.
    const overHoliday = await fresh('2025-11-26T12:00:00Z', '2025-12-01T11:00:00Z', true);
    expect(overHoliday).toMatchObject({ outcome: 'passed', metric: 23 });
    expect((await fresh('2025-11-26T12:00:00Z', '2025-12-01T11:00:00Z', false)).outcome).toBe('failed');
    // Newest record Tuesday 7 October 2025 08:00, checked Thursday 9 October 09:00: 49 teaching hours, a file is missing.
    expect(await fresh('2025-10-07T08:00:00Z', '2025-10-09T09:00:00Z', true)).toMatchObject({ outcome: 'failed', metric: 49 });
  });
});
