import type { ProtectionOptions, ProtectionResult } from './complementary-suppression';
import { LinearModel, type LinearWitness } from './linear-protection';
import { CELL_SUPPRESSED, type ReleaseCube } from './release-cube';

/**
 * The linear method: each target gets its own witnesses from the single-cell protection programme
 * (one moving it up, one down, together by more than the threshold), cells they move are
 * suppressed and protected in turn. A cell moved far enough by witnesses found for others needs
 * no programme of its own (each witness is a table consistent with everything published, so the
 * cell can take any value between the ones they give it). Returns the targets left to the
 * hypercube method: where no integral witness is found, or once the cube's programmes are spent.
 */
export function protectByLinearProgrammes(
  cube: ReleaseCube,
  targets: readonly number[],
  options: ProtectionOptions,
  result: ProtectionResult,
): number[] {
  const width = options.threshold + 1;
  const budget = options.maxProgrammes ?? DEFAULT_MAX_PROGRAMMES;
  let solved = 0;
  const model = new LinearModel(cube);
  const up = new Float64Array(cube.size);
  const down = new Float64Array(cube.size);
  const left: number[] = [];
  const queue = [...targets];
  const done = new Set<number>();
  const levelOf = (cell: number) => cube.positionsOf(cell).filter((p) => p === 0).length;
  // What moving a published cell by one costs the programme: its value, steeply more for higher
  // totals (a programme hides many cells of a level rather than one of the level above); kept cells may not move.
  const cost = (cell: number) =>
    cube.kept.has(cell) ? Number.POSITIVE_INFINITY : (cube.values[cell] + 1) * Math.pow(LINEAR_LEVEL_COST, levelOf(cell));
  // A small programme around the target first, a larger one only where that finds nothing.
  const witnessFor = (target: number, amount: number) => {
    let tried = -1;
    for (const size of NEIGHBOURHOODS) {
      if (tried >= 0 && solved >= budget) break;
      const atoms = model.near(target, size);
      if (atoms.length === tried) break;
      tried = atoms.length;
      solved++;
      const witness = model.witness(target, amount, atoms, cost);
      if (witness) return witness;
    }
    return null;
  };
  const apply = (witness: LinearWitness) => {
    for (const [cell, d] of model.changes(witness.moves)) {
      if (d > up[cell]) up[cell] = d;
      if (-d > down[cell]) down[cell] = -d;
    }
    for (const c of witness.newlySuppressed) cube.state[c] = CELL_SUPPRESSED;
    result.secondary += witness.newlySuppressed.length;
    queue.push(...witness.newlySuppressed);
  };
  while (queue.length > 0) {
    const target = queue.shift() as number;
    if (done.has(target) || cube.values[target] === 0) continue;
    done.add(target);
    if (up[target] + down[target] >= width) continue;
    if (solved >= budget) {
      result.budgetExceeded = true;
      left.push(target);
      continue;
    }
    const maxDown = cube.values[target] - model.lowerOf(target);
    const maxUp = cube.upper[target] - cube.values[target];
    // Up by what going down by half the width (a suppressed 1 cannot go down at all) leaves, then
    // down: the second programme finds the cells the first suppressed free to move, so the two
    // usually share their cells. Where that fails, down as far as it goes and the rest up.
    let witnesses: LinearWitness[] | null = null;
    for (const l of new Set([Math.min(maxDown, Math.ceil(width / 2)), Math.min(maxDown, width)])) {
      const u = width - l;
      if (u > maxUp) continue;
      const upWitness = up[target] >= u ? null : witnessFor(target, u);
      if (up[target] < u && !upWitness) continue;
      if (upWitness) apply(upWitness);
      const downWitness = down[target] >= l ? null : witnessFor(target, -l);
      if (downWitness) apply(downWitness);
      witnesses = [upWitness, downWitness].filter((w): w is LinearWitness => w !== null);
      if (up[target] + down[target] >= width) break;
      witnesses = null;
    }
    if (witnesses) {
      result.linear++;
      options.onProtect?.(
        target,
        witnesses.flatMap((w) => w.newlySuppressed),
        'linear',
      );
    } else left.push(target);
  }
  result.programmes = solved;
  return left;
}

/** How much more moving a cell costs per level of totals it is (a count over all terms is one level above a term's). */
const LINEAR_LEVEL_COST = 32;

/** Free finest cells in a target's programme: a small one first, a larger one where it finds nothing. */
const NEIGHBOURHOODS = [400, 1000];

/**
 * Programmes one cube may solve before the hypercube method protects the rest: a count, not a
 * time, so a snapshot is released the same way on any machine (the 500-student sample's
 * admissions solve 322).
 */
const DEFAULT_MAX_PROGRAMMES = 800;
