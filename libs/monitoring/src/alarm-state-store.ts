import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlarmResult } from './alarm-evaluation';
import type { AlarmState } from './threshold-alarm';

export interface StoredAlarmState {
  state: AlarmState;
  /** When the alarm entered this state. */
  since: string;
  reason: string;
}

export interface AlarmTransition {
  at: string;
  alarm: string;
  from: AlarmState;
  to: AlarmState;
  reason: string;
}

export function monitoringDirectory(home: string): string {
  return join(home, 'monitoring');
}

const stateFile = (home: string) => join(monitoringDirectory(home), 'alarm-state.json');
const historyFile = (home: string) => join(monitoringDirectory(home), 'alarm-history.jsonl');

/** Writes a file whole or not at all: a temporary file beside it, then a rename. */
export async function writeFileAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content, { mode: 0o600 });
  await rename(temporary, path);
}

export async function readAlarmStates(home: string): Promise<Record<string, StoredAlarmState>> {
  try {
    const parsed = JSON.parse(await readFile(stateFile(home), 'utf8')) as { alarms?: Record<string, StoredAlarmState> };
    return parsed.alarms ?? {};
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

export async function readAlarmHistory(home: string): Promise<AlarmTransition[]> {
  const text = await readFile(historyFile(home), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AlarmTransition);
}

/**
 * Records an evaluation: every state change is appended to alarm-history.jsonl (an alarm seen
 * for the first time starts, as in CloudWatch, from INSUFFICIENT_DATA), then alarm-state.json
 * is replaced atomically. Alarms no longer defined are dropped from the state. Returns the
 * transitions, oldest definition order.
 */
export async function recordAlarmStates(home: string, results: readonly AlarmResult[], now: Date): Promise<AlarmTransition[]> {
  await mkdir(monitoringDirectory(home), { recursive: true, mode: 0o700 });
  const previous = await readAlarmStates(home);
  const at = now.toISOString();
  const transitions: AlarmTransition[] = [];
  const next: Record<string, StoredAlarmState> = {};
  for (const result of results) {
    const before = previous[result.name];
    const from = before?.state ?? 'INSUFFICIENT_DATA';
    if (from !== result.state) transitions.push({ at, alarm: result.name, from, to: result.state, reason: result.reason });
    next[result.name] = { state: result.state, since: from === result.state && before ? before.since : at, reason: result.reason };
  }
  if (transitions.length > 0)
    await appendFile(historyFile(home), transitions.map((t) => JSON.stringify(t) + '\n').join(''), { mode: 0o600 });
  await writeFileAtomically(stateFile(home), JSON.stringify({ version: 1, updatedAt: at, alarms: next }, null, 2) + '\n');
  return transitions;
}
