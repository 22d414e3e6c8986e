import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalQualityHistoryStore } from '@acad/quality';
import { ingestAttendance, runAcad } from './lake-fixture.test-support';

describe('acad quality check', () => {
  let home: string;
  const cli = (...args: string[]) => runAcad(home, args);
  const rulesFile = (name: string, text: string): string => {
    const file = join(home, name);
    writeFileSync(file, text);
    return file;
  };
  const historyFile = () => join(home, 'quality', 'attendance.jsonl');

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'acad-cli-quality-check-'));
    expect((await cli('keys', 'init')).code).toBe(0);
    await ingestAttendance(home);
    // Row counts of two earlier batches, as the ingestion worker records them.
    const history = new LocalQualityHistoryStore(home);
    for (const [batchId, rows] of [
      ['b-0', 1],
      ['b-1', 1],
    ] as const) {
      await history.record({
        dataset: 'attendance',
        batchId,
        relation: 'trusted.attendance',
        evaluatedAt: '2025-09-01T00:00:00.000Z',
        status: 'passed',
        summary: { total: 1, passed: 1, warned: 0, failed: 0, score: 1 },
        results: [
          {
            ruleId: 'attendance.row_count',
            type: 'RowCount',
            severity: 'error',
            outcome: 'passed',
            metric: rows,
            threshold: { op: '>', value: 0 },
            failingRows: null,
          },
        ],
        failingSamples: {},
      });
    }
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('evaluates a rules file on trusted data, records nothing, and exits 1 when a rule fails', async () => {
    const file = rulesFile(
      'checked.dqdl',
      [
        'Rules = [',
        '  # @rule attendance.some_rows error',
        '  RowCount > 0,',
        '  # @rule attendance.many_rows error',
        '  RowCount > 5,',
        '  # @rule attendance.status_known warn',
        '  ColumnValues "status" in ["present", "absent", "late", "excused"],',
        '  # @rule attendance.files_small error',
        '  FileSize < 5 GB',
        ']',
        '',
      ].join('\n'),
    );
    const historyBefore = readFileSync(historyFile(), 'utf8');
    const result = await cli('quality', 'check', 'checked.dqdl', '--dataset', 'attendance');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${file}: valid DQDL, 4 rule(s), 1 not evaluated here`);
    expect(result.stdout).toContain('Evaluated on trusted.attendance (nothing recorded): 2 passed, 0 warned, 1 failed');
    expect(result.stdout).toContain('  failed  attendance.many_rows  RowCount = 1');
    expect(result.stdout).toContain('  attendance.files_small  FileSize is not evaluated here');
    expect(readFileSync(historyFile(), 'utf8')).toBe(historyBefore);

    const json = await cli('quality', 'check', file, '--dataset', 'attendance', '--json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { summary: { passed: number; failed: number }; notEvaluated: unknown[] };
    expect(report.summary).toMatchObject({ passed: 2, failed: 1 });
    expect(report.notEvaluated).toEqual([{ ruleId: 'attendance.files_small', reason: 'FileSize is not evaluated here' }]);
  });

  it('judges a dynamic rule against the metrics the quality history holds for its id', async () => {
    // The history holds attendance.row_count = 1 for the two earlier batches: avg × 0.9 = 0.9.
    rulesFile('dynamic.dqdl', 'Rules = [\n  # @rule attendance.row_count error\n  RowCount >= avg(last(3)) * 0.9\n]\n');
    const result = await cli('quality', 'check', 'dynamic.dqdl', '--dataset', 'attendance');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  passed  attendance.row_count  Dynamic = 1 — >= avg(last(3)) * 0.9 → >= 0.9');
  });

  it('refuses a ruleset that is not DQDL with the file, line and column, exit 2', async () => {
    const file = rulesFile('broken.dqdl', 'Rules = [\n  RowCount > 0,\n  IsComplete "student_id" where ""\n]\n');
    const result = await cli('quality', 'check', file, '--dataset', 'attendance');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${file}:3:3: the where clause of IsComplete is empty`);
  });

  it('refuses an unknown dataset and a missing file, exit 2', async () => {
    expect((await cli('quality', 'check', 'broken.dqdl', '--dataset', 'nope')).code).toBe(2);
    const missing = await cli('quality', 'check', 'missing.dqdl', '--dataset', 'attendance');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`Cannot read the rules file ${join(home, 'missing.dqdl')}`);
  });
});
