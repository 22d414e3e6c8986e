import { InvalidSuppressionThreshold } from './access-errors';

export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

export interface SmallCellOptions {
  /** Columns holding counts of people; a row with any of them in 1..threshold-1 is suppressed. */
  readonly countColumns: readonly string[];
  /** Columns derived from those counts (rates, percentages) that would reveal them; nulled too. */
  readonly alsoSuppress?: readonly string[];
  readonly threshold?: number;
}

export type SuppressedRow<T> = { [K in keyof T]: T[K] | null } & { readonly suppressed: boolean };

/**
 * Primary small-cell suppression for small result sets (a dashboard's aggregate rows): in a row
 * where any count is at least 1 and below the threshold, every count and derived column becomes
 * null, so a total in the same row cannot give the small cell back by subtraction. Zero is kept.
 *
 * Limitation: no complementary suppression across rows. A suppressed cell can still be
 * recovered by subtracting the other rows from a published total elsewhere (e.g. a department
 * total minus its shown courses). Publish totals only from the same suppressed rows, or add
 * secondary suppression before exposing such tables. Bulk work belongs in SQL:
 * see `suppressionSqlExpression` and `suppressedSelectList`.
 */
export function suppressSmallCells<T extends Record<string, unknown>>(rows: readonly T[], options: SmallCellOptions): SuppressedRow<T>[] {
  const threshold = checkedThreshold(options.threshold);
  const nulled = [...options.countColumns, ...(options.alsoSuppress ?? [])];
  return rows.map((row) => {
    const small = options.countColumns.some((c) => isSmallCount(row[c], threshold));
    if (!small) return { ...row, suppressed: false };
    const copy: Record<string, unknown> = { ...row, suppressed: true };
    for (const c of nulled) if (c in row) copy[c] = null;
    return copy as SuppressedRow<T>;
  });
}

function isSmallCount(value: unknown, threshold: number): boolean {
  if (typeof value === 'number') return value > 0 && value < threshold;
  if (typeof value === 'bigint') return value > 0n && value < BigInt(threshold);
  return false;
}

/** One cell: `CASE WHEN "col" > 0 AND "col" < 5 THEN NULL ELSE "col" END`. */
export function suppressionSqlExpression(column: string, threshold = DEFAULT_SUPPRESSION_THRESHOLD): string {
  const t = checkedThreshold(threshold);
  const col = quoteIdentifier(column);
  return `CASE WHEN ${col} > 0 AND ${col} < ${t} THEN NULL ELSE ${col} END`;
}

/** True for rows `suppressSmallCells` would suppress. */
export function suppressedRowSqlPredicate(countColumns: readonly string[], threshold = DEFAULT_SUPPRESSION_THRESHOLD): string {
  const t = checkedThreshold(threshold);
  if (countColumns.length === 0) return 'FALSE';
  return `(${countColumns.map((c) => `(${quoteIdentifier(c)} > 0 AND ${quoteIdentifier(c)} < ${t})`).join(' OR ')})`;
}

/**
 * SELECT-list items giving the same result as `suppressSmallCells` inside the engine:
 * each count and derived column nulled on suppressed rows, plus a boolean `suppressed` column.
 * Pass-through columns are the caller's to add.
 */
export function suppressedSelectList(options: SmallCellOptions): string[] {
  const predicate = suppressedRowSqlPredicate(options.countColumns, options.threshold);
  const nulled = [...options.countColumns, ...(options.alsoSuppress ?? [])];
  return [
    ...nulled.map((c) => `CASE WHEN ${predicate} THEN NULL ELSE ${quoteIdentifier(c)} END AS ${quoteIdentifier(c)}`),
    `COALESCE(${predicate}, FALSE) AS "suppressed"`,
  ];
}

function checkedThreshold(threshold: number | undefined): number {
  const t = threshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  if (!Number.isInteger(t) || t < 1) throw new InvalidSuppressionThreshold(t);
  return t;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
