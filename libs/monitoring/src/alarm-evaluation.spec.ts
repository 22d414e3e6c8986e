import type { AlarmDefinition } from './alarm-definitions';
import { evaluateAlarms, resolveAlarms, type AlarmEvaluationContext } from './alarm-evaluation';
import { budgetFigures } from './budget-alarm';
import { freshnessMetrics, measureFreshness } from './freshness';
import type { Metric } from './metric';
import { MonitoringConfigInvalid } from './monitoring-errors';

const NOW = new Date('2025-03-16T00:00:00Z');
const HOUR = 3_600_000;
const sla = (dataset: string) => ({ attendance: 48, admissions: 168 })[dataset];

function context(metrics: Metric[] = [], monthToDateUsd = 0): AlarmEvaluationContext {
  return { now: NOW, metrics, budget: budgetFigures(monthToDateUsd, NOW), defaultBudgetLimitUsd: 10 };
}

const quarantine = (value: number): Metric => ({
  name: 'QuarantinedPercent',
  unit: 'Percent',
  value,
  dimensions: { Dataset: 'attendance' },
  timestamp: new Date(NOW.getTime() - 1000),
});

const definitions: AlarmDefinition[] = [
  {
    kind: 'threshold',
    name: 'q',
    metric: 'QuarantinedPercent',
    dimensions: { Dataset: 'attendance' },
    statistic: 'Maximum',
    comparison: 'GreaterThanThreshold',
    threshold: 5,
    datapointsToAlarm: 1,
    evaluationPeriods: 1,
    periodSeconds: 3600,
    treatMissingData: 'missing',
  },
  { kind: 'freshness', dataset: 'attendance' },
  { kind: 'budget', name: 'budget-forecast', basis: 'forecast', thresholdPercent: 100 },
  { kind: 'composite', name: 'stale-or-bad', rule: 'ALARM("freshness:attendance") OR ALARM("q")' },
  { kind: 'composite', name: 'bad-but-fresh', rule: 'ALARM(q) AND NOT ALARM("freshness:attendance")' },
  { kind: 'composite', name: 'anything', rule: 'ALARM("stale-or-bad") OR ALARM("budget-forecast")' },
];

function evaluate(metrics: Metric[], monthToDateUsd = 0) {
  const results = evaluateAlarms(resolveAlarms(definitions, sla), context(metrics, monthToDateUsd));
  return Object.fromEntries(results.map((r) => [r.name, r.state]));
}

function freshAttendance(ageHours: number): Metric[] {
  const commits = [{ dataset: 'attendance', committedAt: new Date(NOW.getTime() - ageHours * HOUR).toISOString() }];
  return freshnessMetrics(measureFreshness(commits, [{ dataset: 'attendance', slaHours: 48 }], NOW), NOW);
}

describe('freshness alarms', () => {
  it('fire when the dataset never committed or its newest commit is older than the SLA', () => {
    expect(evaluate([])['freshness:attendance']).toBe('ALARM');
    expect(evaluate(freshAttendance(49))['freshness:attendance']).toBe('ALARM');
  });

  it('stay OK within the SLA', () => {
    expect(evaluate(freshAttendance(47))['freshness:attendance']).toBe('OK');
  });

  it('measure age against the SLA per dataset', () => {
    const commits = [
      { dataset: 'attendance', committedAt: '2025-03-15T00:00:00Z' },
      { dataset: 'attendance', committedAt: '2025-03-10T00:00:00Z' },
    ];
    expect(
      measureFreshness(
        commits,
        [
          { dataset: 'attendance', slaHours: 48 },
          { dataset: 'admissions', slaHours: 168 },
        ],
        NOW,
      ),
    ).toEqual([
      {
        dataset: 'attendance',
        slaHours: 48,
        lastCommittedAt: '2025-03-15T00:00:00.000Z',
        ageHours: 24,
        teachingHours: false,
        withinSla: true,
      },
      { dataset: 'admissions', slaHours: 168, lastCommittedAt: null, ageHours: null, teachingHours: false, withinSla: false },
    ]);
  });
});

describe('composite alarms', () => {
  it('combine other alarms with AND, OR and NOT, composites over composites included', () => {
    expect(evaluate([...freshAttendance(1), quarantine(1)])).toEqual({
      q: 'OK',
      'freshness:attendance': 'OK',
      'budget-forecast': 'OK',
      'stale-or-bad': 'OK',
      'bad-but-fresh': 'OK',
      anything: 'OK',
    });
    expect(evaluate([...freshAttendance(1), quarantine(9)])).toMatchObject({
      q: 'ALARM',
      'stale-or-bad': 'ALARM',
      'bad-but-fresh': 'ALARM',
      anything: 'ALARM',
    });
    expect(evaluate([quarantine(9)])).toMatchObject({ 'freshness:attendance': 'ALARM', 'stale-or-bad': 'ALARM', 'bad-but-fresh': 'OK' });
  });

  it('report INSUFFICIENT_DATA when every alarm they watch has no data', () => {
    const defs = resolveAlarms(
      [
        { ...(definitions[0] as Extract<AlarmDefinition, { kind: 'threshold' }>), name: 'nodata' },
        { kind: 'composite', name: 'c', rule: 'ALARM(nodata)' },
      ],
      sla,
    );
    const [, composite] = evaluateAlarms(defs, context());
    expect(composite).toMatchObject({
      state: 'INSUFFICIENT_DATA',
      condition: 'ALARM("nodata")',
      reason: 'rule does not hold; in ALARM: none',
    });
  });

  it('are refused when they refer to unknown alarms, themselves in a cycle, or a bad rule', () => {
    const composite = (name: string, rule: string): AlarmDefinition => ({ kind: 'composite', name, rule });
    expect(() => resolveAlarms([composite('a', 'ALARM(zzz)')], sla, 'x.json')).toThrow(
      new MonitoringConfigInvalid('x.json', 'composite alarm a refers to unknown alarm(s) zzz'),
    );
    expect(() => resolveAlarms([composite('a', 'ALARM(b)'), composite('b', 'OK(a)')], sla)).toThrow(/cycle: a → b → a/);
    expect(() => resolveAlarms([composite('a', 'ALARM(')], sla)).toThrow(/composite alarm a: Alarm rule/);
    expect(() => resolveAlarms([composite('a', 'TRUE'), composite('a', 'FALSE')], sla)).toThrow(/two alarms are named a/);
    expect(() => resolveAlarms([{ kind: 'freshness', dataset: 'grades' }], sla)).toThrow(/no slaHours and no dataset contract/);
  });
});

describe('budget alarms', () => {
  it('fire on the forecast (linear extrapolation of month-to-date) passing the limit', () => {
    // 15 of 31 days of March have passed: $5 so far forecasts $10.33 > $10.
    expect(evaluate([], 5)['budget-forecast']).toBe('ALARM');
    expect(evaluate([], 4.8)['budget-forecast']).toBe('OK');
  });
});
