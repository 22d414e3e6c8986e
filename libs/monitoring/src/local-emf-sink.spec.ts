import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEmfDocument } from './emf-validation';
import { LocalEmfSink, readLocalMetrics } from './local-emf-sink';
import { metric, T0 } from './metric-fixtures.test-support';

const homes: string[] = [];

function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'acad-monitoring-'));
  homes.push(home);
  return home;
}

afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe('LocalEmfSink', () => {
  it('appends valid EMF lines to the day file in a 0700 folder and reads them back', async () => {
    const home = tempHome();
    const sink = new LocalEmfSink(home, { now: () => new Date('2025-03-04T23:59:00Z') });
    const first = [metric('RowsRead', 10, { Dataset: 'attendance' }), metric('RowsQuarantined', 1, { Dataset: 'attendance' })];
    const second = [metric('RowsRead', 4, { Dataset: 'grades' }, new Date(T0.getTime() + 60_000))];
    await sink.publish(first);
    await sink.publish(second);
    await sink.publish([]);

    const dir = join(home, 'metrics');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir)).toEqual(['metrics-2025-03-04.jsonl']);
    const lines = readFileSync(join(dir, 'metrics-2025-03-04.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(validateEmfDocument(JSON.parse(line))).toEqual([]);
    expect(await readLocalMetrics(home)).toEqual([...first, ...second]);
  });

  it('starts a new file each day and a -1, -2 file when one would pass the size limit', async () => {
    const home = tempHome();
    let now = new Date('2025-03-04T10:00:00Z');
    const sink = new LocalEmfSink(home, { now: () => now, maxFileBytes: 400 });
    for (let i = 0; i < 3; i++) await sink.publish([metric('RowsRead', i, { Dataset: 'attendance' }, new Date(T0.getTime() + i))]);
    now = new Date('2025-03-05T00:00:01Z');
    await sink.publish([metric('RowsRead', 3, { Dataset: 'attendance' }, new Date(T0.getTime() + 3))]);

    const dir = join(home, 'metrics');
    const names = readdirSync(dir).sort();
    expect(names).toEqual([
      'metrics-2025-03-04-1.jsonl',
      'metrics-2025-03-04-2.jsonl',
      'metrics-2025-03-04.jsonl',
      'metrics-2025-03-05.jsonl',
    ]);
    for (const name of names) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(400);
    // Read back in write order: day, then file number.
    expect((await readLocalMetrics(home)).map((m) => m.value)).toEqual([0, 1, 2, 3]);
  });

  it('filters by since and reports lines that are not EMF', async () => {
    const home = tempHome();
    const sink = new LocalEmfSink(home, { now: () => T0 });
    await sink.publish([metric('A', 1, {}, new Date('2025-03-04T09:00:00Z')), metric('A', 2, {}, new Date('2025-03-04T11:00:00Z'))]);
    const file = join(home, 'metrics', 'metrics-2025-03-04.jsonl');
    appendFileSync(file, '{"partial\n{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]}}\n');
    appendFileSync(join(home, 'metrics', 'metrics-2025-03-01.jsonl'), '{"not":"read"}\n');
    const problems: string[] = [];
    const read = await readLocalMetrics(home, { since: T0, onProblem: (p) => problems.push(`${p.line}: ${p.message}`) });
    expect(read.map((m) => m.value)).toEqual([2]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^3: not JSON/);
    expect(problems[1]).toBe('4: _aws.CloudWatchMetrics must be a non-empty array');
  });

  it('reads nothing from a home without metrics', async () => {
    expect(await readLocalMetrics(tempHome())).toEqual([]);
  });
});
