import type { Hierarchy } from './hierarchy';

// Read once, not per use: inside a sandboxed test run (Jest) every global an inner loop reads is
// looked up through the sandbox, and these loops ran several times slower there than in Node.
const { floor, max, min, round } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

/** What a cell of a release is: never released, released with its value, or released as suppressed. */
export const CELL_HIDDEN = 0;
export const CELL_PUBLISHED = 1;
export const CELL_SUPPRESSED = 2;

/** A released rate: what it tells a reader about its two (hidden) counts. */
export interface RatioFact {
  numerator: number;
  denominator: number;
  rate: number;
  lower: number;
  upper: number;
  /** Withdrawn by the guaranteed fallback: shown as suppressed. */
  withheld: boolean;
}

/** Positions per axis; a selection is their cartesian product. */
export type Selection = readonly (readonly number[])[];

/**
 * Every table released about one population, as one cube: each axis is a hierarchy, every cell
 * (a combination of positions, totals included) holds the true count, and a cell is hidden,
 * published or suppressed. Tables that share margins (a funnel beside a breakdown of the same
 * applicants) are selections of the same cube, so protecting the cube protects them together.
 *
 * Besides the published values, the cube records what else someone reading the releases knows:
 * a lower bound (a row that is listed counts at least one person) and an upper bound (a section's
 * attendance records are at most students × sessions), each tied to the side value that reveals it.
 */
export class ReleaseCube {
  readonly strides: number[];
  readonly size: number;
  readonly values: Float64Array;
  readonly state: Uint8Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** The side value (e.g. `students@12`) whose publication gives a cell its bounds; suppressing it lifts them. */
  readonly boundSource = new Map<number, string>();
  /** Cells to protect although not published themselves (their side value was suppressed). */
  readonly extraTargets = new Set<number>();
  /**
   * Published cells that complementary suppression hides last (a dashboard's headline totals): a
   * protection that hides one costs more than any that does not (see `protectCube`).
   */
  readonly kept = new Set<number>();
  /** Published rates: `lower ≤ numerator / denominator ≤ upper` (their rounding), never the two counts. */
  readonly ratios: RatioFact[] = [];
  readonly ratiosByCell = new Map<number, number[]>();

  constructor(readonly axes: readonly Hierarchy[]) {
    this.strides = [];
    let size = 1;
    for (let k = axes.length - 1; k >= 0; k--) {
      this.strides[k] = size;
      size *= axes[k].size;
    }
    this.size = size;
    this.values = new Float64Array(size);
    this.state = new Uint8Array(size);
    this.lower = new Float64Array(size);
    this.upper = new Float64Array(size).fill(INFINITY);
  }

  index(positions: readonly number[]): number {
    let i = 0;
    for (let k = 0; k < positions.length; k++) i += positions[k] * this.strides[k];
    return i;
  }

  positionsOf(index: number): number[] {
    return this.strides.map((stride, k) => floor(index / stride) % this.axes[k].size);
  }

  /** Sets one cell's true count (the engine computed every total already). */
  set(positions: readonly number[], value: number): void {
    this.values[this.index(positions)] = value;
  }

  /** Adds a count at the finest level to its cell and to every total above it. */
  addAtom(leaves: readonly number[], value: number): void {
    for (const cell of this.cells(leaves.map((leaf, k) => this.axes[k].ancestors(leaf)))) this.values[cell] += value;
  }

  /** Cell indexes of a selection. */
  cells(selection: Selection): number[] {
    let out = [0];
    selection.forEach((positions, k) => {
      const next: number[] = [];
      for (const base of out) for (const p of positions) next.push(base + p * this.strides[k]);
      out = next;
    });
    return out;
  }

  /** Marks a selection as released (values shown unless suppressed later). */
  publish(selection: Selection): void {
    for (const i of this.cells(selection)) if (this.state[i] === CELL_HIDDEN) this.state[i] = CELL_PUBLISHED;
  }

  /** Marks a selection's cells as hidden last (see `kept`). */
  keep(selection: Selection): void {
    for (const i of this.cells(selection)) this.kept.add(i);
  }

  /** Readers know these cells are not empty where they are not (a listed row counts someone). */
  knownNonEmpty(selection: Selection): void {
    for (const i of this.cells(selection)) if (this.values[i] >= 1) this.lower[i] = max(this.lower[i], 1);
  }

  /** Bounds a reader can derive from a side value `source` while it is published. */
  bound(index: number, lower: number, upper: number, source: string): void {
    this.lower[index] = max(this.lower[index], lower);
    this.upper[index] = min(this.upper[index], upper);
    this.boundSource.set(index, source);
  }

  /** The side value `source` was suppressed: its bounds go, and the cells it bounded must be protected instead. */
  liftBounds(source: string, rowLower = 1): number[] {
    const lifted: number[] = [];
    for (const [index, s] of this.boundSource) {
      if (s !== source) continue;
      this.lower[index] = this.values[index] >= 1 ? rowLower : 0;
      this.upper[index] = INFINITY;
      this.boundSource.delete(index);
      this.extraTargets.add(index);
      lifted.push(index);
    }
    return lifted;
  }

  /**
   * Publishes a rate of two cells, rounded (the counts stay hidden): a reader learns only that the
   * true rate rounds to it. The rounding is the finest of `decimals` down to 1 decimal at which
   * the rate's rounding interval spans at least `2 × room` of the denominator, so the counts under
   * it keep room to move; a rate that cannot be rounded that coarsely (too few people) is not
   * published and null is returned.
   */
  publishRatio(numerator: number, denominator: number, decimals: number, room: number): number | null {
    const den = this.values[denominator];
    let places = decimals;
    while (places >= 1 && den / 10 ** places < 2 * room) places--;
    if (den === 0 || places < 1) return null;
    const scale = 10 ** places;
    const rate = round((this.values[numerator] / den) * scale) / scale;
    const id = this.ratios.length;
    this.ratios.push({ numerator, denominator, rate, lower: rate - 0.5 / scale, upper: rate + 0.5 / scale, withheld: false });
    for (const cell of [numerator, denominator]) this.ratiosByCell.set(cell, [...(this.ratiosByCell.get(cell) ?? []), id]);
    return rate;
  }

  ratioOf(numerator: number, denominator: number): RatioFact | undefined {
    return (this.ratiosByCell.get(numerator) ?? []).map((i) => this.ratios[i]).find((r) => r.denominator === denominator);
  }

  isShown(index: number): boolean {
    return this.state[index] === CELL_PUBLISHED;
  }

  isSuppressed(index: number): boolean {
    return this.state[index] === CELL_SUPPRESSED;
  }

  label(index: number): string {
    return this.positionsOf(index)
      .map((p, k) => `${this.axes[k].name}=${this.axes[k].path(p).join('/') || '*'}`)
      .join(' ');
  }
}
