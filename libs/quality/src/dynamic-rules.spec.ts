import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbEngine } from '@acad/engine';
import { AdmissionsContract } from '@acad/schemas';
import { evaluateBatchQuality } from './evaluate-batch-quality';
import { evaluateRules, notEvaluatedHere } from './evaluate-rules';
import { judgeDynamicCondition } from './judge-dynamic-condition';
import { LocalQualityHistoryStore } from './local-quality-history-store';
import { parseDqdl } from './parse-dqdl';
import type { DqdlNumberCondition } from './dqdl-syntax';
import { parseDqdlDocument } from './parse-dqdl-document';
import type { DqdlRuleNode } from './dqdl-syntax';

const conditionOf = (text: string): DqdlNumberCondition =>
  ((parseDqdlDocument(`Rules = [ RowCount ${text} ]`).rules ?? [])[0].node as DqdlRuleNode).condition as DqdlNumberCondition;

describe('judgeDynamicCondition', () => {
  it.each([
    ['> avg(last(3)) * 0.9', 95, [10, 100, 100, 100], true, { op: '>', value: 90 }],
    ['> avg(last(3)) * 0.9', 80, [10, 100, 100, 100], false, { op: '>', value: 90 }],
    ['between min(last(4)) - 1 and max(last(4)) + 1', 5, [3, 4, 6], true, { op: 'between', value: [2, 7] }],
    ['not between 1 and 10', 5, [], false, { op: 'between', value: [1, 10] }],
    ['!= 5', 5, [], false, { op: '=', value: 5 }],
    ['in [1, 2 + 3]', 5, [], true, { op: '=', value: 1 }],
    ['> last(1)', 7, [3, 6], true, { op: '>', value: 6 }],
    ['= 1 + 2 * 3', 9, [], true, { op: '=', value: 9 }],
  ])('%s with metric %d and history %j → %s', (text, metric, past, passed, threshold) => {
    const verdict = judgeDynamicCondition(metric, conditionOf(text), past);
    expect({ passed: verdict.passed, threshold: verdict.threshold }).toEqual({ passed, threshold });
  });

  it('cannot judge yet without history, and says so', () => {
    const verdict = judgeDynamicCondition(5, conditionOf('> avg(last(10))'), []);
    expect(verdict.passed).toBeNull();
    expect(verdict.detail).toContain('no earlier metric of this rule in the quality history yet');
  });

  it('names a function it does not evaluate', () => {
    expect(judgeDynamicCondition(5, conditionOf('> percentile(last(10), 90)'), [1]).detail).toContain('percentile() is not evaluated here');
  });
});

describe('Dynamic and NotEvaluated rules', () => {
  let engine: DuckDbEngine;
  const homes: string[] = [];

  beforeAll(async () => {
    engine = await DuckDbEngine.open({ mode: 'pipeline' });
    await engine.run(`
      CREATE SCHEMA batch;
      CREATE TABLE batch.admissions AS SELECT
        'A' || lpad(i::VARCHAR, 8, '0') AS application_id, 'Ada' AS first_name, 'L' AS last_name, NULL AS email,
        NULL AS phone, DATE '2004-05-17' AS date_of_birth, 'submitted' AS status
      FROM range(10) t(i);
    `);
  });

  afterAll(async () => {
    await engine.close();
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  });

  it('judges RowCount > avg(last(2)) * 0.9 against the rule metrics recorded in the history, newest first', async () => {
    const home = mkdtempSync(join(tmpdir(), 'acad-dynamic-'));
    homes.push(home);
    const history = new LocalQualityHistoryStore(home);
    const rules = parseDqdl('Rules = [\n  # @rule rows.usual error\n  RowCount > avg(last(2)) * 0.9\n]\n');
    expect(rules[0]).toMatchObject({ type: 'Dynamic', measured: { type: 'RowCount' } });
    const record = (batchId: string, metric: number) =>
      history.record({
        dataset: 'admissions',
        batchId,
        relation: 'x',
        evaluatedAt: '2025-01-01T00:00:00Z',
        status: 'passed',
        summary: { total: 1, passed: 1, warned: 0, failed: 0, score: 1 },
        results: [
          {
            ruleId: 'rows.usual',
            type: 'Dynamic',
            severity: 'error',
            outcome: 'passed',
            metric,
            threshold: { op: '>', value: 0 },
            failingRows: null,
          },
        ],
        failingSamples: {},
      });
    const run = (batchId: string) =>
      evaluateBatchQuality({ engine, contract: AdmissionsContract, relation: 'batch.admissions', batchId, history, rules });

    const first = await run('b-1');
    expect(first.results[0]).toMatchObject({ outcome: 'warned', metric: 10 });
    expect(first.results[0].detail).toContain('no earlier metric');

    // Only the two newest count: avg(10, 12) * 0.9 = 9.9 < 10; the 1000 before them does not.
    await record('b-2', 1000);
    await record('b-3', 10);
    await record('b-4', 12);
    const second = await run('b-5');
    expect(second.results[0]).toMatchObject({ outcome: 'passed', metric: 10, threshold: { op: '>', value: 9.9 } });

    // b-5 recorded its 10: avg(10, 20) * 0.9 = 13.5 > 10.
    await record('b-6', 20);
    const third = await run('b-7');
    expect(third.results[0]).toMatchObject({ outcome: 'failed', metric: 10, threshold: { op: '>', value: 13.5 } });
  });

  it('checks every column name against a ColumnNamesMatchPattern, as a whole-name match', async () => {
    const rules = parseDqdl('Rules = [ ColumnNamesMatchPattern "[a-z_]+", ColumnNamesMatchPattern "[a-z]+_id" ]');
    const [all, some] = await evaluateRules(engine, 'batch.admissions', rules);
    expect(all).toMatchObject({ type: 'ColumnNamesMatchPattern', outcome: 'passed', metric: 1 });
    expect(some).toMatchObject({ outcome: 'failed', metric: 1 / 7 });
    expect(some.detail).toBe('names that do not match: first_name, last_name, email, phone, date_of_birth, status');
  });

  it('leaves rules it cannot evaluate out of the results and lists them with the reason', async () => {
    const rules = parseDqdl(`Rules = [
      RowCount > 0,
      FileSize < 5 GB,
      RowCount != 10,
      ColumnValues "status" not in ["withdrawn"]
    ]`);
    const results = await evaluateRules(engine, 'batch.admissions', rules);
    expect(results.map((r) => [r.ruleId, r.outcome])).toEqual([
      ['rule-1', 'passed'],
      ['rule-3', 'failed'],
    ]);
    expect(notEvaluatedHere(rules)).toEqual([
      { ruleId: 'rule-2', reason: 'FileSize is not evaluated here' },
      { ruleId: 'rule-4', reason: 'ColumnValues not in is not evaluated here' },
    ]);
  });
});
