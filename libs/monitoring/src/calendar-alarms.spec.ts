import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { academicDayKind, parseAcademicCalendar } from '@acad/schemas';
import type { AnomalyAlarmDefinition } from './alarm-definitions';
import { evaluateAnomalyAlarm } from './anomaly-alarm';
import { measureFreshness } from './freshness';

const SAMPLE = join(__dirname, '../../config/calendars/sample-university.json');
const calendar = parseAcademicCalendar(readFileSync(SAMPLE, 'utf8'), SAMPLE);
const DAY = 86_400_000;

/** The reporter's default volume alarm for a calendar dataset (today and yesterday judged). */
const rowsRead: AnomalyAlarmDefinition = {
  kind: 'anomaly',
  name: 'rows-read-anomaly:attendance',
  metric: 'RowsRead',
  dimensions: { Dataset: 'attendance' },
  statistic: 'Sum',
  comparison: 'LessThanLowerOrGreaterThanUpperThreshold',
  bandWidth: 3,
  periodSeconds: 86_400,
  datapointsToAlarm: 1,
  evaluationPeriods: 2,
  historyPeriods: 28,
  minHistory: 7,
  treatMissingData: 'notBreaching',
};

/** About 1000 rows read at 09:00 on every teaching day of spring 2026 from 2 February up to (not including) `until`. */
function teachingDeliveries(until: string) {
  const points = [];
  for (let t = Date.parse('2026-02-02T09:00:00Z'), i = 0; t < Date.parse(until); t += DAY, i++)
    if (academicDayKind(calendar, new Date(t)) === 'teaching') points.push({ timestamp: new Date(t), value: 990 + (i % 5) * 5 });
  return points;
}

describe('the monitor on the academic calendar (sample calendar, real dates)', () => {
  it('raises no volume anomaly for a quiet reading week', () => {
    // Tuesday of the spring reading week, 18:00: 60 rows on Monday and Tuesday.
    const now = new Date('2026-03-10T18:00:00Z');
    const points = [
      ...teachingDeliveries('2026-03-09'),
      { timestamp: new Date('2026-03-09T09:00:00Z'), value: 60 },
      { timestamp: new Date('2026-03-10T09:00:00Z'), value: 60 },
    ];
    const judged = evaluateAnomalyAlarm(rowsRead, points, { now, calendar });
    expect(judged.state).toBe('OK');
    expect(judged.reason).toBe('not a teaching day (reading-week): nothing is expected, no anomaly is judged');
    // Without the calendar the same quiet days are an anomaly.
    expect(evaluateAnomalyAlarm(rowsRead, points, { now }).state).toBe('ALARM');
  });

  it('raises one for a teaching day that ended without an attendance file', () => {
    // Wednesday 4 March 2026, 10:00: Tuesday 3 March delivered nothing; today's file has arrived.
    const now = new Date('2026-03-04T10:00:00Z');
    const points = [...teachingDeliveries('2026-03-03'), { timestamp: new Date('2026-03-04T09:00:00Z'), value: 1000 }];
    const judged = evaluateAnomalyAlarm(rowsRead, points, { now, calendar });
    expect(judged.state).toBe('ALARM');
    expect(judged.values).toEqual([1000, 0]);
    expect(judged.reason).toMatch(/^1 of 2 period\(s\) outside the band .* \(teaching days only\)/);
    // Without the calendar a day without a file is just missing data.
    expect(evaluateAnomalyAlarm(rowsRead, points, { now }).state).toBe('OK');
    // A teaching day still in progress without its file yet is not judged missing: the evening before, all is well.
    const morning = evaluateAnomalyAlarm(rowsRead, teachingDeliveries('2026-03-03'), { now: new Date('2026-03-03T08:00:00Z'), calendar });
    expect(morning.state).toBe('OK');
  });

  it('learns the usual volume from teaching days only, so weekends and holidays never lower it', () => {
    // Tuesday 2 December 2025, 18:00, after Thanksgiving: ~1000 rows every teaching day since 1 October, 10 on other days.
    const now = new Date('2025-12-02T18:00:00Z');
    const points = [];
    for (let t = Date.parse('2025-10-01T09:00:00Z'), i = 0; t < now.getTime(); t += DAY, i++) {
      const teaching = academicDayKind(calendar, new Date(t)) === 'teaching';
      points.push({ timestamp: new Date(t), value: teaching ? 990 + (i % 5) * 5 : 10 });
    }
    const judged = evaluateAnomalyAlarm(rowsRead, points, { now, calendar });
    expect(judged.state).toBe('OK');
    // The 28 days before yesterday hold 18 teaching days (weekends and Thanksgiving left out).
    expect(judged.band?.history).toBe(18);
    expect(judged.band?.median).toBe(1000);
    expect(evaluateAnomalyAlarm(rowsRead, points, { now })?.band?.history).toBe(28);
  });

  it('ages attendance by teaching hours, other datasets by the clock', () => {
    const commits = [
      { dataset: 'attendance', committedAt: '2025-11-26T12:00:00Z' },
      { dataset: 'admissions', committedAt: '2025-11-26T12:00:00Z' },
    ];
    const slas = [
      { dataset: 'attendance', slaHours: 48 },
      { dataset: 'admissions', slaHours: 168 },
    ];
    // Monday 1 December 2025, 11:00: Thanksgiving and the weekend do not count for attendance.
    expect(measureFreshness(commits, slas, new Date('2025-12-01T11:00:00Z'), calendar)).toEqual([
      {
        dataset: 'attendance',
        slaHours: 48,
        lastCommittedAt: '2025-11-26T12:00:00.000Z',
        ageHours: 23,
        teachingHours: true,
        withinSla: true,
      },
      {
        dataset: 'admissions',
        slaHours: 168,
        lastCommittedAt: '2025-11-26T12:00:00.000Z',
        ageHours: 119,
        teachingHours: false,
        withinSla: true,
      },
    ]);
    // Wednesday 3 December, 13:00: Monday and Tuesday passed without a file: 12 + 24 + 24 + 13 = 73 teaching hours, late.
    const late = measureFreshness(commits, slas, new Date('2025-12-03T13:00:00Z'), calendar)[0];
    expect(late).toMatchObject({ ageHours: 73, withinSla: false });
    // Without the calendar attendance would have been late over the holiday already.
    expect(measureFreshness(commits, slas, new Date('2025-12-01T11:00:00Z'))[0]).toMatchObject({ ageHours: 119, withinSla: false });
  });
});
