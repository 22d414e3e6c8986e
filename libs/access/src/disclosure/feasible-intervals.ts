import { solve, type Coefficients, type Constraint } from 'yalps';

/** `min ≤ Σ coefficient × variable ≤ max` over non-negative integer unknowns. */
export interface LinearFact {
  readonly terms: readonly (readonly [variable: string, coefficient: number])[];
  readonly min?: number;
  readonly max?: number;
}

export interface FeasibleInterval {
  min: number;
  /** `Infinity` when nothing bounds it from above. */
  max: number;
}

/**
 * What someone who knows `facts` can say about `Σ coefficient × variable`: its smallest and
 * largest value over every non-negative integer solution (an integer programme each way, solved
 * exactly by branch and bound in yalps), or with `integer: false` the linear relaxation's (the
 * classic attacker of τ-Argus audits; faster on large tables, and never narrower than the truth). This is the attacker of statistical disclosure control:
 * the facts are the published numbers and what they imply, the unknowns the true counts.
 */
export function feasibleInterval(
  facts: readonly LinearFact[],
  target: LinearFact['terms'],
  options: { integer?: boolean } = {},
): FeasibleInterval {
  const constraints = new Map<string, Constraint>();
  const columns = new Map<string, Map<string, number>>();
  const column = (variable: string) => {
    let c = columns.get(variable);
    if (!c) columns.set(variable, (c = new Map()));
    return c;
  };
  facts.forEach((fact, i) => {
    const key = `f${i}`;
    constraints.set(key, { ...(fact.min !== undefined ? { min: fact.min } : {}), ...(fact.max !== undefined ? { max: fact.max } : {}) });
    for (const [variable, coefficient] of fact.terms) column(variable).set(key, (column(variable).get(key) ?? 0) + coefficient);
  });
  for (const [variable, coefficient] of target) column(variable).set('objective', (column(variable).get('objective') ?? 0) + coefficient);
  const variables: Array<[string, Coefficients]> = [...columns].map(([name, c]) => [name, [...c]]);
  const run = (direction: 'minimize' | 'maximize') =>
    solve(
      { direction, objective: 'objective', constraints, variables, integers: options.integer ?? true },
      { includeZeroVariables: false },
    );
  const low = run('minimize');
  const high = run('maximize');
  if (low.status === 'infeasible' || high.status === 'infeasible')
    throw new Error('The published facts contradict each other: no table fits them (a release bug).');
  if (low.status !== 'optimal' || (high.status !== 'optimal' && high.status !== 'unbounded'))
    throw new Error(`The interval solver stopped without an answer (${low.status}, ${high.status}).`);
  // The linear relaxation's bounds, rounded inwards, still contain every integer solution.
  const min = Math.ceil(low.result - 1e-6);
  return { min, max: high.status === 'unbounded' ? Number.POSITIVE_INFINITY : Math.floor(high.result + 1e-6) };
}
