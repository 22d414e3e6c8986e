import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlarmResult } from './alarm-evaluation';
import { readAlarmHistory, readAlarmStates, recordAlarmStates } from './alarm-state-store';
import type { AlarmState } from './threshold-alarm';

const result = (name: string, state: AlarmState): AlarmResult => ({
  name,
  kind: 'threshold',
  state,
  condition: 'c',
  reason: `${name} is ${state}`,
});
const t = (minute: number) => new Date(Date.UTC(2025, 2, 4, 10, minute));

describe('recordAlarmStates', () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), 'acad-alarms-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('records every transition, keeps since across unchanged evaluations, and writes the state atomically', async () => {
    expect(await readAlarmStates(home)).toEqual({});
    expect(await readAlarmHistory(home)).toEqual([]);

    expect(await recordAlarmStates(home, [result('a', 'OK'), result('b', 'INSUFFICIENT_DATA')], t(0))).toEqual([
      { at: t(0).toISOString(), alarm: 'a', from: 'INSUFFICIENT_DATA', to: 'OK', reason: 'a is OK' },
    ]);
    expect(await recordAlarmStates(home, [result('a', 'OK'), result('b', 'ALARM')], t(1))).toHaveLength(1);
    expect(await recordAlarmStates(home, [result('a', 'ALARM'), result('b', 'OK')], t(2))).toHaveLength(2);
    expect(await recordAlarmStates(home, [result('a', 'ALARM')], t(3))).toEqual([]);

    expect((await readAlarmHistory(home)).map((h) => [h.alarm, h.from, h.to, h.at])).toEqual([
      ['a', 'INSUFFICIENT_DATA', 'OK', t(0).toISOString()],
      ['b', 'INSUFFICIENT_DATA', 'ALARM', t(1).toISOString()],
      ['a', 'OK', 'ALARM', t(2).toISOString()],
      ['b', 'ALARM', 'OK', t(2).toISOString()],
    ]);
    // b is no longer defined; a has been in ALARM since minute 2.
    expect(await readAlarmStates(home)).toEqual({ a: { state: 'ALARM', since: t(2).toISOString(), reason: 'a is ALARM' } });
    const dir = join(home, 'monitoring');
    expect(readdirSync(dir).sort()).toEqual(['alarm-history.jsonl', 'alarm-state.json']);
    expect(JSON.parse(readFileSync(join(dir, 'alarm-state.json'), 'utf8'))).toMatchObject({ version: 1, updatedAt: t(3).toISOString() });
  });
});
