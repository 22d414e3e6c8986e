import { feasibleInterval, type FeasibleInterval, type LinearFact } from './feasible-intervals';
import { CELL_HIDDEN, CELL_PUBLISHED, type ReleaseCube } from './release-cube';

export interface CellInterval extends FeasibleInterval {
  cell: number;
  label: string;
  value: number;
}

/** The facts a reader of a protected cube has: published values, suppressed cells not empty, known bounds. */
export function cubeFacts(cube: ReleaseCube): LinearFact[] {
  const facts: LinearFact[] = [];
  for (let cell = 0; cell < cube.size; cell++) {
    const state = cube.state[cell];
    const lower = state === CELL_HIDDEN ? cube.lower[cell] : Math.max(cube.lower[cell], 1);
    const upper = cube.upper[cell];
    if (state === CELL_HIDDEN && lower === 0 && !Number.isFinite(upper)) continue;
    const terms = atomsOf(cube, cell).map((a) => [`a${a}`, 1] as const);
    if (state === CELL_PUBLISHED) facts.push({ terms, min: cube.values[cell], max: cube.values[cell] });
    else facts.push({ terms, min: lower, ...(Number.isFinite(upper) ? { max: upper } : {}) });
  }
  for (const r of cube.ratios) {
    if (r.withheld) continue;
    const part = (cell: number, k: number) => atomsOf(cube, cell).map((a) => [`a${a}`, k] as const);
    facts.push({ terms: [...part(r.numerator, 1), ...part(r.denominator, -r.lower)], min: 0 });
    facts.push({ terms: [...part(r.numerator, 1), ...part(r.denominator, -r.upper)], max: 0 });
  }
  return facts;
}

function atomsOf(cube: ReleaseCube, cell: number): number[] {
  return cube.cells(cube.positionsOf(cell).map((p, k) => cube.axes[k].leavesUnder(p)));
}

/**
 * Exact intervals of every suppressed cell (and every cell protected in place of a suppressed side
 * value) for a reader of the cube: for tests and audits of small cubes, not for serving.
 */
export function auditCube(cube: ReleaseCube): CellInterval[] {
  const facts = cubeFacts(cube);
  const cells: number[] = [];
  for (let cell = 0; cell < cube.size; cell++) if (cube.isSuppressed(cell)) cells.push(cell);
  for (const cell of cube.extraTargets) if (!cells.includes(cell)) cells.push(cell);
  return cells.map((cell) => ({
    cell,
    label: cube.label(cell),
    value: cube.values[cell],
    ...feasibleInterval(
      facts,
      atomsOf(cube, cell).map((a) => [`a${a}`, 1] as const),
    ),
  }));
}
