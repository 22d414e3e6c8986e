import { protectByLinearProgrammes } from './linear-suppression';
import { CELL_HIDDEN, CELL_PUBLISHED, CELL_SUPPRESSED, type ReleaseCube } from './release-cube';

// Read once, not per use: inside a sandboxed test run (Jest) every global an inner loop reads is
// looked up through the sandbox, and these loops ran several times slower there than in Node.
const { ceil, floor, max, min, pow } = Math;
const INFINITY = Number.POSITIVE_INFINITY;
const { isFinite } = Number;

export interface ProtectionOptions {
  /** Published counts from 1 to threshold − 1 are suppressed (primary suppression). */
  readonly threshold: number;
  /**
   * `linear` (the default): the exact single-cell protection programme per target, with the
   * hypercube method for the targets it leaves; `hypercube`: the hypercube method alone.
   */
  readonly method?: 'linear' | 'hypercube';
  /** Linear programmes one cube may solve before the hypercube method takes the rest over. */
  readonly maxProgrammes?: number;
  /** Candidate hypercubes examined per suppressed cell before the guaranteed fallback is used. */
  readonly maxCandidates?: number;
  /** Told of each protected cell and the cells suppressed for it (to explain a release). */
  readonly onProtect?: (target: number, suppressed: readonly number[], how: 'linear' | 'hypercube' | 'paths' | 'fallback') => void;
}

export interface ProtectionResult {
  primary: number;
  secondary: number;
  /** Side values (e.g. `students@…`) that had to be suppressed so that bounds they give away go too. */
  liftedSources: string[];
  /** Cells protected by the fallback (every total above them suppressed): rare, and costly. */
  fallbacks: number;
  /** Targets protected by the linear programme. */
  linear: number;
  /** Targets the linear method left to the hypercube method (none with `method: 'hypercube'` counts them all). */
  hypercube: number;
  /** The linear method spent its programmes and the hypercube method protected the rest. */
  budgetExceeded?: boolean;
  /** Linear programmes solved. */
  programmes?: number;
}

/** One axis's part of a perturbation: positions and the sign each changes by. */
interface Direction {
  positions: number[];
  signs: number[];
}

interface Witness {
  cost: number;
  newlySuppressed: number[];
}

/**
 * Primary then complementary suppression of a cube. A suppressed cell is safe when perturbations
 * that leave every published value unchanged (witnesses) move it by more than the threshold. By
 * default each cell's witnesses come from the single-cell protection programme
 * (`protectByLinearProgrammes`), and the cells it leaves go to the hypercube method below.
 *
 * The hypercube method (τ-Argus GHMITER, Repsilber 1994) generalised to hierarchies builds
 * witnesses of one shape. On each axis the
 * perturbation moves +d at one leaf and −d at another (and along their paths up to where they
 * meet), or +d along a leaf's path up to the total; the product over the axes changes only the
 * hypercube's corners, so when every corner is hidden or suppressed and stays within what a
 * reader knows of it (never below 0, or 1 for a cell known not to be empty, never above a known
 * upper bound), the values in between are all consistent with everything released.
 *
 * Each protected cell gets such a witness, so the guarantee does not depend on the search being
 * clever: the search picks the cheapest hypercube it finds (cost grows with the values it hides,
 * and steeply with the level of the totals), and when none is found it falls back to hiding every
 * total above a non-empty cell, which always works (+d along every path has no upper limit).
 * Suppression only ever grows, so a witness found earlier stays valid.
 *
 * Runs in JavaScript over the aggregated cube (thousands of cells, already summed by the engine):
 * the search is a branching, cost-bounded enumeration that SQL cannot express usefully.
 */
export function protectCube(cube: ReleaseCube, options: ProtectionOptions): ProtectionResult {
  const threshold = options.threshold;
  const result: ProtectionResult = { primary: 0, secondary: 0, liftedSources: [], fallbacks: 0, linear: 0, hypercube: 0 };
  const queue: number[] = [];
  for (let i = 0; i < cube.size; i++) {
    if (cube.state[i] === CELL_PUBLISHED && cube.values[i] > 0 && cube.values[i] < threshold) {
      cube.state[i] = CELL_SUPPRESSED;
      result.primary++;
      queue.push(i);
    }
  }
  queue.push(...cube.extraTargets);
  const left = options.method === 'hypercube' ? queue : protectByLinearProgrammes(cube, queue, options, result);
  protectByHypercubes(cube, left, options, result);
  return result;
}

/**
 * The hypercube method (τ-Argus GHMITER generalised to hierarchies), for the targets the exact
 * method leaves: a witness per target found by search, and when none is found every total above it hidden.
 */
function protectByHypercubes(cube: ReleaseCube, targets: readonly number[], options: ProtectionOptions, result: ProtectionResult): void {
  const width = options.threshold + 1;
  const maxCandidates = options.maxCandidates ?? 2048;
  const queue = [...targets];
  const done = new Set<number>();
  const perAxis = max(2, floor(pow(maxCandidates, 1 / cube.axes.length)));
  const atoms = cube
    .cells(cube.axes.map((axis) => axis.leaves()))
    .filter((cell) => cube.values[cell] >= 1)
    .sort((x, y) => cube.values[y] - cube.values[x]);
  while (queue.length > 0) {
    const target = queue.shift() as number;
    if (done.has(target) || cube.values[target] === 0) continue;
    done.add(target);
    result.hypercube++;
    const search = () => {
      const single = searchWitness(cube, target, width, perAxis, maxCandidates);
      const paths = single?.cost === 0 ? null : pairOfPaths(cube, target, atoms, width, single?.cost ?? INFINITY);
      return { witness: paths ?? single, paths };
    };
    let { witness, paths } = search();
    if (!witness) {
      // Before hiding totals: withdraw the side values that bound the cells above the target, and look again.
      const lifted = liftBoundsAbove(cube, target);
      if (lifted.length > 0) {
        result.liftedSources.push(...lifted);
        queue.push(...cube.extraTargets);
        ({ witness, paths } = search());
      }
    }
    if (cube.kept.size > 0 && (!witness || witness.newlySuppressed.some((c) => cube.kept.has(c)))) {
      // Rather than hide a kept cell (as the fallback would, hiding every total above a cell): one that spares them.
      const around = aroundKept(cube, target, atoms, width);
      if (around) witness = paths = around;
    }
    if (witness) {
      for (const c of witness.newlySuppressed) cube.state[c] = CELL_SUPPRESSED;
      result.secondary += witness.newlySuppressed.length;
      options.onProtect?.(target, witness.newlySuppressed, paths ? 'paths' : 'hypercube');
    } else {
      result.fallbacks++;
      const before = cube.state.slice();
      const fallback = hideEveryTotalAbove(cube, target);
      options.onProtect?.(
        target,
        [...cube.state.keys()].filter((c) => cube.state[c] !== before[c]),
        'fallback',
      );
      result.secondary += fallback.suppressed;
      result.liftedSources.push(...fallback.lifted);
      queue.push(...cube.extraTargets);
    }
  }
}

/** What hiding a published cell costs: its value, steeply more for higher totals, and most for a kept one. */
function costOf(cube: ReleaseCube, cell: number): number {
  const atRoot = cube.positionsOf(cell).filter((p) => p === 0).length;
  return (cube.values[cell] + 1) * pow(16, atRoot) * (cube.kept.has(cell) ? KEPT_COST : 1);
}

/** A kept cell costs more than hiding the other cells of any witness. */
const KEPT_COST = 1e9;

function pathDirection(cube: ReleaseCube, k: number, leaf: number): Direction {
  const positions = cube.axes[k].ancestors(leaf);
  return { positions, signs: positions.map(() => 1) };
}

function pairDirection(cube: ReleaseCube, k: number, a: number, b: number): Direction {
  const up = cube.axes[k].ancestors(a);
  const down = cube.axes[k].ancestors(b);
  const common = new Set(up.filter((p) => down.includes(p)));
  const plus = up.filter((p) => !common.has(p));
  const minus = down.filter((p) => !common.has(p));
  return { positions: [...plus, ...minus], signs: [...plus.map(() => 1), ...minus.map(() => -1)] };
}

/** Candidate directions on axis k for a target at position `p`, cheapest-looking first. */
function directionsFor(cube: ReleaseCube, target: number, k: number, limit: number, width: number): Direction[] {
  const axis = cube.axes[k];
  const p = cube.positionsOf(target)[k];
  const stride = cube.strides[k];
  const valueAt = (leaf: number) => cube.values[target + (leaf - p) * stride];
  const byValue = (xs: number[]) => [...xs].sort((x, y) => valueAt(y) - valueAt(x));
  const own = axis.isLeaf(p) ? [p] : byValue(axis.leavesUnder(p)).slice(0, max(2, ceil(limit / 4)));
  const candidates: Direction[] = own.map((a) => pathDirection(cube, k, a));
  if (p !== 0) {
    const depthOfMeeting = (b: number) => {
      const mine = new Set(axis.ancestors(p));
      return axis.depth(axis.ancestors(b).find((x) => mine.has(x)) as number);
    };
    const others = byValue(axis.leaves().filter((b) => !axis.isWithin(b, p)))
      .sort((x, y) => depthOfMeeting(y) - depthOfMeeting(x))
      .slice(0, limit * 2);
    for (const a of own) for (const b of others) candidates.push(pairDirection(cube, k, a, b));
  }
  // Ranked by what the direction costs and allows on its own (the other axes at the target):
  // one that cannot move the target far enough alone rarely can with the others.
  const alone = (d: Direction) => {
    const cells = d.positions.map((pos) => target + (pos - p) * stride);
    const witness = judge(cube, cells, d.signs, width, INFINITY);
    if (witness) return witness.cost;
    return cells.some((c) => cube.state[c] === CELL_PUBLISHED && cube.values[c] === 0) ? INFINITY : 1e12;
  };
  return candidates
    .map((d) => ({ d, cost: alone(d) }))
    .filter((c) => isFinite(c.cost))
    .sort((x, y) => x.cost - y.cost)
    .slice(0, limit)
    .map((c) => c.d);
}

/** Combinations of per-axis choices in order of their summed rank, so the best-looking come first. */
function* byRankSum(lengths: number[], cap: number): Generator<number[]> {
  const maxSum = lengths.reduce((s, n) => s + n - 1, 0);
  let produced = 0;
  for (let sum = 0; sum <= maxSum; sum++) {
    const pick: number[] = [];
    function* fill(k: number, left: number): Generator<number[]> {
      if (k === lengths.length) {
        if (left === 0) yield [...pick];
        return;
      }
      for (let i = 0; i < lengths[k] && i <= left; i++) {
        pick.push(i);
        yield* fill(k + 1, left - i);
        pick.pop();
      }
    }
    for (const combination of fill(0, sum)) {
      yield combination;
      if (++produced >= cap) return;
    }
  }
}

const PATIENCE = 64;

function searchWitness(cube: ReleaseCube, target: number, width: number, perAxis: number, cap: number): Witness | null {
  const options = cube.axes.map((_, k) => directionsFor(cube, target, k, perAxis, width));
  if (options.some((o) => o.length === 0)) return null;
  let best: Witness | null = null;
  let sinceBest = 0;
  for (const combination of byRankSum(
    options.map((o) => o.length),
    cap,
  )) {
    const chosen = combination.map((i, k) => options[k][i]);
    const corners = hypercube(cube, chosen);
    const witness = judge(cube, corners.cells, corners.signs, width, best?.cost ?? INFINITY);
    if (witness && (!best || witness.cost < best.cost)) {
      best = witness;
      sinceBest = 0;
    }
    // Once a witness is in hand, a bounded further look for a cheaper one.
    if (best && (best.cost === 0 || ++sinceBest > PATIENCE)) break;
  }
  if (best?.cost === 0) return best;
  const spread = searchSpreadWitness(cube, target, options, width, best?.cost ?? INFINITY);
  return spread && (!best || spread.cost < best.cost) ? spread : best;
}

const SPREAD_CANDIDATES = 256;

/**
 * The hypercube above moves one finest cell per axis, so where the target is a total over an axis
 * (all countries) the whole move lands on one country's cell, and in sparse tables no single cell
 * has room: only higher totals do, and they get hidden. Here the axes on which the target is the
 * total are spread instead: the move of each corner is shared out over every finest combination of
 * those axes (as much as each can take), the other axes keep their hypercube directions. Rates
 * are not modelled here (cubes that publish rates use the plain hypercube).
 */
function searchSpreadWitness(cube: ReleaseCube, target: number, options: Direction[][], width: number, costLimit: number): Witness | null {
  if (cube.ratios.length > 0) return null;
  const position = cube.positionsOf(target);
  const spread = cube.axes.map((_, k) => k).filter((k) => position[k] === 0);
  if (spread.length === 0) return null;
  const rigid = cube.axes.map((_, k) => k).filter((k) => position[k] !== 0);
  const atRoot: Direction = { positions: [0], signs: [1] };
  let best: Witness | null = null;
  for (const combination of byRankSum(
    rigid.map((k) => options[k].length),
    SPREAD_CANDIDATES,
  )) {
    const chosen = cube.axes.map((_, k) => (position[k] === 0 ? atRoot : options[k][combination[rigid.indexOf(k)]]));
    const corners = hypercube(cube, chosen);
    const witness = judgeSpread(cube, corners, spread, width, best?.cost ?? costLimit);
    if (witness && (!best || witness.cost < best.cost)) best = witness;
    if (best?.cost === 0) break;
  }
  return best;
}

function lowerOf(cube: ReleaseCube, cell: number): number {
  return cube.state[cell] === CELL_HIDDEN ? cube.lower[cell] : max(cube.lower[cell], 1);
}

/**
 * A spread move: `corners` (at the total of every spread axis) each move by sign × d, shared out
 * over the finest combinations λ of the spread axes. Two shares are chosen, one for the largest
 * move up and one for the largest move down (the feasible interval needs only its two ends); each
 * cell between a corner and its finest cells moves by its sign times the shares under it, and
 * must stay within what a reader knows of it. Published cells that move are to be suppressed.
 */
function judgeSpread(
  cube: ReleaseCube,
  corners: { cells: number[]; signs: number[] },
  spread: number[],
  width: number,
  costLimit: number,
): Witness | null {
  // Finest combinations of the spread axes (as offsets), and every combination of positions (for the cells in between).
  const offsets = (pick: (k: number) => number[]) => {
    let out = [0];
    for (const k of spread) out = out.flatMap((o) => pick(k).map((p) => o + p * cube.strides[k]));
    return out;
  };
  const leaves = offsets((k) => cube.axes[k].leaves());
  const above = leaves.map((_, i) => {
    const leafPositions = spread.map((k) => floor(leaves[i] / cube.strides[k]) % cube.axes[k].size);
    let out = [0];
    spread.forEach((k, j) => (out = out.flatMap((o) => cube.axes[k].ancestors(leafPositions[j]).map((p) => o + p * cube.strides[k]))));
    return out;
  });
  const depthOf = (offset: number) => spread.filter((k) => floor(offset / cube.strides[k]) % cube.axes[k].size !== 0).length;
  const share = (direction: 1 | -1): { total: number; moved: Map<number, number> } => {
    // How much each finest combination can take: the least room over the corners (− corners fall when moving up).
    const m = leaves.map((offset) => {
      let room = INFINITY;
      for (let c = 0; c < corners.cells.length; c++) {
        const cell = corners.cells[c] + offset;
        const falls = corners.signs[c] * direction < 0;
        if (cube.state[cell] === CELL_PUBLISHED && cube.values[cell] === 0) return 0;
        room = min(room, falls ? cube.values[cell] - lowerOf(cube, cell) : cube.upper[cell] - cube.values[cell]);
      }
      return max(0, min(room, 1e9));
    });
    // Cells in between have bounds of their own: take shares back, finest cells first, until every one holds.
    const offsetsInOrder = [...new Set(above.flat())].sort((x, y) => depthOf(y) - depthOf(x));
    const sums = new Map<number, number>();
    const add = (i: number, amount: number) => {
      for (const o of above[i]) sums.set(o, (sums.get(o) ?? 0) + amount);
    };
    leaves.forEach((_, i) => add(i, m[i]));
    for (const offset of offsetsInOrder) {
      let room = INFINITY;
      for (let c = 0; c < corners.cells.length; c++) {
        const cell = corners.cells[c] + offset;
        const falls = corners.signs[c] * direction < 0;
        room = min(room, falls ? cube.values[cell] - lowerOf(cube, cell) : cube.upper[cell] - cube.values[cell]);
        if (cube.state[cell] === CELL_PUBLISHED && cube.values[cell] === 0) room = 0;
      }
      let excess = (sums.get(offset) ?? 0) - max(0, room);
      for (let i = 0; i < leaves.length && excess > 0; i++) {
        if (m[i] === 0 || !above[i].includes(offset)) continue;
        const take = min(m[i], excess);
        m[i] -= take;
        excess -= take;
        add(i, -take);
      }
    }
    const moved = new Map<number, number>();
    for (const [offset, sum] of sums) if (sum > 0) for (const cell of corners.cells) moved.set(cell + offset, sum);
    return { total: sums.get(0) ?? 0, moved };
  };
  const up = share(1);
  const down = share(-1);
  if (up.total + down.total < width) return null;
  let cost = 0;
  const newlySuppressed: number[] = [];
  for (const cell of new Set([...up.moved.keys(), ...down.moved.keys()])) {
    if (cube.state[cell] !== CELL_PUBLISHED) continue;
    cost += costOf(cube, cell);
    if (cost >= costLimit) return null;
    newlySuppressed.push(cell);
  }
  return { cost, newlySuppressed };
}

/** The corners of a hypercube (the product of one direction per axis) and the sign each moves by. */
function hypercube(cube: ReleaseCube, chosen: Direction[]): { cells: number[]; signs: number[] } {
  let cells = [0];
  let signs = [1];
  chosen.forEach((direction, k) => {
    const nextCells: number[] = [];
    const nextSigns: number[] = [];
    for (let c = 0; c < cells.length; c++)
      for (let j = 0; j < direction.positions.length; j++) {
        nextCells.push(cells[c] + direction.positions[j] * cube.strides[k]);
        nextSigns.push(signs[c] * direction.signs[j]);
      }
    cells = nextCells;
    signs = nextSigns;
  });
  return { cells, signs };
}

/** The cost of hiding a perturbation's corners, or null when it cannot move the target by `width` unseen. */
function judge(cube: ReleaseCube, cells: number[], signs: number[], width: number, costLimit: number): Witness | null {
  let up = INFINITY;
  let down = INFINITY;
  let cost = 0;
  const newlySuppressed: number[] = [];
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c];
    const value = cube.values[cell];
    const state = cube.state[cell];
    let lower = cube.lower[cell];
    if (state === CELL_PUBLISHED) {
      if (value === 0) return null;
      cost += costOf(cube, cell);
      if (cost >= costLimit) return null;
      newlySuppressed.push(cell);
    }
    if (state !== CELL_HIDDEN) lower = max(lower, 1);
    const upper = cube.upper[cell];
    if (signs[c] > 0) {
      down = min(down, value - lower);
      up = min(up, upper - value);
    } else {
      up = min(up, value - lower);
      down = min(down, upper - value);
    }
    if (up + down < width) return null;
  }
  if (cube.ratios.length > 0) {
    const limits = ratioLimits(cube, cells, signs);
    up = min(up, limits.up);
    down = min(down, limits.down);
    if (up + down < width) return null;
  }
  return { cost, newlySuppressed };
}

/**
 * How far d may go before a published rate of two corners would round differently:
 * lower·(c + s_c·d) ≤ n + s_n·d ≤ upper·(c + s_c·d), linear in d.
 */
function ratioLimits(cube: ReleaseCube, cells: number[], signs: number[]): { up: number; down: number } {
  let up = INFINITY;
  let down = INFINITY;
  const signOf = new Map<number, number>();
  const touched = new Set<number>();
  cells.forEach((cell, i) => {
    const ids = cube.ratiosByCell.get(cell);
    if (!ids) return;
    signOf.set(cell, signs[i]);
    for (const id of ids) touched.add(id);
  });
  // a·d ≥ b for every d in [−down, up]
  const atLeast = (a: number, b: number) => {
    if (a > 0) down = min(down, floor(-b / a + 1e-9));
    else if (a < 0) up = min(up, floor(b / a + 1e-9));
  };
  for (const id of touched) {
    const r = cube.ratios[id];
    if (r.withheld) continue;
    const sn = signOf.get(r.numerator) ?? 0;
    const sc = signOf.get(r.denominator) ?? 0;
    const n = cube.values[r.numerator];
    const c = cube.values[r.denominator];
    atLeast(sn - r.lower * sc, r.lower * c - n);
    atLeast(r.upper * sc - sn, n - r.upper * c);
    // The denominator must stay above zero.
    if (sc !== 0) atLeast(sc, 1 - c);
  }
  return { up, down };
}

/**
 * The second family of perturbations: +d along every path up from a non-empty cell under the
 * target, −d along every path up from another non-empty cell, the totals the two share cancelling
 * (a 2 × 2 table whose only spare room is in the other row and column needs this one).
 */
function pairOfPaths(cube: ReleaseCube, target: number, atoms: number[], width: number, costLimit: number): Witness | null {
  const position = cube.positionsOf(target);
  const under = (atom: number) => cube.positionsOf(atom).every((leaf, k) => cube.axes[k].isWithin(leaf, position[k]));
  const mine = atoms.filter(under).slice(0, 3);
  const others = atoms.filter((a) => !under(a)).slice(0, 48);
  const up = (atom: number) => cube.cells(cube.positionsOf(atom).map((leaf, k) => cube.axes[k].ancestors(leaf)));
  let best: Witness | null = null;
  for (const a of mine) {
    const fromA = up(a);
    const inA = new Set(fromA);
    for (const b of others) {
      const fromB = up(b);
      const inB = new Set(fromB);
      const plus = fromA.filter((c) => !inB.has(c));
      const minus = fromB.filter((c) => !inA.has(c));
      const signs = [...plus.map(() => 1), ...minus.map(() => -1)];
      const witness = judge(cube, [...plus, ...minus], signs, width, best?.cost ?? costLimit);
      if (witness && (!best || witness.cost < best.cost)) best = witness;
    }
  }
  return best;
}

/**
 * The protection of last resort that spares kept cells: +d on the largest finest cell under the
 * target, and −d shared out over the largest finest cells elsewhere that lie in exactly the same
 * kept cells (so each kept cell gains d and loses d), every cell that moves hidden. Needs room in
 * the cells the share is taken from; null when there is not enough, or when a moved cell has a
 * published rate (the plain fallback handles those).
 */
function aroundKept(cube: ReleaseCube, target: number, atoms: number[], width: number): Witness | null {
  const position = cube.positionsOf(target);
  const under = (atom: number) => cube.positionsOf(atom).every((leaf, k) => cube.axes[k].isWithin(leaf, position[k]));
  const closure = (atom: number) => cube.cells(cube.positionsOf(atom).map((leaf, k) => cube.axes[k].ancestors(leaf)));
  const keptOf = (atom: number) =>
    closure(atom)
      .filter((c) => cube.kept.has(c))
      .sort((x, y) => x - y)
      .join(',');
  // The largest finest cell under the target of each set of kept cells (a stage of the funnel, say).
  const starts = new Map<string, number>();
  for (const atom of atoms) if (under(atom) && !starts.has(keptOf(atom))) starts.set(keptOf(atom), atom);
  let best: Witness | null = null;
  for (const [kept, a] of starts) {
    const witness = moveAroundKept(cube, a, kept, atoms, under, closure, keptOf, width);
    if (witness && (!best || witness.cost < best.cost)) best = witness;
  }
  return best;
}

function moveAroundKept(
  cube: ReleaseCube,
  a: number,
  kept: string,
  atoms: number[],
  under: (atom: number) => boolean,
  closure: (atom: number) => number[],
  keptOf: (atom: number) => string,
  d: number,
): Witness | null {
  const delta = new Map<number, number>();
  const room = (cell: number) => cube.values[cell] + (delta.get(cell) ?? 0) - lowerOf(cube, cell);
  for (const cell of closure(a)) delta.set(cell, d);
  let taken = 0;
  for (const b of atoms) {
    if (taken >= d) break;
    if (under(b) || keptOf(b) !== kept) continue;
    const cells = closure(b);
    const w = min(d - taken, ...cells.map(room));
    if (w <= 0) continue;
    for (const cell of cells) delta.set(cell, (delta.get(cell) ?? 0) - w);
    taken += w;
  }
  if (taken < d) return null;
  let cost = 0;
  const newlySuppressed: number[] = [];
  for (const [cell, change] of delta) {
    if (change === 0) continue;
    if (cube.ratiosByCell.has(cell) || cube.values[cell] + change > cube.upper[cell] || room(cell) < 0) return null;
    if (cube.state[cell] !== CELL_PUBLISHED) continue;
    if (cube.values[cell] === 0 || cube.kept.has(cell)) return null;
    cost += costOf(cube, cell);
    newlySuppressed.push(cell);
  }
  return { cost, newlySuppressed };
}

function liftBoundsAbove(cube: ReleaseCube, target: number): string[] {
  const lifted: string[] = [];
  for (const cell of cube.cells(cube.positionsOf(target).map((p, k) => cube.axes[k].ancestors(p)))) {
    const source = cube.boundSource.get(cell);
    if (source === undefined) continue;
    cube.liftBounds(source);
    lifted.push(source);
  }
  return lifted;
}

/**
 * The guaranteed protection: take a non-empty cell at the finest level under the target and hide
 * every cell on the paths from it to the totals (+d on all of them, no upper limit). Bounds that
 * would cap them come from side values, which are suppressed too.
 */
function hideEveryTotalAbove(cube: ReleaseCube, target: number): { suppressed: number; lifted: string[] } {
  const position = cube.positionsOf(target);
  const leavesPerAxis = position.map((p, k) => cube.axes[k].leavesUnder(p));
  let atom = -1;
  for (const cell of cube.cells(leavesPerAxis)) if (atom === -1 || cube.values[cell] > cube.values[atom]) atom = cell;
  const corners = cube.cells(cube.positionsOf(atom).map((leaf, k) => cube.axes[k].ancestors(leaf)));
  let suppressed = 0;
  const lifted: string[] = [];
  for (const cell of corners) {
    for (const id of cube.ratiosByCell.get(cell) ?? []) cube.ratios[id].withheld = true;
    if (cube.state[cell] === CELL_PUBLISHED) {
      cube.state[cell] = CELL_SUPPRESSED;
      suppressed++;
    }
    const source = cube.boundSource.get(cell);
    if (source !== undefined && isFinite(cube.upper[cell])) {
      cube.liftBounds(source);
      lifted.push(source);
    }
  }
  return { suppressed, lifted };
}
