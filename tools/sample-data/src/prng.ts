/** Hashes any seed text to 32 bits (FNV-1a) so a word like `acad` can seed the generator. */
export function hashSeed(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A seeded pseudo-random generator (mulberry32). Fast and reproducible; not for secrets.
 * Every sample-data decision goes through one of these so a seed fixes the output bytes.
 */
export class Rng {
  private state: number;

  constructor(readonly seed: string) {
    this.state = hashSeed(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks a value with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** Shuffles in place (Fisher–Yates) and returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /**
   * `count` distinct integers from [0, size) that are not in `excluded`, in draw order.
   * Rejection sampling: callers draw a few percent of a range, so retries are rare.
   */
  distinctIndexes(size: number, count: number, excluded: ReadonlySet<number> = new Set()): number[] {
    if (count > size - excluded.size) throw new RangeError(`Cannot draw ${count} distinct indexes from ${size - excluded.size}`);
    const chosen = new Set<number>();
    while (chosen.size < count) {
      const index = Math.floor(this.next() * size);
      if (!excluded.has(index)) chosen.add(index);
    }
    return [...chosen];
  }

  /** An independent stream for one part of the output, so adding draws in one dataset leaves the others unchanged. */
  fork(label: string): Rng {
    return new Rng(`${this.seed}/${label}`);
  }
}
