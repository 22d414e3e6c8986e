/** A goal a measure (or its ratio, when it has one) must meet. `aim` is the hoped-for level. */
export interface Target {
  op: '>=' | '>' | '<=' | '<';
  threshold: number;
  aim?: number;
}

export interface BenchRow {
  suite: string;
  measure: string;
  value: number;
  unit: string;
  /** A comparison measured in the same run, e.g. `{ value: 0.55, label: '÷ baseline' }`. */
  ratio?: { value: number; label: string };
  /** Applies to the ratio when there is one, else to the value. */
  target?: Target;
}

export interface EvaluatedRow extends BenchRow {
  pass?: boolean;
}

export interface SuiteEnvironment {
  cpus: number;
  totalMemGiB: number;
  node: string;
  /** 1, 5 and 15 minute load averages: other work on the machine skews the figures. */
  loadBefore: number[];
  loadAfter: number[];
}

export interface SuiteResult {
  suite: string;
  startedAt: string;
  finishedAt: string;
  environment: SuiteEnvironment;
  parameters: Record<string, unknown>;
  rows: EvaluatedRow[];
  /** What was measured and how, in words, including what favours which side. */
  notes: string[];
  /** The raw measurements of every child process. */
  parts: Record<string, unknown>;
}

/** Whether `measured` meets `target`; a measure that is not a finite number never passes. */
export function meetsTarget(measured: number, target: Target): boolean {
  if (!Number.isFinite(measured)) return false;
  switch (target.op) {
    case '>=':
      return measured >= target.threshold;
    case '>':
      return measured > target.threshold;
    case '<=':
      return measured <= target.threshold;
    case '<':
      return measured < target.threshold;
  }
}

export function evaluateRow(row: BenchRow): EvaluatedRow {
  if (!row.target) return { ...row };
  return { ...row, pass: meetsTarget(row.ratio ? row.ratio.value : row.value, row.target) };
}

/** `a / b`, or NaN when `b` is not a positive number (a ratio against nothing means nothing). */
export function ratio(a: number, b: number): number {
  return b > 0 && Number.isFinite(a) && Number.isFinite(b) ? a / b : Number.NaN;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function formatTarget(target: Target | undefined): string {
  if (!target) return '';
  const symbol = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' }[target.op];
  return `${symbol} ${formatNumber(target.threshold)}${target.aim !== undefined ? ` (aim ${formatNumber(target.aim)})` : ''}`;
}

const HEADINGS = ['suite', 'measure', 'value', 'unit', 'ratio', 'target', 'result'];

/** The human table of every row, columns padded to their widest cell. */
export function formatTable(rows: EvaluatedRow[]): string {
  const cells = rows.map((r) => [
    r.suite,
    r.measure,
    formatNumber(r.value),
    r.unit,
    r.ratio ? `${formatNumber(r.ratio.value)} (${r.ratio.label})` : '',
    formatTarget(r.target),
    r.pass === undefined ? '' : r.pass ? 'pass' : 'FAIL',
  ]);
  const widths = HEADINGS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  // Numbers read best right-aligned.
  const line = (c: string[]) =>
    c
      .map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(HEADINGS), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** The table, then the environment and notes of each suite. */
export function formatReport(results: SuiteResult[]): string {
  const parts = [formatTable(results.flatMap((r) => r.rows))];
  for (const result of results) {
    const env = result.environment;
    const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
    parts.push(
      `\n${result.suite}: ${env.cpus} CPU(s), ${env.totalMemGiB} GiB, Node ${env.node}; load average ${load(env.loadBefore)} before, ${load(env.loadAfter)} after`,
      ...result.notes.map((n) => `  - ${n}`),
    );
  }
  return parts.join('\n');
}

export function failedRows(results: SuiteResult[]): EvaluatedRow[] {
  return results.flatMap((r) => r.rows).filter((r) => r.pass === false);
}
