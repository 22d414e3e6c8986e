import { hashSeed, Rng } from './prng';

const draw = (rng: Rng, count: number): number[] => Array.from({ length: count }, () => rng.next());

describe('Rng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    expect(draw(new Rng('acad'), 50)).toEqual(draw(new Rng('acad'), 50));
    expect(draw(new Rng('acad'), 50)).not.toEqual(draw(new Rng('acae'), 50));
    expect(hashSeed('acad')).not.toBe(hashSeed('acae'));
  });

  it('draws floats in [0, 1) and integers within inclusive bounds, covering the whole range', () => {
    const rng = new Rng('bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const value = rng.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      seen.add(rng.int(3, 7));
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('picks by weight roughly in proportion', () => {
    const rng = new Rng('weights');
    let heavy = 0;
    for (let i = 0; i < 10_000; i++)
      if (
        rng.weighted([
          ['heavy', 9],
          ['light', 1],
        ]) === 'heavy'
      )
        heavy++;
    expect(heavy / 10_000).toBeGreaterThan(0.87);
    expect(heavy / 10_000).toBeLessThan(0.93);
  });

  it('draws distinct indexes that avoid the excluded ones', () => {
    const indexes = new Rng('distinct').distinctIndexes(100, 50, new Set([0, 1, 2]));
    expect(new Set(indexes).size).toBe(50);
    expect(indexes.some((index) => index < 3 || index >= 100)).toBe(false);
    expect(() => new Rng('x').distinctIndexes(3, 4)).toThrow(RangeError);
  });

  it('forks independent, reproducible streams', () => {
    const root = new Rng('root');
    expect(draw(root.fork('a'), 10)).toEqual(draw(new Rng('root').fork('a'), 10));
    expect(draw(root.fork('a'), 10)).not.toEqual(draw(root.fork('b'), 10));
  });
});
