import { CELL_HIDDEN, CELL_SUPPRESSED, type ReleaseCube } from '@acad/access';

/** A number as it leaves the platform: its value, or null and `suppressed` when the release withholds it. */
export interface ReleasedNumber {
  value: number | null;
  suppressed: boolean;
}

/**
 * Reads a family's cube for one audience. With `released`, only cells the release published can be
 * read at all (anything else throws): a view for the public cannot show a number that was not part
 * of what the suppression protected. Without it (roles whose policies allow true counts) every
 * cell reads its true value.
 */
export class CubeReader {
  constructor(
    readonly cube: ReleaseCube,
    readonly released: boolean,
  ) {}

  count(positions: readonly number[]): ReleasedNumber {
    const cell = this.cube.index(positions);
    if (!this.released) return { value: this.cube.values[cell], suppressed: false };
    if (this.cube.state[cell] === CELL_HIDDEN) throw new Error(`Not a released cell: ${this.cube.label(cell)}`);
    return this.cube.state[cell] === CELL_SUPPRESSED
      ? { value: null, suppressed: true }
      : { value: this.cube.values[cell], suppressed: false };
  }

  /**
   * Whether anyone is counted in a cell, for releases that list every non-empty group at a finer
   * grain (a course × week has rows when any of its sections does): public knowledge, not a count.
   */
  exists(positions: readonly number[]): boolean {
    return this.cube.values[this.cube.index(positions)] > 0;
  }

  /**
   * Whether the release published a cell at all (true counts read every cell). Which cells are
   * published is the family's plan, the same for any data: saying a level is not released tells nothing.
   */
  releasedAt(positions: readonly number[]): boolean {
    return !this.released || this.cube.state[this.cube.index(positions)] !== CELL_HIDDEN;
  }

  /** Whether `ratio` of these cells reads something released: a published rate, or both counts. */
  ratioReleasedAt(numerator: readonly number[], denominator: readonly number[]): boolean {
    if (!this.released || this.cube.ratioOf(this.cube.index(numerator), this.cube.index(denominator))) return true;
    return this.releasedAt(numerator) && this.releasedAt(denominator);
  }

  /** Present in the table: a count above zero, or a suppressed one (never zero). */
  listed(positions: readonly number[]): boolean {
    const n = this.count(positions);
    return n.suppressed || (n.value ?? 0) > 0;
  }

  /**
   * A rate of two counts. Where the release published it as a rate (its counts hidden), the rounded
   * rate it published; otherwise it is derived from the two released counts and withheld with either
   * of them, so it never lets a hidden count be divided back.
   */
  ratio(numerator: readonly number[], denominator: readonly number[]): ReleasedNumber {
    const fact = this.released ? this.cube.ratioOf(this.cube.index(numerator), this.cube.index(denominator)) : undefined;
    if (fact) return fact.withheld ? { value: null, suppressed: true } : { value: fact.rate, suppressed: false };
    const hidden = (cell: readonly number[]) => this.cube.state[this.cube.index(cell)] === CELL_HIDDEN;
    // Not released as a rate, and its counts are not released either: withheld (too few people to round it safely).
    if (this.released && (hidden(numerator) || hidden(denominator))) return { value: null, suppressed: true };
    const top = this.count(numerator);
    const bottom = this.count(denominator);
    if (top.suppressed || bottom.suppressed) return { value: null, suppressed: true };
    return { value: bottom.value ? Math.round(((top.value as number) / bottom.value) * 10_000) / 10_000 : null, suppressed: false };
  }
}

/** Rows of a released table: values (null where suppressed) and, per row, the columns suppressed. */
export interface ReleasedTable {
  columns: string[];
  rows: Array<Record<string, unknown>>;
}

/** Builds a row from released numbers and plain labels; `suppressed` lists what the release withheld. */
export function releasedRow(labels: Record<string, string | number | null>, numbers: Record<string, ReleasedNumber | number | null>) {
  const row: Record<string, unknown> = { ...labels };
  const suppressed: string[] = [];
  for (const [name, n] of Object.entries(numbers)) {
    if (n !== null && typeof n === 'object') {
      row[name] = n.value;
      if (n.suppressed) suppressed.push(name);
    } else row[name] = n;
  }
  row['suppressed'] = suppressed.join(',');
  return row;
}

export const countSuppressed = (numbers: readonly ReleasedNumber[]) => numbers.filter((n) => n.suppressed).length;
