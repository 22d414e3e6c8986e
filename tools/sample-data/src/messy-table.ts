import type { CsvDialect } from './csv-writer';
import type { Rng } from './prng';

/** One dataset's rows as raw cell text, ready to write, with what was done to them. */
export interface MessyTable {
  header: readonly string[];
  rows: string[][];
  invalidByKind: Record<string, number>;
  exactDuplicates: number;
  resubmissions: number;
}

/** Turns a valid row into one that breaks the contract in one specific way. */
export type Corruption = (row: readonly string[], rng: Rng) => string[];

/** Turns a valid row into a later version of the same record (same key, newer `recorded_at`). */
export type Resubmission = (row: readonly string[], rng: Rng) => string[];

export interface CorruptionResult {
  invalidByKind: Record<string, number>;
  corrupted: Set<number>;
}

/**
 * Replaces about `rate` of the rows with invalid ones,
 * cycling through the kinds so each appears about equally often.
 */
export function corruptRows(rows: string[][], corruptions: Readonly<Record<string, Corruption>>, rate: number, rng: Rng): CorruptionResult {
  const kinds = Object.keys(corruptions);
  const invalidByKind: Record<string, number> = Object.fromEntries(kinds.map((kind) => [kind, 0]));
  // Tables of 20 rows or more always get at least one, so small samples still exercise quarantine.
  const count = rows.length >= 20 ? Math.max(1, Math.round(rows.length * rate)) : Math.round(rows.length * rate);
  const indexes = rng.distinctIndexes(rows.length, count);
  const order = rng.shuffle([...kinds]);
  indexes.forEach((index, i) => {
    const kind = order[i % order.length];
    rows[index] = corruptions[kind](rows[index], rng);
    invalidByKind[kind] += 1;
  });
  return { invalidByKind, corrupted: new Set(indexes) };
}

export interface DuplicationOptions {
  exactRate: number;
  resubmissionRate: number;
  resubmit?: Resubmission;
  /** How far after its source row a copy may land, as real late corrections do. */
  maxDistance: number;
}

export interface DuplicationResult {
  rows: string[][];
  exactDuplicates: number;
  resubmissions: number;
}

/**
 * Adds exact copies and re-submissions of distinct valid rows, each placed some rows after
 * its source. Invalid rows are never copied, so every copy is a duplicate of a valid row.
 */
export function addDuplicates(rows: string[][], invalid: ReadonlySet<number>, options: DuplicationOptions, rng: Rng): DuplicationResult {
  const exactCount = Math.round(rows.length * options.exactRate);
  const resubmissionCount = options.resubmit ? Math.round(rows.length * options.resubmissionRate) : 0;
  const sources = rng.distinctIndexes(rows.length, exactCount + resubmissionCount, invalid);
  const inserts = sources.map((source, i) => {
    const row = i < exactCount || !options.resubmit ? [...rows[source]] : options.resubmit(rows[source], rng);
    return { after: Math.min(rows.length - 1, source + rng.int(0, options.maxDistance)), row };
  });
  inserts.sort((a, b) => a.after - b.after);
  const merged: string[][] = [];
  let next = 0;
  for (let i = 0; i < rows.length; i++) {
    merged.push(rows[i]);
    while (next < inserts.length && inserts[next].after === i) merged.push(inserts[next++].row);
  }
  return { rows: merged, exactDuplicates: exactCount, resubmissions: resubmissionCount };
}

/** Corrupts, then duplicates: the usual last step for every dataset. */
export function makeMessy(
  header: readonly string[],
  rows: string[][],
  corruptions: Readonly<Record<string, Corruption>>,
  invalidRate: number,
  duplication: DuplicationOptions,
  rng: Rng,
): MessyTable {
  const { invalidByKind, corrupted } = corruptRows(rows, corruptions, invalidRate, rng);
  const duplicated = addDuplicates(rows, corrupted, duplication, rng);
  return {
    header,
    rows: duplicated.rows,
    invalidByKind,
    exactDuplicates: duplicated.exactDuplicates,
    resubmissions: duplicated.resubmissions,
  };
}

/** Dialect plus table: what a file writer needs. */
/** The four datasets every sample has; datasets added later come through `SAMPLE_DATASET_HOOKS`. */
export type CoreSampleDatasetName = 'students' | 'courses' | 'attendance' | 'admissions';

export interface SampleFile {
  dataset: string;
  fileName: string;
  /** Canonical contract column names (the file's header may spell them messily). */
  columns: readonly string[];
  dialect: CsvDialect;
  table: MessyTable;
}
