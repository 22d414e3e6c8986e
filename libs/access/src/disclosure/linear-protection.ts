import { solve, type Coefficients, type Constraint, type Solution } from 'yalps';
import { CELL_HIDDEN, CELL_PUBLISHED, CELL_SUPPRESSED, type ReleaseCube } from './release-cube';

/** A change of the finest cells that every published number allows, and the published cells it moves. */
export interface LinearWitness {
  /** Change per finest cell (only the non-zero ones). */
  moves: Map<number, number>;
  /** Published cells the change moves: suppressing them makes the change invisible. */
  newlySuppressed: number[];
  /** What the programme paid for it. */
  cost: number;
}

/** Larger programmes than this are left to the hypercube method (yalps keeps a dense tableau). */
export const MAX_LP_COLUMNS = 3000;

/**
 * Branch-and-bound iterations for a fractional optimum before the cell is left to the hypercube
 * method: a count, not a time, so a release does not depend on how busy the machine is.
 */
const INTEGER_ITERATIONS = 200;

/**
 * The attacker's side of a cube, prepared once per protection: which finest cells can move at all
 * (a published zero pins every cell under it to zero, as nothing is negative) and, for each, the
 * cells above it.
 */
export class LinearModel {
  readonly free: number[];
  readonly above = new Map<number, number[]>();

  constructor(readonly cube: ReleaseCube) {
    const atoms = cube.cells(cube.axes.map((axis) => axis.leaves()));
    this.free = [];
    for (const atom of atoms) {
      const cells = cube.cells(cube.positionsOf(atom).map((leaf, k) => cube.axes[k].ancestors(leaf)));
      if (cells.some((c) => cube.state[c] === CELL_PUBLISHED && cube.values[c] === 0)) continue;
      this.free.push(atom);
      this.above.set(atom, cells);
    }
  }

  /** What a reader knows a cell is at least: 0, or 1 once it is listed (published or suppressed), or a side value's bound. */
  lowerOf(cell: number): number {
    const cube = this.cube;
    return cube.state[cell] === CELL_HIDDEN || cube.values[cell] === 0 ? cube.lower[cell] : Math.max(cube.lower[cell], 1);
  }

  /**
   * The single-cell protection programme (Fischetti & Salazar 2001) for `target`: the cheapest change
   * of the finest cells, within what a reader knows (nothing negative, listed cells not empty, side
   * values' bounds, published rates' rounding), that moves the target by exactly `amount` and every
   * published cell by as little as possible, each published cell's move weighted by what hiding it
   * costs (`costOf`; an infinite cost, as for kept cells, keeps a cell from moving). Published cells
   * it moves are the complementary suppressions. The change is solved over `atoms` only (the others
   * stay as they are), in integers where the linear optimum is fractional (an integer attacker could
   * otherwise know more than the programme says), and checked cell by cell before it is returned.
   * Null when no such change exists, the programme is too large, or integers take too many iterations.
   */
  witness(target: number, amount: number, atoms: readonly number[], costOf: (cell: number) => number): LinearWitness | null {
    const cube = this.cube;
    const columns: Array<[string, Map<string, number>]> = [];
    const constraints = new Map<string, Constraint>();
    // Every cell above a finest cell that may move is a row (published cells must not move unseen).
    const touched = new Set<number>();
    for (const atom of atoms) for (const c of this.above.get(atom) as number[]) touched.add(c);
    // Lower bounds of the finest cells are the variables' own (y ≥ lower − value); a total's lower
    // bound needs a row only where its finest cells' bounds do not imply it.
    const atomLower = (atom: number) => this.lowerOf(atom);
    const pinned = this.pinned();
    for (const cell of touched) {
      const key = `c${cell}`;
      if (cell === target) {
        constraints.set(key, { equal: amount });
      } else if (cube.state[cell] === CELL_PUBLISHED) {
        constraints.set(key, { equal: 0 });
        const cost = costOf(cell);
        if (Number.isFinite(cost)) {
          // Once moved, the cell is suppressed, and a suppressed cell is known not to be empty.
          const room = cube.values[cell] - Math.max(cube.lower[cell], 1);
          const plus = new Map([
            [key, -1],
            ['cost', cost],
          ]);
          if (Number.isFinite(cube.upper[cell])) {
            constraints.set(`su${cell}`, { max: cube.upper[cell] - cube.values[cell] });
            plus.set(`su${cell}`, 1);
          }
          columns.push([`s+${cell}`, plus]);
          if (room > 0) {
            const down = new Map([
              [key, 1],
              ['cost', cost],
            ]);
            // Where the finest cells' own bounds do not already keep it from emptying.
            if (pinned[cell] < Math.max(cube.lower[cell], 1)) {
              constraints.set(`sd${cell}`, { max: room });
              down.set(`sd${cell}`, 1);
            }
            columns.push([`s-${cell}`, down]);
          }
        }
      } else {
        const lower = this.lowerOf(cell);
        const upper = cube.upper[cell];
        const needsLower = lower > pinned[cell];
        if (!needsLower && !Number.isFinite(upper)) continue;
        constraints.set(key, {
          ...(needsLower ? { min: lower - cube.values[cell] } : {}),
          ...(Number.isFinite(upper) ? { max: upper - cube.values[cell] } : {}),
        });
      }
    }
    // Published rates: lower · (c + Δc) ≤ n + Δn ≤ upper · (c + Δc).
    const ratioTerms: Array<{ key: string; numerator: number; denominator: number; factor: number }> = [];
    for (const r of cube.ratios) {
      if (r.withheld || (!touched.has(r.numerator) && !touched.has(r.denominator))) continue;
      const n = cube.values[r.numerator];
      const c = cube.values[r.denominator];
      constraints.set(`rl${r.numerator}/${r.denominator}`, { min: r.lower * c - n });
      constraints.set(`ru${r.numerator}/${r.denominator}`, { max: r.upper * c - n });
      ratioTerms.push({ key: `rl${r.numerator}/${r.denominator}`, numerator: r.numerator, denominator: r.denominator, factor: r.lower });
      ratioTerms.push({ key: `ru${r.numerator}/${r.denominator}`, numerator: r.numerator, denominator: r.denominator, factor: r.upper });
    }
    // Each finest cell's variable is how far it is above its lower bound (x = y + room ≥ 0), so its
    // bound needs no row of its own: every row's right-hand side moves by the rooms instead.
    const shift = new Map<string, number>();
    const rooms = new Map<number, number>();
    for (const atom of atoms) {
      const coefficients = new Map<string, number>();
      for (const c of this.above.get(atom) as number[]) if (constraints.has(`c${c}`)) coefficients.set(`c${c}`, 1);
      for (const t of ratioTerms) {
        const k = (this.isIn(atom, t.numerator) ? 1 : 0) - (this.isIn(atom, t.denominator) ? t.factor : 0);
        if (k !== 0) coefficients.set(t.key, k);
      }
      const room = cube.values[atom] - atomLower(atom);
      rooms.set(atom, room);
      if (room !== 0) for (const [k, v] of coefficients) shift.set(k, (shift.get(k) ?? 0) + v * room);
      if (Number.isFinite(cube.upper[atom])) {
        constraints.set(`u${atom}`, { max: cube.upper[atom] - atomLower(atom) });
        coefficients.set(`u${atom}`, 1);
      }
      columns.push([`x${atom}`, coefficients]);
    }
    for (const [k, by] of shift) {
      const c = constraints.get(k) as { equal?: number; min?: number; max?: number };
      constraints.set(k, {
        ...(c.equal !== undefined ? { equal: c.equal + by } : {}),
        ...(c.min !== undefined ? { min: c.min + by } : {}),
        ...(c.max !== undefined ? { max: c.max + by } : {}),
      });
    }
    if (!constraints.has(`c${target}`) || columns.length > MAX_LP_COLUMNS) return null;
    const variables: Array<[string, Coefficients]> = columns.map(([name, c]) => [name, [...c]]);
    const atomColumns = columns.map(([name]) => name).filter((name) => name.startsWith('x'));
    // The linear programme first; where its optimum is fractional, the same programme in integers (bounded in time).
    const solved = (solution: Solution) => {
      const moves = movesOf(solution, rooms);
      return moves && { moves, cost: solution.result };
    };
    const found =
      solved(solve({ direction: 'minimize', objective: 'cost', constraints, variables }, { includeZeroVariables: false })) ??
      solved(
        solve(
          { direction: 'minimize', objective: 'cost', constraints, variables, integers: atomColumns },
          { includeZeroVariables: false, maxIterations: INTEGER_ITERATIONS },
        ),
      );
    if (!found || !this.allows(found.moves)) return null;
    const { moves, cost } = found;
    const newlySuppressed = [...this.changes(moves)].filter(([cell, d]) => d !== 0 && cube.state[cell] === CELL_PUBLISHED).map(([c]) => c);
    return { moves, newlySuppressed, cost };
  }

  /**
   * About `size` free finest cells near a target, on which its programme is solved: on each axis,
   * the leaves under the target and as many others as fit (nearest in the hierarchy first, then the
   * largest at the target's slice), halving the partners of the axis that has most until it fits. A witness found there is a witness in the whole
   * cube (the other cells do not move, and every cell above a moving one is a row of the programme).
   */
  near(target: number, size: number): number[] {
    const cube = this.cube;
    const position = cube.positionsOf(target);
    const ordered = cube.axes.map((axis, k) => {
      const p = position[k];
      const mine = new Set(axis.ancestors(p));
      const meeting = (leaf: number) => axis.depth(axis.ancestors(leaf).find((x) => mine.has(x)) as number);
      const valueAt = (leaf: number) => cube.values[target + (leaf - p) * cube.strides[k]];
      const others = axis
        .leaves()
        .filter((leaf) => !axis.isWithin(leaf, p))
        .sort((x, y) => meeting(y) - meeting(x) || valueAt(y) - valueAt(x));
      return { own: axis.leavesUnder(p), others };
    });
    const counts = ordered.map((o) => o.others.length);
    const pick = () =>
      cube.cells(ordered.map((o, k) => [...o.own, ...o.others.slice(0, counts[k])])).filter((atom) => this.above.has(atom));
    let atoms = pick();
    while (atoms.length > size) {
      // Fewer partners on the axis that has most.
      const k = counts.reduce((best, n, i) => (n > counts[best] ? i : best), 0);
      if (counts[k] <= 1) break;
      counts[k] = Math.max(1, Math.floor(counts[k] / 2));
      atoms = pick();
    }
    return atoms;
  }

  /** Per cell, the least its finest cells can add up to (free ones at their lower bounds, the others as they are). */
  private pinned(): Float64Array {
    const cube = this.cube;
    // Suppression only grows, so the sum of the suppressed cells' indexes changes whenever it does.
    const key = cube.state.reduce((sum, state, i) => (state === CELL_SUPPRESSED ? sum + i : sum), 0);
    if (this.pinnedCache?.key === key) return this.pinnedCache.sums;
    const sums = new Float64Array(cube.size);
    for (const atom of cube.cells(cube.axes.map((axis) => axis.leaves()))) {
      const least = this.above.has(atom) ? this.lowerOf(atom) : cube.values[atom];
      if (least === 0) continue;
      for (const c of cube.cells(cube.positionsOf(atom).map((leaf, k) => cube.axes[k].ancestors(leaf)))) sums[c] += least;
    }
    this.pinnedCache = { key, sums };
    return sums;
  }

  private pinnedCache?: { key: number; sums: Float64Array };

  /**
   * Whether a change is a table every reader of the cube could be looking at, once the published cells
   * it moves are suppressed: checked cell by cell (the programme's answer is not taken on trust).
   */
  allows(moves: ReadonlyMap<number, number>): boolean {
    const cube = this.cube;
    for (const [cell, d] of this.changes(moves)) {
      if (d === 0) continue;
      if (cube.state[cell] === CELL_PUBLISHED && (cube.kept.has(cell) || cube.values[cell] === 0)) return false;
      const value = cube.values[cell] + d;
      const lower = cube.state[cell] === CELL_HIDDEN ? cube.lower[cell] : Math.max(cube.lower[cell], 1);
      if (value < lower || value > cube.upper[cell]) return false;
    }
    for (const r of cube.ratios) {
      if (r.withheld) continue;
      const n = cube.values[r.numerator] + this.changeOf(moves, r.numerator);
      const c = cube.values[r.denominator] + this.changeOf(moves, r.denominator);
      if (n < r.lower * c - 1e-9 || n > r.upper * c + 1e-9) return false;
    }
    return true;
  }

  private changeOf(moves: ReadonlyMap<number, number>, cell: number): number {
    let d = 0;
    for (const [atom, y] of moves) if (this.isIn(atom, cell)) d += y;
    return d;
  }

  /** How much a change of the finest cells moves every cell above them. */
  changes(moves: ReadonlyMap<number, number>): Map<number, number> {
    const out = new Map<number, number>();
    for (const [atom, y] of moves) for (const c of this.above.get(atom) as number[]) out.set(c, (out.get(c) ?? 0) + y);
    return out;
  }

  private isIn(atom: number, cell: number): boolean {
    const cube = this.cube;
    const a = cube.positionsOf(atom);
    return cube.positionsOf(cell).every((p, k) => cube.axes[k].isWithin(a[k], p));
  }
}

/** The change of the finest cells in an optimal solution (each variable is a cell's room above its lower bound), or null when there is none or it is not integral. */
function movesOf(solution: Solution, rooms: ReadonlyMap<number, number>): Map<number, number> | null {
  if (solution.status !== 'optimal') return null;
  const moves = new Map<number, number>();
  for (const [atom, room] of rooms) if (room !== 0) moves.set(atom, -room);
  for (const [name, value] of solution.variables) {
    if (!name.startsWith('x')) continue;
    const atom = Number(name.slice(1));
    moves.set(atom, (moves.get(atom) ?? 0) + value);
  }
  for (const [atom, y] of moves) {
    if (Math.abs(y - Math.round(y)) > 1e-6) return null;
    if (Math.round(y) === 0) moves.delete(atom);
    else moves.set(atom, Math.round(y));
  }
  return moves;
}
