import { feasibleInterval, type LinearFact } from '@acad/access';

/** One group at the finest grain the attacker reasons about, with its true count (for checking only). */
export interface Atom {
  key: Record<string, string>;
  truth: number;
}

export type Match = Record<string, string | readonly string[] | undefined>;

/** A published number as the attacker reads it: which atoms it sums, and its value (null: suppressed). */
export interface Published {
  label: string;
  match: Match;
  value: number | null;
}

export interface Suspect {
  label: string;
  truth: number;
  min: number;
  max: number;
}

/**
 * The attacker of statistical disclosure control, written apart from the release code: every
 * published count is a linear equation over the true counts of the finest groups, a suppressed one
 * says only that its group is not empty, a rate bounds a ratio of two sums (its rounding), and
 * a count is never negative. `suspects` returns every suppressed number whose exact feasible
 * interval is not wider than the threshold.
 */
export class Attacker {
  private readonly facts: LinearFact[] = [];
  private readonly suppressed: Published[] = [];

  readonly atoms: Atom[];
  private readonly dimensions: Array<[string, readonly string[]]>;

  /**
   * `universe`: every value of every dimension the releases name (the attacker knows the categories,
   * not which of their combinations are empty); `truth`: the true non-empty groups, to check the
   * published values against.
   */
  constructor(universe: Record<string, readonly string[]>, truth: Atom[]) {
    const known = new Map(truth.map((a) => [JSON.stringify(Object.keys(universe).map((k) => a.key[k])), a.truth]));
    let keys: Array<Record<string, string>> = [{}];
    for (const [dimension, values] of Object.entries(universe)) keys = keys.flatMap((k) => values.map((v) => ({ ...k, [dimension]: v })));
    this.atoms = keys.map((key) => ({ key, truth: known.get(JSON.stringify(Object.keys(universe).map((k) => key[k]))) ?? 0 }));
    this.dimensions = Object.entries(universe);
  }

  /** A table that lists every non-empty group of its grain: each combination it does not list is empty. */
  complete(
    fixed: Match,
    dimensions: readonly string[],
    listed: ReadonlyArray<Record<string, string>>,
    universe: Record<string, readonly string[]>,
  ): void {
    let combos: Array<Record<string, string>> = [{}];
    for (const d of dimensions) combos = combos.flatMap((c) => universe[d].map((v) => ({ ...c, [d]: v })));
    const seen = new Set(listed.map((l) => JSON.stringify(dimensions.map((d) => l[d]))));
    for (const c of combos)
      if (!seen.has(JSON.stringify(dimensions.map((d) => c[d]))))
        this.count({ label: `unlisted ${JSON.stringify(c)}`, match: { ...fixed, ...c }, value: 0 });
  }

  /**
   * The atoms a match sums, in order. The atoms are every combination of the universe's values, the
   * first dimension outermost, so they are found from the values each dimension matches (a match
   * is a published number's cell: it is asked for a thousand times over some thousands of atoms).
   */
  private ids(match: Match): number[] {
    const named = new Set(this.dimensions.map(([dimension]) => dimension));
    if (Object.entries(match).some(([k, want]) => want !== undefined && !named.has(k))) return [];
    let ids = [0];
    for (const [dimension, values] of this.dimensions) {
      const want = match[dimension];
      const hits = values.flatMap((v, i) => (want === undefined || (typeof want === 'string' ? v === want : want.includes(v)) ? [i] : []));
      ids = ids.flatMap((id) => hits.map((i) => id * values.length + i));
    }
    return ids;
  }

  private truth(match: Match): number {
    return this.ids(match).reduce((s, i) => s + this.atoms[i].truth, 0);
  }

  count(p: Published): void {
    const terms = this.ids(p.match).map((i) => [`x${i}`, 1] as const);
    if (p.value === null) {
      this.suppressed.push(p);
      this.facts.push({ terms, min: 1 });
      return;
    }
    // A published count that disagrees with the truth is a release bug, not a disclosure.
    if (this.truth(p.match) !== p.value) throw new Error(`${p.label}: published ${p.value}, true ${this.truth(p.match)}`);
    this.facts.push({ terms, min: p.value, max: p.value });
  }

  /** `lower ≤ numerator / denominator ≤ upper`, from a rate published with `decimals` places. */
  rate(numerator: Match, denominator: Match, rate: number | null, decimals: number): void {
    if (rate === null) return;
    const half = 0.5 / 10 ** decimals;
    const part = (m: Match, k: number) => this.ids(m).map((i) => [`x${i}`, k] as const);
    this.facts.push({ terms: [...part(numerator, 1), ...part(denominator, -(rate - half))], min: 0 });
    this.facts.push({ terms: [...part(numerator, 1), ...part(denominator, -(rate + half))], max: 0 });
  }

  /** Extra knowledge: `min ≤ Σ ≤ max`. */
  bound(match: Match, min: number, max?: number): void {
    this.facts.push({ terms: this.ids(match).map((i) => [`x${i}`, 1] as const), min, ...(max === undefined ? {} : { max }) });
  }

  get suppressedCount(): number {
    return this.suppressed.length;
  }

  /** `limit`: at most this many distinct suppressed numbers are solved for (spread over the list), to bound the time. */
  suspects(threshold: number, options: { integer?: boolean; limit?: number } = {}): Suspect[] {
    // Atoms under a published zero are zero: dropping them keeps the programmes small.
    const zero = new Set<string>();
    for (const f of this.facts) if (f.max === 0 && f.min === 0 && f.terms.every(([, k]) => k === 1)) for (const [v] of f.terms) zero.add(v);
    const facts = this.facts.map((f) => ({ ...f, terms: f.terms.filter(([v]) => !zero.has(v)) })).filter((f) => f.terms.length > 0);
    const seen = new Set<string>();
    const out: Suspect[] = [];
    const step = Math.max(1, Math.ceil(this.suppressed.length / (options.limit ?? Number.POSITIVE_INFINITY)));
    for (const p of this.suppressed.filter((_, i) => i % step === 0)) {
      const target = this.ids(p.match)
        .map((i) => [`x${i}`, 1] as const)
        .filter(([v]) => !zero.has(v));
      const key = target.map(([v]) => v).join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      const { min, max } = feasibleInterval(facts, target, { integer: options.integer });
      if (max - min <= threshold) out.push({ label: p.label, truth: this.truth(p.match), min, max });
    }
    return out;
  }
}
