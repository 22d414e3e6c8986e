import type { ColumnSpec } from './column-spec';
import type { RowRule } from './row-rule';

/** How trusted rows are laid out in folders, e.g. `session_month=2025-09`. */
export interface PartitionSpec {
  /** Name of the partition key as it appears in paths. */
  readonly name: string;
  /** Derived from this contract column. */
  readonly column: string;
  /** `month` gives YYYY-MM of a date; `value` uses the column's value. */
  readonly transform: 'month' | 'value';
}

/** A dataset contract: columns with metadata, key, cross-column rules and layout. */
export interface DatasetContract {
  readonly name: string;
  readonly version: number;
  readonly description: string;
  readonly owner: string;
  readonly kind: 'fact' | 'reference';
  readonly columns: readonly ColumnSpec[];
  /** Columns that identify a row; trusted holds one row per key. */
  readonly key: readonly string[];
  /** Among rows with the same key, the one with the latest value of this column wins. */
  readonly latestBy?: string;
  readonly rowRules: readonly RowRule[];
  readonly partition?: PartitionSpec;
  /** Freshness expectation: a new batch at least this often, in hours. */
  readonly freshnessSlaHours: number;
}

export function requiredColumns(contract: DatasetContract): ColumnSpec[] {
  return contract.columns.filter((c) => c.required);
}

export function findColumn(contract: DatasetContract, name: string): ColumnSpec | undefined {
  return contract.columns.find((c) => c.name === name);
}
