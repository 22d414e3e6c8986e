import {
  evaluateRow,
  failedRows,
  formatNumber,
  formatReport,
  formatTable,
  formatTarget,
  meetsTarget,
  ratio,
  type SuiteResult,
} from './report';

describe('meetsTarget', () => {
  it('compares with each operator at and around the threshold', () => {
    expect(meetsTarget(0.4, { op: '>=', threshold: 0.4 })).toBe(true);
    expect(meetsTarget(0.39, { op: '>=', threshold: 0.4 })).toBe(false);
    expect(meetsTarget(20, { op: '>', threshold: 20 })).toBe(false);
    expect(meetsTarget(2048, { op: '<=', threshold: 2048 })).toBe(true);
    expect(meetsTarget(2049, { op: '<=', threshold: 2048 })).toBe(false);
    expect(meetsTarget(200, { op: '<', threshold: 200 })).toBe(false);
    expect(meetsTarget(199.9, { op: '<', threshold: 200 })).toBe(true);
  });

  it('never passes a measure that is not a number', () => {
    expect(meetsTarget(Number.NaN, { op: '<=', threshold: 1 })).toBe(false);
    expect(meetsTarget(Number.POSITIVE_INFINITY, { op: '>=', threshold: 1 })).toBe(false);
  });
});

describe('ratio', () => {
  it('divides, and gives NaN against zero or a non-number', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNaN();
    expect(ratio(Number.NaN, 2)).toBeNaN();
  });
});

describe('evaluateRow', () => {
  it('applies the target to the ratio when there is one', () => {
    const row = { suite: 'ingest', measure: 'pipeline', value: 1_000_000, unit: 'rows/s', target: { op: '>=' as const, threshold: 0.4 } };
    expect(evaluateRow({ ...row, ratio: { value: 0.5, label: '÷ baseline' } }).pass).toBe(true);
    expect(evaluateRow({ ...row, ratio: { value: 0.3, label: '÷ baseline' } }).pass).toBe(false);
  });

  it('applies the target to the value without a ratio, and leaves rows without a target unjudged', () => {
    expect(evaluateRow({ suite: 's', measure: 'rss', value: 300, unit: 'MiB', target: { op: '<', threshold: 200 } }).pass).toBe(false);
    expect(evaluateRow({ suite: 's', measure: 'copy', value: 300, unit: 'MB/s' }).pass).toBeUndefined();
  });
});

describe('formatting', () => {
  it('formats numbers by size', () => {
    expect(formatNumber(2_412_345.6)).toBe('2,412,346');
    expect(formatNumber(56.14)).toBe('56.1');
    expect(formatNumber(0.554)).toBe('0.55');
    expect(formatNumber(Number.NaN)).toBe('n/a');
  });

  it('formats targets with their aim', () => {
    expect(formatTarget({ op: '>=', threshold: 0.4, aim: 0.6 })).toBe('≥ 0.40 (aim 0.60)');
    expect(formatTarget({ op: '<', threshold: 200 })).toBe('< 200');
    expect(formatTarget(undefined)).toBe('');
  });

  it('lays out a table with a ratio label and a verdict per judged row', () => {
    const rows = [
      evaluateRow({ suite: 'ingest', measure: 'baseline', value: 2_400_000, unit: 'rows/s' }),
      evaluateRow({
        suite: 'ingest',
        measure: 'pipeline',
        value: 1_200_000,
        unit: 'rows/s',
        ratio: { value: 0.5, label: '÷ baseline' },
        target: { op: '>=', threshold: 0.4, aim: 0.6 },
      }),
      evaluateRow({ suite: 'ingest', measure: 'peak RSS', value: 3000, unit: 'MiB', target: { op: '<=', threshold: 2048 } }),
    ];
    const lines = formatTable(rows).split('\n');
    expect(lines[0]).toMatch(/^suite\s+measure\s+value\s+unit\s+ratio\s+target\s+result$/);
    expect(lines).toHaveLength(5);
    expect(lines[3]).toContain('0.50 (÷ baseline)');
    expect(lines[3]).toMatch(/≥ 0.40 \(aim 0.60\)\s+pass$/);
    expect(lines[4]).toMatch(/≤ 2,048\s+FAIL$/);
    // Values are right-aligned in one column.
    expect(lines[2].indexOf('2,400,000') + '2,400,000'.length).toBe(lines[3].indexOf('1,200,000') + '1,200,000'.length);
  });

  it('adds environment and notes per suite and lists failed rows', () => {
    const result: SuiteResult = {
      suite: 'crypto',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:01:00.000Z',
      environment: { cpus: 2, totalMemGiB: 23.5, node: '20.20.2', loadBefore: [1, 2, 3], loadAfter: [4, 5, 6] },
      parameters: {},
      rows: [evaluateRow({ suite: 'crypto', measure: 'encrypt RSS', value: 250, unit: 'MiB', target: { op: '<', threshold: 200 } })],
      notes: ['measured honestly'],
      parts: {},
    };
    const text = formatReport([result]);
    expect(text).toContain('crypto: 2 CPU(s), 23.5 GiB, Node 20.20.2; load average 1.00 2.00 3.00 before, 4.00 5.00 6.00 after');
    expect(text).toContain('  - measured honestly');
    expect(failedRows([result]).map((r) => r.measure)).toEqual(['encrypt RSS']);
  });
});
