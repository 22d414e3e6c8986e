import type { AlarmDefinition } from '@acad/monitoring';
import { defaultAlarms, mergeAlarms } from './default-alarms';

describe('defaultAlarms', () => {
  it('gives freshness per contract dataset, batch alarms per dataset with runs, budgets and one composite', () => {
    const alarms = defaultAlarms({ contractDatasets: ['attendance', 'admissions'], datasetsWithRuns: ['attendance'] });
    expect(alarms.map((a) => (a.kind === 'freshness' ? `freshness:${a.dataset}` : a.name))).toEqual([
      'freshness:attendance',
      'freshness:admissions',
      'quarantine-rate:attendance',
      'batch-duration:attendance',
      'rows-read-anomaly:attendance',
      'budget-actual',
      'budget-forecast',
      'data-needs-attention',
    ]);
    expect(alarms.at(-1)).toMatchObject({
      rule: 'ALARM("freshness:attendance") OR ALARM("freshness:admissions") OR ALARM("quarantine-rate:attendance")',
    });
  });
});

describe('mergeAlarms', () => {
  const defaults = defaultAlarms({ contractDatasets: ['attendance'], datasetsWithRuns: [] });
  const strict: AlarmDefinition = { kind: 'freshness', dataset: 'attendance', slaHours: 1 };
  const budget: AlarmDefinition = { kind: 'budget', name: 'budget-forecast', basis: 'forecast', limitUsd: 1, thresholdPercent: 80 };

  it('replaces a default by name and adds the rest', () => {
    const merged = mergeAlarms(defaults, [strict, budget], true);
    expect(merged.filter((a) => a.kind === 'freshness')).toEqual([strict]);
    expect(merged.filter((a) => a.kind === 'budget')).toEqual([
      defaults.find((a) => a.kind === 'budget' && a.name === 'budget-actual'),
      budget,
    ]);
    expect(merged).toHaveLength(defaults.length);
  });

  it('keeps only the configured alarms when defaults are off', () => {
    expect(mergeAlarms(defaults, [budget], false)).toEqual([budget]);
  });
});
