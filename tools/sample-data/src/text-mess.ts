import type { Rng } from './prng';

// Harmless mess that a correct pipeline must absorb (cells are trimmed, enums are
// case-insensitive): it never makes a row invalid on its own.

const PADDINGS: readonly (readonly [string, string])[] = [
  [' ', ''],
  ['', ' '],
  ['  ', ' '],
  ['', '   '],
];

/** With probability `probability`, pads the value with spaces on one or both sides. */
export function withStrayWhitespace(value: string, rng: Rng, probability: number): string {
  if (value === '' || !rng.chance(probability)) return value;
  const [before, after] = rng.pick(PADDINGS);
  return before + value + after;
}

/** With probability `probability`, spells an enum value `Present` or `PRESENT` instead of `present`. */
export function withMixedCase(value: string, rng: Rng, probability: number): string {
  if (!rng.chance(probability)) return value;
  return rng.chance(0.5) ? value.toUpperCase() : value.charAt(0).toUpperCase() + value.slice(1);
}
